# tixcfg baseline write --prune dropped the entry of the finding fixed.
reseller "acme" {
  feature_flags = ["dtcm"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]

  integration "dtcm" {
    mode          = "live"
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
}
