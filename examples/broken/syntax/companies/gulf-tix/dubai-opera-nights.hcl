# The other files are still checked: one broken file does not hide the
# findings of the rest (this one has none).
company "dubai-opera-nights" {
  name          = "Dubai Opera Nights"
  reseller      = "gulf-tix"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]
}
