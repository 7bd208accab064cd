# Everything in its place: every attribute known, values of the right
# type, null counting as absent, strings that look like interpolation
# escaped, parentheses around literals.
reseller "acme" {
  name          = "Acme $${not interpolated} Tickets"
  feature_flags = ["dtcm", "refund_protect_group"]

  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
  }
}

company "dubai-live" {
  name                = null
  reseller            = ("acme")
  global_transactions = false
  feature_flags       = ["dtcm", "refund_protect_group"]
  permissions         = ["manage_integrations", "manage_payments"]

  tax_band "standard" {
    rate = 5.5
  }

  integration "google_maps" {
    dynamic_maps = true
    map_theme    = "dark"
  }
  integration "refund_protect_group" {
    mode                = "anonymous"
    environment         = "live"
    opt_in_required     = false
    minimum_order_value = { AED = 50, "USD" = 15.5 }
    tax_band            = "standard"
    deadline_hours      = 48
  }
  integration "dtcm" {
    mode          = "test"
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
}
