# The company's admins may manage integrations but were never given payment
# rights, and Refund Protect Group takes part in payment processing.
company "sharjah-heritage-tours" {
  name          = "Sharjah Heritage Tours"
  reseller      = "gulf-tix"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations"]

  integration "refund_protect_group" { # want: permission-required
    minimum_order_value = { AED = 25 }
    deadline_hours      = 72
  }
}
