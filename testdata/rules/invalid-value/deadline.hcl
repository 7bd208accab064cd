# deadline_hours: a whole number of hours from 0 to 8760 (a year).
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

  integration "refund_protect_group" {
    deadline_hours = 8761 # want: invalid-value `^Value too large deadline_hours is 8761; the largest value allowed is 8760\.$`
  }
}

company "cairo" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {
    deadline_hours = -1 # want: invalid-value `^Negative value deadline_hours is -1; the smallest value allowed is 0\.$`
  }
}

company "alexandria" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {
    deadline_hours = 12.5 # want: invalid-value `^Whole number expected deadline_hours is 12\.5; it must be a whole number\.$`
  }
}
