reseller "gulf-tix" {
  name          = "Gulf Tix FZ-LLC"
  feature_flags = ["refund_protect_group"]

  integration "refund_protect_group" {
    environment "live" {
      client_id     = "gulftix-live"
      client_secret = secret("gulf-tix/rpg/live/client-secret")
      api_key       = secret("gulf-tix/rpg/live/api-key")
      vendor_code   = "GTX01"
    }
  }
}
