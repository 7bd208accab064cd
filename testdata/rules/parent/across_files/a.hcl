company "a" {
  reseller = "acme"
  parent   = "b" # want: parent `"a" → "b" → "a"`
}
