company "sharjah-heritage-tours" {
  name          = "Sharjah Heritage Tours"
  reseller      = "gulf-tix"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  tax_band "standard" {
    rate = 5
  }

  integration "refund_protect_group" {
    minimum_order_value = { AED = 25 }
    tax_band            = "standrad" # want: unknown-reference
  }
}
