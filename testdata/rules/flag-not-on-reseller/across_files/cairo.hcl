company "cairo" {
  reseller      = "acme"
  feature_flags = ["dtcm", "manual_refund_protection"] # want: flag-not-on-reseller `"manual_refund_protection" is not enabled on reseller "acme"`
}
