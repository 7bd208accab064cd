# A file that does not parse reports only its syntax errors: an ignore in it
# is not judged either, since the findings it would suppress are not
# reported in such a file.
reseller "acme" {
  integration "vatstack" {
    # tixcfg:ignore credential-literal -- sandbox key
    secret_key = "sk_test_public_sandbox"
  }
  name = # want: syntax `Invalid expression`
}
