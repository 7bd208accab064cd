reseller "jegyhaz" {
  name          = "Jegyház Kft."
  feature_flags = ["szamlazz"]

  integration "facebook_login" {
    client_id     = "2290417753310268"
    client_secret = secret("jegyhaz/facebook-app-secret")
  }
}
