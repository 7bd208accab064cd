# Every company on a cycle is reported with the cycle spelled out from
# itself; a company that only leads into the cycle is not on it.
reseller "acme" {}

company "a" {
  reseller = "acme"
  parent   = "b" # want: parent `^Parent cycle Following parents from "a" comes back to it: "a" → "b" → "c" → "a"\.$`
}

company "b" {
  reseller = "acme"
  parent   = "c" # want: parent `^Parent cycle Following parents from "b" comes back to it: "b" → "c" → "a" → "b"\.$`
}

company "c" {
  reseller = "acme"
  parent   = "a" # want: parent `^Parent cycle Following parents from "c" comes back to it: "c" → "a" → "b" → "c"\.$`
}

company "d" {
  reseller = "acme"
  parent   = "a"
}
