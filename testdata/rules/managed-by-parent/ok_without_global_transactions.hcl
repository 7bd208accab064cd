# A child WITHOUT global transactions configures its own payment
# integration; a child WITH global transactions may still configure
# integrations that are not payment ones.
reseller "acme" {
  feature_flags = ["szamlazz"]

  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }
}

company "budapest" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("budapest/szamlazz")
  }
}

company "budapest-arena" {
  reseller            = "acme"
  parent              = "budapest"
  global_transactions = false
  feature_flags       = ["szamlazz"]
  permissions         = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("budapest-arena/szamlazz")
  }
}

company "budapest-kids" {
  reseller            = "acme"
  parent              = "budapest"
  global_transactions = true
  permissions         = ["manage_integrations"]

  integration "google_maps" {
    dynamic_maps = true
  }
}
