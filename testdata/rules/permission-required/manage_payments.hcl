# A payment integration also needs manage_payments; a company that lacks
# both permissions hears about both at once.
reseller "acme" {
  feature_flags = ["refund_protect_group", "szamlazz"]

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
  permissions   = ["manage_integrations"]

  integration "refund_protect_group" {} # want: permission-required `lacks the permission "manage_payments"; refund_protect_group needs "manage_integrations" and "manage_payments"`
}

company "budapest" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
  permissions   = []

  integration "szamlazz" { # want: permission-required `lacks the permissions "manage_integrations" and "manage_payments"`
    agent_key = secret("budapest/szamlazz")
  }
}
