company "sharjah-heritage-tours" {
  name          = "Sharjah Heritage Tours"
  reseller      = "gulf-tix"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  # Piloting refund protection in the test environment.
  integration "refund_protect_group" { # want: reseller-credentials
    environment         = "test"
    mode                = "anonymous"
    minimum_order_value = { AED = 25 }
  }

  # The reseller has no Google Maps key at all.
  integration "google_maps" { # want: reseller-credentials
    dynamic_maps = true
  }
}
