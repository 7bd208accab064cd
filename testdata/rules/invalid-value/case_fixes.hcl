# A value that is one allowed value in another case, and a currency code in
# lower case, get the safe fix of writing them as allowed.
reseller "acme" {
  feature_flags = ["refund_protect_group"]

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
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {
    mode = "Standard" # want: invalid-value `^Invalid value for "mode" "Standard" is not allowed`
    minimum_order_value = {
      usd   = 10 # want: invalid-value `^Unknown currency "usd" .* ISO 4217 codes are upper case: "USD"\.$`
      "aed" = 25 # want: invalid-value `^Unknown currency "aed"`
      eur   = 5  # want: invalid-value `^Unknown currency "eur"`
      EUR   = 5
    }
  }
  integration "misr_sms" {
    notify_on = ["Approval", "rejection"] # want: invalid-value `^Invalid value for "notify_on" "Approval" is not allowed`
  }
}
