# Both sides in one company's feature_flags: the later element is the
# subject, the earlier one related. The reseller holds both sides, which is
# allowed.
reseller "acme" {
  feature_flags = ["refund_protect_group", "manual_refund_protection", "szamlazz", "conditional_tax_bands"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group", "manual_refund_protection"] # want: conflict `^"manual_refund_protection" conflicts with "refund_protect_group" on company "dubai-live" "manual_refund_protection" is active because "manual_refund_protection" is in feature_flags, and "refund_protect_group" because "refund_protect_group" is in feature_flags`
}

company "budapest" {
  reseller = "acme"
  feature_flags = [
    "conditional_tax_bands",
    "szamlazz", # want: conflict `^"szamlazz" conflicts with "conditional_tax_bands" on company "budapest"`
  ]
}
