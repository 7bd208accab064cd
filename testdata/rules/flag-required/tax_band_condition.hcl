# A tax band with a condition needs conditional_tax_bands on the company;
# the finding points at the condition attribute.
reseller "acme" {
  feature_flags = ["conditional_tax_bands"]
}

company "budapest" {
  reseller = "acme"

  tax_band "standard" {
    rate = 27
  }
  tax_band "reduced" {
    rate      = 5
    condition = "event.category == \"culture\"" # want: flag-required `^Tax band "reduced" has a condition but company "budapest" lacks the feature flag "conditional_tax_bands" .*Reseller "acme" has it`
  }
}

company "szeged" {
  reseller = "acme"

  tax_band "reduced" {
    rate      = 5
    condition = "event.category == \"culture\"" # want: flag-required `Tax band "reduced" has a condition but company "szeged" lacks`
  }
}

# An empty condition is reported once, as an invalid value: it is no
# condition for a flag to allow.
company "pecs" {
  reseller = "acme"

  tax_band "reduced" {
    rate      = 5
    condition = " " # want: invalid-value `^Empty condition `
  }
}
