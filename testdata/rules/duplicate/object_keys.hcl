# A key given twice in an object literal.
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
      AED = 50
      USD = 15
      AED = 60 # want: duplicate `^Duplicate key This key is already set on line 22; each key may appear once\.$`
    }
  }
}
