# Unknown blocks and attributes of the language itself, and blocks with the
# wrong number of labels.
reseller "acme" {
  nmae = "Acme Tickets" # want: schema `^Unsupported attribute An attribute named "nmae" is not expected here\. Did you mean "name"\?$`

  webhook "orders" { # want: schema `^Unsupported block type Blocks of type "webhook" are not expected here\.$`
  }
}

company "dubai-live" {
  reseller = "acme"

  tax_bands "standard" { # want: schema `Blocks of type "tax_bands" are not expected here\. Did you mean "tax_band"\?`
    rate = 5
  }
  integration { # want: schema `^Missing type for integration All integration blocks must have 1 labels \(type\)\.$`
  }
}

resellers "globex" { # want: schema `Blocks of type "resellers" are not expected here\. Did you mean "reseller"\?`
}

company "cairo" "egypt" { # want: schema `^Extraneous label for company `
  reseller = "acme"
}
