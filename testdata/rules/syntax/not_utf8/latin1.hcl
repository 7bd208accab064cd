reseller "acme" {
  name = "Acme ÿ Tickets"
}
