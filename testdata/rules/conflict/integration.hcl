# The company runs the refund_protect_group integration and lists
# manual_refund_protection: the conflict names the integration as the
# reason one side is active.
reseller "acme" {
  feature_flags = ["refund_protect_group", "manual_refund_protection"]

  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["manual_refund_protection", "refund_protect_group"] # want: conflict `"refund_protect_group" conflicts with "manual_refund_protection"`
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {}
}

company "cairo" {
  reseller      = "acme"
  feature_flags = ["manual_refund_protection"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {} # want: flag-required `needs the feature flag "refund_protect_group" on company "cairo"` conflict `"refund_protect_group" conflicts with "manual_refund_protection" on company "cairo" "refund_protect_group" is active because the integration "refund_protect_group" is enabled`
}
