# A parent that does not exist is an unknown reference, not a parent
# finding; global transactions with it do not add one either.
reseller "acme" {}

company "dubai-live" {
  reseller = "acme"
}

company "dubai-live-kids" {
  reseller            = "acme"
  parent              = "dubai-lvie" # want: unknown-reference `^Unknown company "dubai-lvie" No company "dubai-lvie" is defined to be the parent\. Did you mean "dubai-live"\?$`
  global_transactions = true
}
