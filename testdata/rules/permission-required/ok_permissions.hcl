# Each company holds what its integrations need: manage_integrations for
# google_maps, manage_payments as well for refund_protect_group. An operator
# type that lists no permissions needs none. A global-transactions child
# needs no manage_payments for the payment integration its parent runs.
integration_type "ticket_scanner" {
  category    = "venue"
  permissions = []
}

reseller "acme" {
  feature_flags = ["refund_protect_group"]

  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }
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
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "google_maps" {}
  integration "refund_protect_group" {}
}

company "dubai-live-kids" {
  reseller            = "acme"
  parent              = "dubai-live"
  global_transactions = true
  permissions         = ["manage_integrations"]

  integration "google_maps" {}
}

company "cairo" {
  reseller = "acme"

  integration "ticket_scanner" {}
}
