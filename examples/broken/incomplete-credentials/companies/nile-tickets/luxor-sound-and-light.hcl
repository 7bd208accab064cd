# No company enables apple_login yet: the incomplete credential set is
# reported on the reseller, before anyone depends on it.
company "luxor-sound-and-light" {
  name        = "Luxor Sound and Light"
  reseller    = "nile-tickets"
  permissions = ["manage_integrations"]

  integration "misr_sms" {}
}
