# An operator type's credential with required = false may be left out;
# the required one may not.
integration_type "mailchimp" {
  category = "marketing"

  reseller {
    credential "api_key" {
      secret = true
    }
    credential "server_prefix" {
      required = false
    }
  }
}

reseller "acme" {
  integration "mailchimp" { # want: incomplete-credentials `lack api_key\.$`
    server_prefix = "us21"
  }
}

reseller "globex" {
  integration "mailchimp" { # want: incomplete-credentials `lack api_key\.$`
  }
}

reseller "initech" {
  integration "mailchimp" {
    api_key = secret("initech/mailchimp")
  }
}
