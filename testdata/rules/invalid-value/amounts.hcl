# minimum_order_value: ISO 4217 codes in current use, upper case, amounts
# not negative and with no more decimals than the currency has.
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
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {
    minimum_order_value = {
      aed = 50     # want: invalid-value `^Unknown currency "aed" The keys of "minimum_order_value" are ISO 4217 currency codes in current use, such as "AED" or "USD"\. ISO 4217 codes are upper case: "AED"\.$`
      XYZ = 10     # want: invalid-value `^Unknown currency "XYZ" `
      USDD = 10    # want: invalid-value `^Unknown currency "USDD" .* Did you mean "USD"\?$`
      EUR = -5     # want: invalid-value `^Negative value minimum_order_value\.EUR is -5; the smallest value allowed is 0\.$`
      USD = 15.555 # want: invalid-value `^Too many decimal places minimum_order_value\.USD is 15\.555, but USD amounts have 2 decimal places\.$`
      JPY = 100.5  # want: invalid-value `JPY amounts have 0 decimal places\.`
      KWD = 1.2345 # want: invalid-value `KWD amounts have 3 decimal places\.`
    }
  }
}
