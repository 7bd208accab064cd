# Everything referred to is defined: resellers and parents in other
# orders, operator flags, permissions and types, the company's tax band.
feature_flag "early_access" {
  conflicts_with = ["szamlazz"]
}

permission "manage_marketing" {
  required_for = "all_integrations"
}

integration_type "mailchimp" {
  category     = "marketing"
  feature_flag = "early_access"
  permissions  = ["manage_marketing"]
}

company "dubai-live-kids" {
  reseller = "acme"
  parent   = "dubai-live"
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["early_access", "refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments", "manage_marketing"]

  tax_band "standard" {
    rate = 5
  }

  integration "mailchimp" {}
  integration "refund_protect_group" {
    tax_band = "standard"
  }
}

reseller "acme" {
  feature_flags = ["early_access", "refund_protect_group"]

  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
  }
}
