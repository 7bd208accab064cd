company "dubai-opera-nights" {
  name          = "Dubai Opera Nights"
  reseller      = "gulf-tix"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {
    minimum_order_value = { AED = 50 }
    deadline_hours      = 48
  }
}
