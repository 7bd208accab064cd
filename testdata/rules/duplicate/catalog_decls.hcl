# Operator catalog declarations: against each other, against the built-in
# catalog (no related range: the built-in catalog is not the author's), and
# inside one declaration.
feature_flag "dtcm" { # want: duplicate `^Duplicate feature flag "dtcm" The feature flag "dtcm" is part of the built-in catalog \(see .tixcfg catalog.\); choose another ID for your own\.$`
  description = "Mine."
}

feature_flag "early_access" {
  description    = "Early access sales."
  conflicts_with = ["szamlazz", "szamlazz"] # want: duplicate `^Duplicate feature flag "szamlazz" .* in conflicts_with of "early_access"`
}

feature_flag "early_access" { # want: duplicate `^Duplicate feature flag "early_access" .* in this portfolio at catalog_decls\.hcl:8:1;`
  description = "Again."
}

permission "manage_payments" { # want: duplicate `^Duplicate permission "manage_payments" .* part of the built-in catalog`
  required_for = "payment_integrations"
}

permission "manage_marketing" {
  required_for = "all_integrations"
}

permission "manage_marketing" { # want: duplicate `Duplicate permission "manage_marketing"`
  required_for = "all_integrations"
}

integration_type "google_maps" { # want: duplicate `^Duplicate integration type "google_maps" .* part of the built-in catalog`
  category = "platform_service"
}

integration_type "mailchimp" {
  category    = "marketing"
  permissions = ["manage_marketing", "manage_marketing"] # want: duplicate `^Duplicate permission "manage_marketing" .* in the permissions of "mailchimp"`

  reseller {
    environments = ["live", "live"] # want: duplicate `^Duplicate environment "live" .* in the environments of "mailchimp"`

    credential "api_key" {
      secret = true
    }
    credential "api_key" { # want: duplicate `^Duplicate reseller credential "api_key" .* in integration type "mailchimp"`
      secret = true
    }
  }

  company {
    credential "list_id" {}
    setting "list_id" { # want: duplicate `^Duplicate company setting or credential "list_id" .* in integration type "mailchimp"`
    }
  }
  company { # want: duplicate `^Duplicate company block An integration type has at most one company block; merge the two\.$`
  }
}

integration_type "mailchimp" { # want: duplicate `^Duplicate integration type "mailchimp" .* at catalog_decls\.hcl:33:1;`
  category = "marketing"
}
