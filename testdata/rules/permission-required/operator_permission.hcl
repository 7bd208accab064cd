# An operator permission required for all integrations applies to the
# built-in ones too; an operator type may list its own permissions.
permission "manage_marketing" {
  description  = "Marketing tools."
  required_for = "all_integrations"
}

integration_type "mailchimp" {
  category    = "marketing"
  permissions = ["manage_marketing"]

  reseller {
    credential "api_key" {
      secret = true
    }
  }
}

reseller "acme" {
  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }
  integration "mailchimp" {
    api_key = secret("acme/mailchimp")
  }
}

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "google_maps" {} # want: permission-required `lacks the permission "manage_marketing"; google_maps needs "manage_integrations" and "manage_marketing"`
  integration "mailchimp" {}   # want: permission-required `lacks the permission "manage_marketing"; mailchimp needs "manage_marketing"`
}
