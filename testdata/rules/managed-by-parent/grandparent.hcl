# Global transactions chain up: the child's payment integrations are those
# of the first ancestor without global transactions.
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

company "budapest-arena" {
  reseller            = "acme"
  parent              = "budapest"
  global_transactions = true
}

company "budapest-arena-kids" {
  reseller            = "acme"
  parent              = "budapest-arena"
  global_transactions = true

  integration "szamlazz" { # want: managed-by-parent `managed by "budapest", through its parent "budapest-arena" Company "budapest-arena-kids" has global_transactions = true, so its payment integrations and their settings come from "budapest"`
    agent_key = secret("budapest-arena-kids/szamlazz")
  }
}
