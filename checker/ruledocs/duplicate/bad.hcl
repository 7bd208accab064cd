reseller "acme" {
  name = "Acme Tickets"
}

reseller "acme" {
  name = "Acme Tickets (copy)"
}
