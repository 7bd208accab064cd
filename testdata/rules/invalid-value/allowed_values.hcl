# Settings with a list of allowed values, and the environment that must be
# one of the reseller's credential sets. An environment that does not
# exist is only this finding: no reseller could provide its credentials.
reseller "acme" {
  feature_flags = ["dtcm", "refund_protect_group"]

  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
  }
  integration "misr_sms" {
    api_key     = secret("acme/misr-sms")
    sender_name = "ACME"
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm", "refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "dtcm" {
    mode          = "production" # want: invalid-value `^Invalid value for "mode" "production" is not allowed: "mode" must be one of "live" and "test"\.$`
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
  integration "refund_protect_group" {
    mode        = "anonymus" # want: invalid-value `"anonymus" is not allowed: "mode" must be one of "standard" and "anonymous"\. Did you mean "anonymous"\?`
    environment = "staging" # want: invalid-value `^Invalid environment for "environment" "staging" is not allowed: "environment" must be one of "live" and "test"\.$`
  }
  integration "misr_sms" {
    notify_on = ["approval", "refund"] # want: invalid-value `^Invalid value for "notify_on" "refund" is not allowed: "notify_on" must be one of "approval" and "rejection"\.$`
  }
}
