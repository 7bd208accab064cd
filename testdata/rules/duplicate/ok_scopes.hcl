# The same ID in different scopes is no duplicate: a reseller and a company
# both "acme", a tax band "standard" in two companies, google_maps at the
# reseller and at a company, "live" in two integrations' environments, and
# the same key in two objects.
reseller "acme" {
  feature_flags = ["refund_protect_group"]

  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
  }
}

reseller "globex" {
  feature_flags = ["refund_protect_group"]

  integration "refund_protect_group" {
    environment "live" {
      client_id     = "globex-live"
      client_secret = secret("globex/rpg-live-secret")
      api_key       = secret("globex/rpg-live-key")
      vendor_code   = "GLX01"
    }
  }
}

company "acme" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  tax_band "standard" {
    rate = 5
  }

  integration "google_maps" {}
  integration "refund_protect_group" {
    minimum_order_value = { AED = 50 }
    tax_band            = "standard"
  }
}

company "globex-cairo" {
  reseller      = "globex"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  tax_band "standard" {
    rate = 14
  }

  integration "refund_protect_group" {
    minimum_order_value = { AED = 50 }
    tax_band            = "standard"
  }
}
