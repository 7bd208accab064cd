# Braces and quotes inside strings, heredocs and comments are text.
# reseller "broken" {
reseller "acme" {
  name = "Acme { Tickets \" }"

  /* a block comment } */
}

company "dubai-live" {
  reseller = "acme"

  tax_band "standard" {
    rate = 5
  }
}
