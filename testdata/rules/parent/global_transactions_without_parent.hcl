reseller "acme" {}

company "dubai-live" {
  reseller            = "acme"
  global_transactions = true # want: parent `^Global transactions without a parent Company "dubai-live" has global_transactions = true`
}
