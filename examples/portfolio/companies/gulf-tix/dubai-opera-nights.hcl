# The flagship: opera and ballet nights in Downtown Dubai. Uses nearly
# every integration its reseller offers.
company "dubai-opera-nights" {
  name          = "Dubai Opera Nights"
  reseller      = "gulf-tix"
  feature_flags = ["dtcm", "refund_protect_group", "reserved_seating"]
  permissions   = ["manage_integrations", "manage_payments", "manage_venues"]

  # UAE VAT.
  tax_band "vat" {
    rate = 5
  }

  integration "dtcm" {
    mode          = "live"
    api_key       = secret("gulf-tix/dubai-opera-nights/dtcm/api-key")
    token_api_key = secret("gulf-tix/dubai-opera-nights/dtcm/token-api-key")
    client_id     = "DON-2291"
    client_secret = secret("gulf-tix/dubai-opera-nights/dtcm/client-secret")
    seller_code   = "SELL4417"
  }

  integration "refund_protect_group" {
    mode            = "standard"
    environment     = "live"
    opt_in_required = false
    # Amounts follow each currency's minor units: fils for AED, cents for USD.
    minimum_order_value = {
      AED = 50
      USD = 15.5
    }
    tax_band       = "vat"
    deadline_hours = 48
  }

  integration "google_maps" {
    dynamic_maps = true
    map_theme    = "night"
  }

  integration "apple_login" {}
  integration "google_login" {}

  integration "seatplan" {
    chart_key    = "dubai-opera-main-hall"
    hold_minutes = 10
    booking_fee  = { AED = 7.5 }
  }

  # Once in, patrons stay in: reentry keeps its default, "never".
  integration "gatescan" {
    environment            = "production"
    device_enrolment_token = secret("gulf-tix/dubai-opera-nights/gatescan-enrolment")
    entry_gates            = ["Main Foyer", "Boulevard Entrance"]
  }
}
