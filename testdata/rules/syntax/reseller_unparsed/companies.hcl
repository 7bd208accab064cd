# The company's own errors are still reported.
company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations", "manage_integration"] # want: unknown-reference `Unknown permission "manage_integration"`

  integration "google_maps" {}
}
