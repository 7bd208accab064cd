reseller "acme" {
  feature_flags = []
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
}
