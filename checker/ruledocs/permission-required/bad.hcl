reseller "acme" {
  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }
}

company "dubai-live" {
  reseller = "acme"

  integration "google_maps" {}
}
