# Dubai Live moved here from portfolio.hcl.

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "google_maps" {}

  integration "dtcm" {
    mode          = "live"
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
}
