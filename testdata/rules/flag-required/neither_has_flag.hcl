# Neither the company nor the reseller has szamlazz: the message says to
# start with the reseller. The company has other flags, so the flag list
# exists but lacks it.
reseller "acme" {
  feature_flags = ["dtcm"]
}

company "budapest" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "szamlazz" { # want: flag-required `Neither company "budapest" nor its reseller "acme" has it: add "szamlazz" to the feature_flags of reseller "acme" first, then of company "budapest"\.`
    agent_key = secret("budapest/szamlazz")
  }
}
