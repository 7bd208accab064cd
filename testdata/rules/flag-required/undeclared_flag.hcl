# An operator type whose feature flag is not declared: unknown-reference is
# the one finding. Its companies get no flag-required, whose advice (add the
# flag) cannot be followed before the flag exists.
integration_type "loyalty_points" {
  category     = "marketing"
  feature_flag = "loyalty" # want: unknown-reference `^Unknown feature flag "loyalty"`
}

reseller "acme" {}

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "loyalty_points" {}
}
