reseller "acme" {
  name = "Acme Tickets"
}
