reseller "acme" {
  integration "vatstack" {
    secret_key = secret("acme/vatstack")
  }
}
