# A global-transactions child may not configure a payment integration; the
# message names the parent and points at the parent's settings. Only this
# finding is reported for the block: its flag, permission and credential
# gaps do not matter, the block must go.
reseller "acme" {
  feature_flags = ["refund_protect_group"]

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

  integration "refund_protect_group" {
    deadline_hours = 48
  }
}

company "dubai-live-kids" {
  reseller            = "acme"
  parent              = "dubai-live"
  global_transactions = true

  integration "refund_protect_group" { # want: managed-by-parent `^Payment integration "refund_protect_group" of "dubai-live-kids" is managed by its parent "dubai-live" .*come from "dubai-live"\. Remove this block, or set global_transactions = false\.`
    environment    = "test"
    deadline_hours = 24
  }
}
