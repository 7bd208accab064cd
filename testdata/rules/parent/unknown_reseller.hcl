# A company whose reseller is not defined: unknown-reference is the one
# finding, not also a parent "under another reseller" (which only repeats
# the typo); the same for a parent whose reseller is not defined.
reseller "acme" {}

company "dubai-live" {
  reseller = "acme"
}

company "dubai-live-kids" {
  reseller = "acmee" # want: unknown-reference `^Unknown reseller "acmee" .*Did you mean "acme"\?`
  parent   = "dubai-live"
}

company "lost" {
  reseller = "acem" # want: unknown-reference `^Unknown reseller "acem"`
}

company "lost-kids" {
  reseller = "acme"
  parent   = "lost"
}
