# A credential an operator type marks secret is checked like a built-in one.
integration_type "mailchimp" {
  category = "marketing"

  reseller {
    credential "account" {}
    credential "api_key" {
      secret = true
    }
  }
}

reseller "acme" {
  integration "mailchimp" {
    account = "acme-tickets"
    api_key = "mc-0123456789abcdef-us21" # want: credential-literal `Secret "api_key" written as a literal`
  }
}
