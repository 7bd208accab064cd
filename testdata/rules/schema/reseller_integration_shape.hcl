# Where credentials go: per environment for refund_protect_group, directly
# for the others, and nowhere for an integration the reseller does not
# provide credentials for.
reseller "acme" {
  feature_flags = ["dtcm", "refund_protect_group"]

  integration "dtcm" { # want: schema `^Integration "dtcm" takes no reseller credentials Remove this block: the reseller makes it available with the feature flag "dtcm", and each company configures it\.$`
    api_key = secret("acme/dtcm")
  }
  integration "refund_protect_group" {
    client_id = "acme-live" # want: schema `^Credentials of "refund_protect_group" are given per environment Move "client_id" into an environment block, such as environment "live" \{ \.\.\. \} \(environments: live, test\)\.$`
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
      vendor        = "ACM" # want: schema `Unsupported attribute "vendor" The environment "live" of integration "refund_protect_group" of reseller "acme" accepts "api_key", "client_id", "client_secret" and "vendor_code"\.`
    }
  }
  integration "google_maps" {
    api_key = secret("acme/google-maps")
    environment "live" { # want: schema `^Integration "google_maps" has no environments Write the credentials of "google_maps" directly in the integration block\.$`
      api_key = secret("acme/google-maps-live")
    }
  }
  integration "what3words" {
    api_key = secret("acme/what3words")
    settings { # want: schema `^Unsupported block type "settings" Only environment blocks may appear in a reseller's integration block\.$`
    }
    environment { # want: schema `^Environment block needs one label`
    }
  }
  integration "vatstack" {
    secret_key = ["a", "b"] # want: schema `^Incorrect attribute value type "secret_key" must be a string or secret\("\.\.\."\)\.$` credential-literal `Secret "secret_key" written as a literal`
  }
}
