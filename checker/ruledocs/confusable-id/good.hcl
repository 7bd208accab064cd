reseller "acme" {
  name = "Acme Tickets"
}

reseller "acme-events" {
  name = "Acme Events"
}
