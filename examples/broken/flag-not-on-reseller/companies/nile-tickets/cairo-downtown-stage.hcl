# The venue is touring a show to Dubai and turned on DTCM for it, but its
# reseller was never given the flag.
company "cairo-downtown-stage" {
  name          = "Cairo Downtown Stage"
  reseller      = "nile-tickets"
  feature_flags = ["dtcm"] # want: flag-not-on-reseller
  permissions   = ["manage_integrations"]

  integration "dtcm" {
    mode          = "test"
    api_key       = secret("nile-tickets/cairo-downtown-stage/dtcm/api-key")
    token_api_key = secret("nile-tickets/cairo-downtown-stage/dtcm/token-api-key")
    client_id     = "CDS-0907"
    client_secret = secret("nile-tickets/cairo-downtown-stage/dtcm/client-secret")
    seller_code   = "SELL7731"
  }

  integration "misr_sms" {
    notify_on = ["approval", "rejection"]
  }
}
