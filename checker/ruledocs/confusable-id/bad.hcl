reseller "acme" {
  name = "Acme Tickets"
}

reseller "аcme" {
  name = "Acme Tickets (Cyrillic a)"
}
