reseller "acme" {
  feature_flags = ["refund_protect_group", "dtcm", "refund_protect_group"] # want: duplicate `^Duplicate feature flag "refund_protect_group" .* in the feature_flags of reseller "acme" at in_reseller\.hcl:2:20;`

  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
    environment "live" { # want: duplicate `^Duplicate environment "live" .* in integration "refund_protect_group" of reseller "acme" at in_reseller\.hcl:5:5;`
      client_id     = "acme-live-2"
      client_secret = secret("acme/rpg-live-secret-2")
      api_key       = secret("acme/rpg-live-key-2")
      vendor_code   = "ACM02"
    }
  }
  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }
  integration "google_maps" { # want: duplicate `^Duplicate integration block "google_maps" .* in reseller "acme" at in_reseller\.hcl:18:3;`
    api_key = secret("acme/google-maps-2")
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm", "dtcm"] # want: duplicate `in the feature_flags of company "dubai-live"`
}

# A repeated environment is reported once, as a duplicate: its missing
# fields are not also incomplete credentials.
reseller "nile" {
  integration "refund_protect_group" {
    environment "test" {
      client_id     = "nile-test"
      client_secret = secret("nile/rpg-test-secret")
      api_key       = secret("nile/rpg-test-key")
      vendor_code   = "NIL01"
    }
    environment "test" { # want: duplicate `^Duplicate environment "test"`
      client_id = "nile-test-2"
    }
  }
}
