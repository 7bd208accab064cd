# A summer open-air theatre festival. Its catering is taxed differently from
# its tickets, which takes conditional tax bands; that rules out Számlázz.hu
# on this company, so it invoices from its own accounting system.
company "szeged-open-air" {
  name          = "Szeged Open-Air Festival"
  reseller      = "jegyhaz"
  feature_flags = ["conditional_tax_bands"]
  permissions   = ["manage_integrations"]

  tax_band "afa27" {
    rate = 27
  }

  # Applies only where the runtime finds the condition true.
  tax_band "afa18-catering" {
    rate      = 18
    condition = "line_item.category == 'catering'"
  }

  integration "vatstack" {}
  integration "facebook_login" {}
}
