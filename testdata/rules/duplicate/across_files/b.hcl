reseller "acme" { # want: duplicate `^Duplicate reseller "acme" The reseller "acme" is already defined in this portfolio at a\.hcl:2:1; an ID may be used once\.$`
  name = "Acme Tickets (copy)"
}

company "dubai-live" { # want: duplicate `^Duplicate company "dubai-live" The company "dubai-live" is already defined in this portfolio at a\.hcl:6:1;`
  reseller = "acme"
}

company "dubai-live" { # want: duplicate `at a\.hcl:6:1;`
  reseller = "acme"
}
