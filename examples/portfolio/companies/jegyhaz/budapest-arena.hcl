# Concerts and sports at a Budapest arena. Invoices go out through
# Számlázz.hu, so this company may not use conditional tax bands.
company "budapest-arena" {
  name          = "Budapest Aréna Events"
  reseller      = "jegyhaz"
  feature_flags = ["szamlazz", "refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  # Hungarian VAT (ÁFA): 27 % standard, 5 % for live music.
  tax_band "afa27" {
    rate = 27
  }

  tax_band "afa5" {
    rate = 5
  }

  integration "szamlazz" {
    agent_key = secret("jegyhaz/budapest-arena/szamlazz-agent-key")
  }

  integration "refund_protect_group" {
    # mode and environment are left at their defaults: standard, live.
    opt_in_required = true
    minimum_order_value = {
      HUF = 5000
      EUR = 12.5
    }
    tax_band       = "afa27"
    deadline_hours = 24
  }

  integration "vatstack" {}
  integration "facebook_login" {}
  integration "google_login" {}

  integration "google_maps" {
    dynamic_maps = true
  }
}
