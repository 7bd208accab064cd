# Values of the wrong type, in the language's own attributes and in
# integration settings typed by the catalog.
# A list that cannot be decoded hides nothing: the company's flag is not
# reported as missing on the reseller, nor a flag or permission as missing
# on a company whose list is broken.
reseller "acme" {
  name          = ["Acme"] # want: schema `^Incorrect attribute value type Inappropriate value for attribute "name": string required, got tuple\.$`
  feature_flags = "refund_protect_group" # want: schema `Inappropriate value for attribute "feature_flags": list of string required, got string\.`

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
  reseller            = "acme"
  feature_flags       = ["refund_protect_group"]
  global_transactions = "yes" # want: schema `Inappropriate value for attribute "global_transactions": bool required, got string\.`
  permissions         = ["manage_integrations", "manage_payments"]

  tax_band "standard" {
    rate = "five" # want: schema `Inappropriate value for attribute "rate": number required, got string\.`
  }

  integration "refund_protect_group" {
    opt_in_required     = "yes" # want: schema `^Incorrect attribute value type "opt_in_required" must be true or false, not a string\.$`
    minimum_order_value = 50    # want: schema `"minimum_order_value" must be an object of numbers, not a number\.`
    deadline_hours      = "two days" # want: schema `"deadline_hours" must be a number, not a string\.`
  }
}

company "cairo" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "google_maps" {
    map_theme = secret("cairo/theme") # want: schema `"map_theme" is a setting, not a credential: write its value, not secret\("\.\.\."\)\.`
  }
}

company "abu-dhabi" {
  reseller      = "acme"
  feature_flags = [dtcm] # want: schema `Variables are not allowed`
  permissions   = "manage_integrations" # want: schema `list of string required, got string`

  integration "dtcm" {
    mode          = "live"
    api_key       = secret("abu-dhabi/dtcm-api-key")
    token_api_key = secret("abu-dhabi/dtcm-token-key")
    client_id     = "AD-001"
    client_secret = secret("abu-dhabi/dtcm-client-secret")
    seller_code   = "SELL44"
  }
}
