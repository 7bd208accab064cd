reseller "acme" {}

company "b" {
  reseller = "acme"
  parent   = "a" # want: parent `"b" → "a" → "b"`
}
