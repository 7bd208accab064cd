# A reseller credential set in an environment the integration does not have.
reseller "acme" {
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
    environment "tset" { # want: invalid-value `^Unknown environment "tset" The credentials of "refund_protect_group" come in the environments "live" and "test"\. Did you mean "test"\?$`
      client_id     = "acme-test"
    }
  }
}
