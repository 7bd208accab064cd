# refund_protect_group's tax_band setting names one of the company's own
# tax bands; a band of another company does not count.
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

  tax_band "standard" {
    rate = 5
  }
  tax_band "reduced" {
    rate = 0
  }

  integration "refund_protect_group" {
    tax_band = "standrd" # want: unknown-reference `^Unknown tax band "standrd" No tax band "standrd" is defined in company "dubai-live" \(it has "standard" and "reduced"\)\. Did you mean "standard"\?$`
  }
}

company "cairo" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {
    tax_band = "standard" # want: unknown-reference `^Unknown tax band "standard" No tax band "standard" is defined in company "cairo" \(it has none\)\.$`
  }
}
