# Operator catalog declarations must be consistent with themselves.
permission "manage_marketing" {
  required_for = "some_integrations" # want: invalid-value `^Invalid required_for "some_integrations" required_for must be one of "all_integrations" and "payment_integrations"\.`
}

feature_flag "early_access" {
  enables = ["tax_band.rate"] # want: invalid-value `^Unknown language feature "tax_band.rate" A flag.s enables lists language features it gates: "tax_band.condition"\.$`
}

integration_type "mailchimp" {
  category = "marketing"

  company {
    setting "region" {
      allowed = ["eu", "us"]
      default = "asia" # want: invalid-value `^Invalid value for "region" "asia" is not allowed: "region" must be one of "eu" and "us"\.$`
    }
    setting "currency_limits" {
      type = map(number)
      keys = "iso3166" # want: invalid-value `^Invalid keys "iso3166" keys must be one of "iso4217"\.`
    }
    setting "send_hour" {
      type    = number
      minimum = 23
      maximum = 0 # want: invalid-value `^Empty range The maximum of "send_hour" is below its minimum\.$`
    }
    setting "list" {
      minimum    = 1 # want: invalid-value `^"minimum" does not apply to setting "list" "minimum" applies only to number settings; "list" is a string\.$`
      references = "company" # want: invalid-value `^Invalid references "company" references must be one of "tax_band"\.`
    }
    setting "double_opt_in" {
      type    = bool
      default = "maybe" # want: invalid-value `^Default of the wrong type The default of "double_opt_in" must be true or false\.$`
    }
    setting "batch_size" {
      type    = number
      integer = true
      minimum = 1
      default = 0.5 # want: invalid-value `^Value too small batch_size is 0\.5; the smallest value allowed is 1\.$`
    }
    setting "sandbox" {
      selects_environment = true # want: invalid-value `^No environments to select Setting "sandbox" selects a reseller environment, but the integration type declares no reseller environments\.$`
    }
  }
}

feature_flag "in_house_invoicing" {
  conflicts_with = ["szamlazz", "in_house_invoicing"] # want: invalid-value `^Feature flag "in_house_invoicing" conflicts with itself conflicts_with lists the flags`
}
