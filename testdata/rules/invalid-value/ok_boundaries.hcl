# Values at the edges of what is allowed.
reseller "acme" {
  feature_flags = ["refund_protect_group"]

  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
    environment "test" {
      client_id     = "acme-test"
      client_secret = secret("acme/rpg-test-secret")
      api_key       = secret("acme/rpg-test-key")
      vendor_code   = "ACM01T"
    }
  }
  integration "misr_sms" {
    api_key     = secret("acme/misr-sms")
    sender_name = "ACME"
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  tax_band "zero" {
    rate = 0
  }
  tax_band "all" {
    rate = 100
  }

  integration "refund_protect_group" {
    mode                = "standard"
    environment         = "test"
    minimum_order_value = { AED = 0, USD = 15.5, EUR = 10.25, JPY = 500, KWD = 1.125, GBP = 1e2 }
    tax_band            = "zero"
    deadline_hours      = 8760
  }
  integration "misr_sms" {
    notify_on = []
  }
}

company "cairo" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {
    deadline_hours = 0
    mode           = "anonymous"
  }
}

integration_type "mailchimp" {
  category = "marketing"

  reseller {
    environments = ["prod", "sandbox"]

    credential "api_key" {
      secret = true
    }
  }

  company {
    setting "account" {
      selects_environment = true
      default             = "prod"
    }
    setting "send_hour" {
      type    = number
      integer = true
      minimum = 0
      maximum = 23
      default = 9
    }
  }
}
