# The first "acme" and the first "dubai-live", by file path.
reseller "acme" {
  name = "Acme Tickets"
}

company "dubai-live" {
  reseller = "acme"
}
