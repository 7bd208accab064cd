# Stand-up nights in Abu Dhabi. The club refunds cancelled shows from its own
# box office, so it uses manual refund protection instead of Refund Protect
# Group (the two may not be active on one company).
company "abu-dhabi-comedy-club" {
  name          = "Abu Dhabi Comedy Club"
  reseller      = "gulf-tix"
  feature_flags = ["dtcm", "manual_refund_protection"]
  permissions   = ["manage_integrations"]

  # Onboarding with DTCM: test mode until the first event is approved.
  integration "dtcm" {
    mode          = "test"
    api_key       = secret("gulf-tix/abu-dhabi-comedy-club/dtcm/api-key")
    token_api_key = secret("gulf-tix/abu-dhabi-comedy-club/dtcm/token-api-key")
    client_id     = "ADCC-0178"
    client_secret = secret("gulf-tix/abu-dhabi-comedy-club/dtcm/client-secret")
    seller_code   = "SELL5120"
  }

  # Static map images are enough for a single venue.
  integration "google_maps" {
    dynamic_maps = false
  }

  integration "what3words" {}
}
