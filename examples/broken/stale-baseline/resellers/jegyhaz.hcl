reseller "jegyhaz" {
  name          = "Jegyház Kft."
  feature_flags = ["szamlazz", "conditional_tax_bands"]
}
