# A global-transactions child whose parent runs refund_protect_group may
# not enable manual_refund_protection: the subject is the child's flag,
# the related range the parent's integration block.
reseller "acme" {
  feature_flags = ["refund_protect_group", "manual_refund_protection"]

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
  feature_flags       = ["manual_refund_protection"] # want: conflict `^"manual_refund_protection" conflicts with "refund_protect_group" on company "dubai-live-kids" .*"refund_protect_group" because it runs on "dubai-live", whose payment integrations apply through global transactions`
}
