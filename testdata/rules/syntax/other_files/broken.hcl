company "broken" { # want: syntax `Unclosed configuration block`
  reseller = "acme"
