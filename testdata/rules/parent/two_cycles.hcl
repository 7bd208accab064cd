# Two separate cycles, one with global transactions on it: each company is
# reported once, and nothing else is (managed-by-parent has no owner to
# name on a cycle, but the child configures no payment integration).
reseller "acme" {}

company "x" {
  reseller            = "acme"
  parent              = "y" # want: parent `"x" → "y" → "x"`
  global_transactions = true
}

company "y" {
  reseller = "acme"
  parent   = "x" # want: parent `"y" → "x" → "y"`
}

company "p" {
  reseller = "acme"
  parent   = "q" # want: parent `"p" → "q" → "p"`
}

company "q" {
  reseller = "acme"
  parent   = "p" # want: parent `"q" → "p" → "q"`
}
