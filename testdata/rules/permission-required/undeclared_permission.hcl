# An operator type that needs a permission nobody declared: unknown-reference
# is the one finding. Its companies get no permission-required, whose advice
# (add the permission) cannot be followed before it exists.
integration_type "loyalty_points" {
  category    = "marketing"
  permissions = ["manage_integrations", "manage_loyalty"] # want: unknown-reference `^Unknown permission "manage_loyalty"`
}

reseller "acme" {}

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "loyalty_points" {}
}
