reseller "jegyhaz" {
  name = "Jegyház Kft."

  # Pasted from the VATstack dashboard while testing, then committed.
  integration "vatstack" {
    secret_key = "sk_live_3f9a61c0e2b74d58a1c9" # want: credential-literal
  }

  integration "facebook_login" {
    client_id     = "2290417753310268"
    client_secret = secret("jegyhaz/facebook-app-secret")
  }
}
