# A standalone ignore applies to the next line only, even when that line is
# blank: the literal below it is still reported.
reseller "acme" {
  integration "vatstack" {
    # want+1: unused-ignore `Unused ignore for "credential-literal" No credential-literal finding is on line 7`
    # tixcfg:ignore credential-literal -- sandbox key

    secret_key = "sk_test_public_sandbox" # want: credential-literal `Secret "secret_key" written as a literal`
  }
}
