# Every flag of the company is on its reseller; the reseller may have more
# flags than any company uses. An unknown flag is unknown-reference's
# business, and a company whose reseller is unknown has nothing to compare.
reseller "acme" {
  feature_flags = ["dtcm", "refund_protect_group", "szamlazz"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
}

company "cairo" {
  reseller      = "acme"
  feature_flags = []
}
