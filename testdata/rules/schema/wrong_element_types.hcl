# An element of the wrong type in a list or object setting: the finding
# names the element and its type, and points at it.
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
  integration "misr_sms" {
    api_key     = secret("acme/misr-sms")
    sender_name = "ACME"
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {
    environment = "live"
    minimum_order_value = {
      AED = 50
      GBP = "ten" # want: schema `^Incorrect attribute value type "minimum_order_value" must be an object of numbers, but "GBP" is a string\.$`
      USD = true
    }
  }
  integration "misr_sms" {
    notify_on = ["approval", { on = "rejection" }] # want: schema `^Incorrect attribute value type "notify_on" must be a list of strings, but item 2 is an object\.$`
  }
}
