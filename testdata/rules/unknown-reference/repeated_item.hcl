# A repeated unknown flag is one unknown reference (and a duplicate), not
# one unknown reference per repeat.
reseller "acme" {
  feature_flags = ["dtcm"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcmm", "dtcmm"] # want: unknown-reference `^Unknown feature flag "dtcmm"` duplicate `^Duplicate feature flag "dtcmm"`
}
