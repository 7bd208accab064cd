# The company enables refund_protect_group in feature_flags, but its
# reseller lacks the flag: that is the one finding. Another company that
# has the flag on neither list gets flag-required only.
reseller "acme" {
  feature_flags = ["dtcm"]

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
  feature_flags = ["refund_protect_group"] # want: flag-not-on-reseller `"refund_protect_group" is not enabled on reseller "acme"`
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {}
}

company "cairo" {
  reseller    = "acme"
  permissions = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {} # want: flag-required `Neither company "cairo" nor its reseller "acme" has it`
}

# The same for a tax band condition: the company has conditional_tax_bands,
# its reseller does not.
company "budapest" {
  reseller      = "acme"
  feature_flags = ["conditional_tax_bands"] # want: flag-not-on-reseller `"conditional_tax_bands" is not enabled on reseller "acme"`

  tax_band "reduced" {
    rate      = 5
    condition = "event.category == \"culture\""
  }
}
