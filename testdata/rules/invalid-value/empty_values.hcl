# Empty credentials, at the reseller (directly and per environment) and at
# the company; an empty tax band condition. Blank counts as empty.
reseller "acme" {
  feature_flags = ["dtcm", "refund_protect_group", "conditional_tax_bands"]

  integration "google_maps" {
    api_key = "" # want: invalid-value `^Empty credential "api_key" Give "api_key" a value, preferably secret\("\.\.\."\) when it is a secret, or remove it\.$`
  }
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "   " # want: invalid-value `^Empty credential "client_id"`
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm", "conditional_tax_bands"]
  permissions   = ["manage_integrations"]

  tax_band "reduced" {
    rate      = 5
    condition = "" # want: invalid-value `^Empty condition Remove the condition of tax band "reduced", or write the expression the runtime evaluates\.$`
  }

  integration "dtcm" {
    mode          = "live"
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "" # want: invalid-value `^Empty credential "client_id"`
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
}
