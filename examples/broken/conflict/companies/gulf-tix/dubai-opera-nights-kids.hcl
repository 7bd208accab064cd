# The matinees wanted their own refund desk, but with global transactions
# the parent's Refund Protect Group cover already applies here.
company "dubai-opera-nights-kids" {
  name                = "Dubai Opera Nights: Kids' Matinees"
  reseller            = "gulf-tix"
  parent              = "dubai-opera-nights"
  global_transactions = true
  feature_flags       = ["manual_refund_protection"] # want: conflict
  permissions         = ["manage_integrations"]
}
