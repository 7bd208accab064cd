reseller "acme" {}

company "dubai-live" {
  reseller = "acme"
  parent   = "dubai-live-kids"
}

company "dubai-live-kids" {
  reseller = "acme"
  parent   = "dubai-live"
}
