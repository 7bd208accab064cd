# A downtown Cairo music venue. Orders above the card limit wait for
# approval; the customer hears either way by SMS.
company "cairo-downtown-stage" {
  name        = "Cairo Downtown Stage"
  reseller    = "nile-tickets"
  permissions = ["manage_integrations"]

  integration "misr_sms" {
    notify_on = ["approval", "rejection"]
  }

  integration "google_maps" {
    dynamic_maps = true
    map_theme    = "nile-blue"
  }

  integration "facebook_login" {}
  integration "twitter_login" {}
}
