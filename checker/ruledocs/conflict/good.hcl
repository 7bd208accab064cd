reseller "acme" {
  feature_flags = ["refund_protect_group", "manual_refund_protection"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
}

company "abu-dhabi-live" {
  reseller      = "acme"
  feature_flags = ["manual_refund_protection"]
}
