# A reseller with no feature_flags attribute at all, and a company asking
# for two flags: each element is reported.
reseller "acme" {
  name = "Acme Tickets"
}

company "budapest" {
  reseller = "acme"
  feature_flags = [
    "szamlazz", # want: flag-not-on-reseller `"szamlazz" is not enabled on reseller "acme"`
    "dtcm",     # want: flag-not-on-reseller `"dtcm" is not enabled on reseller "acme"`
  ]
}
