# An empty literal is not a leaked secret; it is an empty credential.
reseller "acme" {
  integration "vatstack" {
    secret_key = "" # want: invalid-value `Empty credential "secret_key"`
  }
}
