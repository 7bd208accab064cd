# A tree of parents under one reseller, global transactions with a parent,
# and global_transactions = false without one.
reseller "acme" {}

company "dubai-live" {
  reseller            = "acme"
  global_transactions = false
}

company "dubai-live-kids" {
  reseller            = "acme"
  parent              = "dubai-live"
  global_transactions = true
}

company "dubai-live-kids-summer" {
  reseller            = "acme"
  parent              = "dubai-live-kids"
  global_transactions = true
}

company "dubai-live-arena" {
  reseller = "acme"
  parent   = "dubai-live"
}
