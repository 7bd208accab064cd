# A file that does not parse does not hide the errors of the others.
company "dubai-live" {
  reseller      = "acmee" # want: unknown-reference `Unknown reseller "acmee"`
  feature_flags = ["dtcm"]
}

company "cairo" {
  reseller    = "acme"
  permissions = ["manage_integration"] # want: unknown-reference `Unknown permission "manage_integration".*Did you mean "manage_integrations"\?`
}
