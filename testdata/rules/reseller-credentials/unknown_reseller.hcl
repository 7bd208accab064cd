# A company whose reseller is not defined: unknown-reference is the one
# finding, not also credentials that no reseller by that name can give.
reseller "acme" {}

company "lost" {
  reseller    = "acmee" # want: unknown-reference `^Unknown reseller "acmee" .*Did you mean "acme"\?`
  permissions = ["manage_integrations"]

  integration "what3words" {}
}
