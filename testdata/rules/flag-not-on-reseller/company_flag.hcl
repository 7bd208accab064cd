# The finding points at the list element, and the integration that needs
# the flag is not reported again by flag-required: the reseller is the
# root cause.
reseller "acme" {
  feature_flags = ["refund_protect_group"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group", "dtcm"] # want: flag-not-on-reseller `^Feature flag "dtcm" is not enabled on reseller "acme" .*add "dtcm" to the feature_flags of reseller "acme"`
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
