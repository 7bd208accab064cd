reseller "acme" {
  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }
}

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "google_maps" {}
}
