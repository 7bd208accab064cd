reseller "jegyhaz" {
  name          = "Jegyház Kft."
  feature_flags = ["szamlazz"]
}
