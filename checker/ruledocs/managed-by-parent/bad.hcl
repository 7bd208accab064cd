reseller "acme" {
  feature_flags = ["szamlazz"]
}

company "budapest" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("budapest/szamlazz")
  }
}

company "budapest-kids" {
  reseller            = "acme"
  parent              = "budapest"
  global_transactions = true
  feature_flags       = ["szamlazz"]
  permissions         = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("budapest-kids/szamlazz")
  }
}
