# The staging reseller that QA uses against VATstack's public sandbox.
reseller "jegyhaz-sandbox" {
  name = "Jegyház Kft. (staging)"

  integration "vatstack" {
    # want: ignore-reason
    secret_key = "sk_test_public_sandbox" # tixcfg:ignore credential-literal
  }
}
