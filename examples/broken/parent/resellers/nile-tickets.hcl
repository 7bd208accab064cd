reseller "nile-tickets" {
  name = "Nile Tickets S.A.E."
}
