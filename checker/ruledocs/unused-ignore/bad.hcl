reseller "acme" {
  # tixcfg:ignore credential-literal -- rotated weekly by the ops script
  name = "Acme Tickets"
}
