# The file ends inside a block. Nothing else of this file is reported (the
# company's unknown reseller would be), since what looks missing may only
# be unparsed.
reseller "acme" { # want: syntax `^Unclosed configuration block `
  name = "Acme Tickets"

company "dubai-live" {
  reseller = "acmee"
}
