reseller "acme" {
  integration "vatstack" {
    secret_key = "sk_test_public_sandbox" # tixcfg:ignore credential-literal -- public sandbox key
  }
}
