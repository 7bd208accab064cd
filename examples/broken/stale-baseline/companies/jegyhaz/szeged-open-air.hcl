company "szeged-open-air" {
  name        = "Szeged Open-Air Festival"
  reseller    = "jegyhaz"
  permissions = ["manage_integrations"]

  tax_band "afa27" {
    rate = 27
  }

  # A condition is a conditional tax band, which takes a feature flag.
  tax_band "afa18-catering" {
    rate      = 18
    condition = "line_item.category == 'catering'"
  }
}
