reseller "acme" {
  name = "Acme Tickets"

  integration "vatstack" {
    # tixcfg:ignore credential-literal -- sandbox key from the VATstack docs
    secret_key = "sk_test_public_sandbox"
  }
}
