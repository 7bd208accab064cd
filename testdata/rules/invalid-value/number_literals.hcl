# Number literals beyond 40 significant digits or a decimal exponent of
# ±400 are refused as written, before anything converts them: formatting
# 1e-999999 exactly would take hours. Messages show at most 20 digits.
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

  tax_band "tiny" {
    rate = 1e-999999 # want: invalid-value `^Number out of range The number 1e-999999 is too large or too small: a number may have at most 40 significant digits and a decimal exponent between -400 and 400; it was not read\.$`
  }
  tax_band "huge" {
    rate = -1e401 # want: invalid-value `^Number out of range The number 1e401 is`
  }
  tax_band "long" {
    rate = 1.00000000000000000000000000000000000000001 # want: invalid-value `^Number too precise The number 1\.0000000000000000000… has 42 significant digits`
  }
  tax_band "wide" {
    rate = 12345678901234567890123456789012345678901234567890 # want: invalid-value `^Number too precise The number 12345678901234567890… has 49 significant digits`
  }
  tax_band "edge" {
    rate = 0.1e-399
  }

  integration "refund_protect_group" {
    minimum_order_value = { AED = 1e-999999 } # want: invalid-value `^Number out of range The number 1e-999999`
    deadline_hours      = 1e99999999          # want: invalid-value `^Number out of range The number 1e99999999 `
  }
}
