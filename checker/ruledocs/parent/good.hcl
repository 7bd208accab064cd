reseller "acme" {}

company "dubai-live" {
  reseller = "acme"
}

company "dubai-live-kids" {
  reseller = "acme"
  parent   = "dubai-live"
}
