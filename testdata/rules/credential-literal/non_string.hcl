# A secret is a literal whatever its type: a number, a bool, a list or an
# object in a secret field is reported as a string is (build refuses them
# all). A list or object is also the wrong type for a credential.
integration_type "doorlock" {
  category = "access_control"

  company {
    credential "pin" {
      secret = true
    }
    setting "passcode" {
      type   = number
      secret = true
    }
  }
}

reseller "acme" {
  feature_flags = ["dtcm"]

  integration "vatstack" {
    secret_key = 222260 # want: credential-literal `Secret "secret_key" written as a literal`
  }
  integration "what3words" {
    api_key = true # want: credential-literal `Secret "api_key" written as a literal`
  }
  integration "google_maps" {
    api_key = ["k-1", "k-2"] # want: credential-literal `Secret "api_key" written as a literal` schema `Incorrect attribute value type`
  }
  integration "misr_sms" {
    api_key     = { live = "k-3" } # want: credential-literal `Secret "api_key" written as a literal` schema `Incorrect attribute value type`
    sender_name = "ACME"
  }
}

company "c" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]

  integration "doorlock" {
    pin      = 1234 # want: credential-literal `Secret "pin" written as a literal`
    passcode = 5678 # want: credential-literal `Secret "passcode" written as a literal`
  }
  integration "dtcm" {
    mode          = "live"
    api_key       = secret("c/dtcm-api-key")
    token_api_key = secret("c/dtcm-token-key")
    client_id     = "C-1"
    client_secret = secret("c/dtcm-client-secret")
    seller_code   = 42
  }
}
