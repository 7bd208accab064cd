# Checked with check --baseline .tixcfg-baseline.json, which still holds
#   { "rule": "flag-required", "place": "company/dubai-live/integration/dtcm",
#     "message": "Integration \"dtcm\" needs the feature flag \"dtcm\" on company \"dubai-live\"",
#     "count": 1 }
# but the company now has the flag: the entry matches nothing.
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
