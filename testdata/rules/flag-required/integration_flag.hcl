# The reseller has dtcm, the company does not: the message says so.
reseller "acme" {
  feature_flags = ["dtcm"]
}

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "dtcm" { # want: flag-required `^Integration "dtcm" needs the feature flag "dtcm" on company "dubai-live" Reseller "acme" has it: add "dtcm" to the feature_flags of company "dubai-live"\.$`
    mode          = "live"
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
}
