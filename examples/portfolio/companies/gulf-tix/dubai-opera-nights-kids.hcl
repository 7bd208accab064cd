# Matinees for families, run as a child company of Dubai Opera Nights.
company "dubai-opera-nights-kids" {
  name     = "Dubai Opera Nights: Kids' Matinees"
  reseller = "gulf-tix"
  parent   = "dubai-opera-nights"

  # Payments are settled by the parent: the parent's payment integrations
  # (here refund_protect_group) apply to this company as they are, so it
  # configures none itself. Non-payment integrations are its own.
  global_transactions = true

  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]

  # The matinees are registered with DTCM separately, still in DTCM's test
  # system while the new seller code is approved.
  integration "dtcm" {
    mode          = "test"
    api_key       = secret("gulf-tix/dubai-opera-nights-kids/dtcm/api-key")
    token_api_key = secret("gulf-tix/dubai-opera-nights-kids/dtcm/token-api-key")
    client_id     = "DON-2291-K"
    client_secret = secret("gulf-tix/dubai-opera-nights-kids/dtcm/client-secret")
    seller_code   = "SELL4418"
  }

  integration "google_maps" {
    dynamic_maps = true
  }
}
