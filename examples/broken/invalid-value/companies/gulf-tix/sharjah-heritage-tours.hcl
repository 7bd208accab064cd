company "sharjah-heritage-tours" {
  name          = "Sharjah Heritage Tours"
  reseller      = "gulf-tix"
  feature_flags = ["dtcm", "refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  tax_band "standard" {
    rate = 5
  }

  integration "dtcm" {
    mode          = "production" # want: invalid-value
    api_key       = secret("gulf-tix/sharjah-heritage-tours/dtcm/api-key")
    token_api_key = secret("gulf-tix/sharjah-heritage-tours/dtcm/token-api-key")
    client_id     = "SHT-3310"
    client_secret = secret("gulf-tix/sharjah-heritage-tours/dtcm/client-secret")
    seller_code   = "SELL8802"
  }

  integration "refund_protect_group" {
    mode        = "anonymous"
    environment = "staging" # want: invalid-value
    minimum_order_value = {
      AED = 25
      JPY = 1999.5 # want: invalid-value
      usd = 7.5    # want: invalid-value
    }
    tax_band       = "standard"
    deadline_hours = 9000 # want: invalid-value
  }
}
