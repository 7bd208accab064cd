# A reseller holding both flags, companies each picking one side, a child
# WITHOUT global transactions picking the other side from its parent, and a
# global-transactions child whose parent has refund_protect_group only as a
# flag (it runs no integration, so nothing is inherited).
reseller "acme" {
  feature_flags = ["refund_protect_group", "manual_refund_protection", "szamlazz", "conditional_tax_bands"]

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
  feature_flags = ["refund_protect_group", "szamlazz"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {}
}

company "dubai-live-arena" {
  reseller      = "acme"
  parent        = "dubai-live"
  feature_flags = ["manual_refund_protection", "conditional_tax_bands"]
}

company "abu-dhabi" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
}

company "abu-dhabi-kids" {
  reseller            = "acme"
  parent              = "abu-dhabi"
  global_transactions = true
  feature_flags       = ["manual_refund_protection"]
}
