# The reseller provides only "test", and the only company selects "test":
# the missing "live" set matters to nobody.
reseller "acme" {
  feature_flags = ["refund_protect_group"]

  integration "refund_protect_group" {
    environment "test" {
      client_id     = "acme-test"
      client_secret = secret("acme/rpg-test-secret")
      api_key       = secret("acme/rpg-test-key")
      vendor_code   = "ACM01T"
    }
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {
    environment = "test"
  }
}
