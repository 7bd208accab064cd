# The reseller's "test" set lacks vendor_code: incomplete-credentials
# reports the set itself, reseller-credentials every company that uses it.
reseller "acme" {
  feature_flags = ["refund_protect_group"]

  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
    environment "test" { # want: incomplete-credentials `lack vendor_code`
      client_id     = "acme-test"
      client_secret = secret("acme/rpg-test-secret")
      api_key       = secret("acme/rpg-test-key")
    }
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" { # want: reseller-credentials `the refund_protect_group credentials \(test\) of reseller "acme" lack vendor_code`
    environment = "test"
  }
}

company "cairo" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {
    environment = "live"
  }
}
