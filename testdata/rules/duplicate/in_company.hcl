# Tax bands, integration blocks and list items are unique within their
# company; each later occurrence is reported, related to the first.
reseller "acme" {
  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = []
  permissions   = ["manage_integrations", "manage_integrations"] # want: duplicate `^Duplicate permission "manage_integrations" The permission "manage_integrations" is already defined in the permissions of company "dubai-live" at in_company\.hcl:12:20;`

  tax_band "standard" {
    rate = 5
  }
  tax_band "standard" { # want: duplicate `^Duplicate tax band "standard" .* in company "dubai-live" at in_company\.hcl:14:3;`
    rate = 5
  }
  tax_band "standard" { # want: duplicate `^Duplicate tax band "standard" .* at in_company\.hcl:14:3;`
    rate = 10
  }

  integration "google_maps" {}
  integration "google_maps" { # want: duplicate `^Duplicate integration block "google_maps" .* in company "dubai-live" at in_company\.hcl:24:3;`
    dynamic_maps = true
  }
}
