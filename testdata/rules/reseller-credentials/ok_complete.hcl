# Every integration the companies enable has complete reseller credentials
# for the environment each company selects, including the default one; an
# integration that needs no reseller credentials (dtcm) needs no block.
reseller "acme" {
  feature_flags = ["refund_protect_group", "dtcm"]

  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }
  integration "apple_login" {
    client_id      = "com.acme.tickets"
    private_key    = secret("acme/apple-p8")
    private_key_id = "KEY123"
    team_id        = "TEAM123"
  }
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group", "dtcm"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "google_maps" {}
  integration "apple_login" {}
  integration "refund_protect_group" {}
  integration "dtcm" {
    mode          = "test"
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
}
