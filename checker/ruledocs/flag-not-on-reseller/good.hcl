reseller "acme" {
  feature_flags = ["dtcm"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
}
