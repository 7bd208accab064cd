reseller "acme" {
  name = "Acme Tickets"
}

company "dubai-live" {
  reseller = "acmee"
}
