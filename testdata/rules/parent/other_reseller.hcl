# A parent must be under the same reseller; the related range is the
# parent's reseller attribute.
reseller "acme" {}
reseller "globex" {}

company "dubai-live" {
  reseller = "acme"
}

company "dubai-live-kids" {
  reseller = "globex"
  parent   = "dubai-live" # want: parent `^Parent under another reseller Company "dubai-live-kids" belongs to reseller "globex", but its parent "dubai-live" belongs to "acme"; a parent must be under the same reseller\.$`
}
