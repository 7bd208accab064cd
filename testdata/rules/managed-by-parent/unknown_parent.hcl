# A global-transactions company whose parent is not defined: unknown-reference
# is the one finding; no parent is known to manage its payment block.
reseller "acme" {
  feature_flags = ["szamlazz"]
}

company "budapest" {
  reseller = "acme"
}

company "budapest-kids" {
  reseller            = "acme"
  parent              = "budapset" # want: unknown-reference `^Unknown company "budapset" .*Did you mean "budapest"\?`
  global_transactions = true
  feature_flags       = ["szamlazz"]
  permissions         = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("budapest-kids/szamlazz")
  }
}
