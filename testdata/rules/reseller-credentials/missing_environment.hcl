# refund_protect_group has a credential set per environment. The company
# selects "test" but the reseller only provides "live".
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

  integration "refund_protect_group" { # want: reseller-credentials `Company "dubai-live" cannot enable refund_protect_group: reseller "acme" provides no "test" credential set`
    environment = "test"
  }
}
