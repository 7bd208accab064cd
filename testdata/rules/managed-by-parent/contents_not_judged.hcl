# A payment block the parent manages is one finding: it has to go, so what
# it holds (a bad mode, an unknown tax band, a lower-case currency) is not
# judged as well.
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

  integration "refund_protect_group" {}
}

company "dubai-live-kids" {
  reseller            = "acme"
  parent              = "dubai-live"
  global_transactions = true

  integration "refund_protect_group" { # want: managed-by-parent `^Payment integration "refund_protect_group" of "dubai-live-kids" is managed by its parent "dubai-live"`
    mode                = "sometimes"
    tax_band            = "nope"
    minimum_order_value = { aed = -1 }
  }
}
