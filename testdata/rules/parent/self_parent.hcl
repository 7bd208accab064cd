reseller "acme" {}

company "dubai-live" {
  reseller = "acme"
  parent   = "dubai-live" # want: parent `Following parents from "dubai-live" comes back to it: "dubai-live" → "dubai-live"\.`
}
