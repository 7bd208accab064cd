reseller "acme" {
  name = "Acme Tickets"
}

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "google_maps" {}
}
