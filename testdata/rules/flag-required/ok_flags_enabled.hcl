# Integrations with flags enabled on both levels, a tax band condition
# with conditional_tax_bands, and integrations that need no flag at all.
reseller "acme" {
  feature_flags = ["dtcm", "conditional_tax_bands"]

  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm", "conditional_tax_bands"]
  permissions   = ["manage_integrations"]

  tax_band "reduced" {
    rate      = 5
    condition = "event.category == \"culture\""
  }

  integration "dtcm" {
    mode          = "test"
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
  integration "google_maps" {}
}

company "cairo" {
  reseller = "acme"

  tax_band "standard" {
    rate = 14
  }
}
