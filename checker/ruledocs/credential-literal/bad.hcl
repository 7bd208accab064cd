reseller "acme" {
  integration "vatstack" {
    secret_key = "sk_live_0123456789"
  }
}
