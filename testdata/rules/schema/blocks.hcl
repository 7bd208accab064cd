# Unknown blocks and attributes of the language itself, and blocks with the
# wrong number of labels.
reseller "acme" {
  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }

  nmae = "Acme Tickets" # want: schema `^Unsupported attribute "nmae" An attribute named "nmae" is not expected here\. Did you mean "name"\?$`

  webhook "orders" { # want: schema `^Unsupported block type Blocks of type "webhook" are not expected here\.$`
  }
}

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]
  global_txn  = true # want: schema `^Unsupported attribute "global_txn" An attribute named "global_txn" is not expected here\.`

  tax_band "reduced" {
    rate = 5
    when {} # want: schema `^Unsupported block type Blocks of type "when" are not expected here\.$`
  }
  tax_bands "standard" { # want: schema `Blocks of type "tax_bands" are not expected here\. Did you mean "tax_band"\?`
    rate = 5
  }
  integration "google_maps" {
    theme { # want: schema `^Unexpected "theme" block Blocks are not allowed here\.$`
      dark = true
    }
  }
  integration "what3words" "extra" { # want: schema `^Extraneous label for integration `
  }
  integration { # want: schema `^Missing type for integration All integration blocks must have 1 labels \(type\)\.$`
  }
}

resellers "globex" { # want: schema `Blocks of type "resellers" are not expected here\. Did you mean "reseller"\?`
}

company "cairo" "egypt" { # want: schema `^Extraneous label for company `
  reseller = "acme"
}
