# The baseline counts three repeats of "dtcm" on dubai-live: a fourth is
# new, and it is the last one. It counts three repeats of a permission, of
# which one is left, and an entry of a rule that does not exist.
# want@.tixcfg-baseline.json:12: stale-baseline "counts 3 duplicate findings.*2 of them are no longer found"
# want@.tixcfg-baseline.json:18: stale-baseline "Stale baseline entry for no-such-rule.*is no rule of tixcfg"
reseller "acme" {
  feature_flags = ["dtcm"]
}

company "dubai-live" {
  reseller = "acme"
  feature_flags = [
    "dtcm",
    "dtcm",
    "dtcm",
    "dtcm",
    "dtcm", # want: duplicate "Duplicate feature flag \"dtcm\""
  ]
  permissions = ["manage_integrations", "manage_integrations"]
}
