# The baseline accepts the flag-required finding of dtcm, and holds an
# entry for a permission-required finding that is fixed: cairo has the
# permission now. google_maps is new: the only finding reported besides
# the stale entry.
# want@.tixcfg-baseline.json:12: stale-baseline "Stale baseline entry for permission-required at company/cairo/integration/google_maps.*No permission-required finding"
reseller "acme" {
  feature_flags = ["dtcm"]
}

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "dtcm" {
    mode          = "live"
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
  integration "google_maps" {} # want: reseller-credentials "lacks the google_maps credentials"
}

company "cairo" {
  reseller    = "acme"
  permissions = ["manage_integrations"]
}
