# References to the catalog: feature flags, permissions and integration
# types, at the reseller and at the company.
reseller "acme" {
  feature_flags = ["dtcm", "refund_protection_group"] # want: unknown-reference `^Unknown feature flag "refund_protection_group" No feature flag "refund_protection_group" is defined \(see .tixcfg catalog.; declare your own with a feature_flag block\)\. Did you mean "refund_protect_group"\?$`

  integration "google_map" { # want: unknown-reference `^Unknown integration type "google_map" .*declare your own with an integration_type block\)\. Did you mean "google_maps"\?$`
    api_key = secret("acme/google-maps")
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["DTCM"] # want: unknown-reference `Unknown feature flag "DTCM".*Did you mean "dtcm"\?`
  permissions   = ["manage_integration", "admin"] # want: unknown-reference `Unknown permission "manage_integration".*declare your own with a permission block\)\. Did you mean "manage_integrations"\?` unknown-reference `^Unknown permission "admin" No permission "admin" is defined \(see .tixcfg catalog.; declare your own with a permission block\)\.$`

  integration "stripe" { # want: unknown-reference `^Unknown integration type "stripe"`
    api_key = secret("dubai-live/stripe")
  }
}
