# The parent does not run szamlazz: the child still may not configure it,
# since its payment integrations are the parent's (none). The child's
# incomplete szamlazz block is not reported as incomplete.
reseller "acme" {
  feature_flags = ["szamlazz"]
}

company "budapest" {
  reseller = "acme"
}

company "budapest-kids" {
  reseller            = "acme"
  parent              = "budapest"
  global_transactions = true
  feature_flags       = ["szamlazz"]
  permissions         = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {} # want: managed-by-parent `managed by its parent "budapest"`
}
