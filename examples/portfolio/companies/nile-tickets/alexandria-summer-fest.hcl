# Beach concerts in Alexandria with a seated front section.
company "alexandria-summer-fest" {
  name          = "Alexandria Summer Fest"
  reseller      = "nile-tickets"
  feature_flags = ["reserved_seating"]
  permissions   = ["manage_integrations", "manage_venues"]

  # Approvals are sent by e-mail; only rejections go out by SMS.
  integration "misr_sms" {
    notify_on = ["rejection"]
  }

  integration "seatplan" {
    chart_key    = "alex-corniche-front"
    hold_minutes = 20
    booking_fee = {
      EGP = 25
      USD = 0.5
    }
  }

  integration "what3words" {}
  integration "apple_login" {}
}
