# A flag the catalog does not know is only an unknown reference.
reseller "acme" {
  feature_flags = ["dtcm"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm", "dctm"] # want: unknown-reference `Unknown feature flag "dctm".*Did you mean "dtcm"\?`
}

company "cairo" {
  reseller      = "acmee" # want: unknown-reference `Unknown reseller "acmee".*Did you mean "acme"\?`
  feature_flags = ["szamlazz"]
}
