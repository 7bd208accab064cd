reseller "acme" {
  feature_flags = ["dtcm"]
}
