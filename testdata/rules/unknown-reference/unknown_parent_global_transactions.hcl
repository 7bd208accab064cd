# An unknown parent is the root cause: the payment block of a company with
# global transactions is not also reported as managed by a parent that does
# not exist.
reseller "acme" {
  feature_flags = ["szamlazz"]
}

company "kids" {
  reseller            = "acme"
  parent              = "nope" # want: unknown-reference `^Unknown company "nope"`
  global_transactions = true
  feature_flags       = ["szamlazz"]
  permissions         = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("kids/szamlazz")
  }
}
