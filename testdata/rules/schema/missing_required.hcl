# Required attributes: a company's reseller, a tax band's rate, and dtcm's
# mode (which lists its allowed values).
company "dubai-live" { # want: schema `^Missing required attribute The attribute "reseller" is required`
  tax_band "standard" { # want: schema `The attribute "rate" is required`
  }
}

reseller "acme" {
  feature_flags = ["dtcm"]
}

company "cairo" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]

  integration "dtcm" { # want: schema `^Missing required setting "mode" Integration "dtcm" needs the setting "mode" \(one of "live" and "test"\)\.$`
    api_key       = secret("cairo/dtcm-api-key")
    token_api_key = secret("cairo/dtcm-token-key")
    client_id     = "CA-001"
    client_secret = secret("cairo/dtcm-client-secret")
    seller_code   = "SELL43"
  }
}

# null counts as leaving an attribute out.
company "alexandria" {
  reseller = null # want: schema `^Missing required attribute The attribute "reseller" is required; null counts as leaving it out\.$`

  tax_band "standard" {
    rate = null # want: schema `The attribute "rate" is required; null`
  }
}

integration_type "mailchimp" {
  category = null # want: schema `The attribute "category" is required; null`
}
