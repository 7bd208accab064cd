# Concerts at the foot of the pyramids, every seat numbered.
company "giza-plateau-concerts" {
  name          = "Giza Plateau Concerts"
  reseller      = "nile-tickets"
  feature_flags = ["reserved_seating"]
  permissions   = ["manage_integrations", "manage_venues"]

  integration "seatplan" {
    chart_key = "giza-plateau-amphitheatre"
  }

  integration "what3words" {}
  integration "twitter_login" {}
  integration "facebook_login" {}
}
