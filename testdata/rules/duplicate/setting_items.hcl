# Items of a list-typed setting are unique, as feature flags and
# permissions are; each later occurrence is reported, related to the first.
reseller "acme" {
  integration "misr_sms" {
    api_key     = secret("acme/misr-sms")
    sender_name = "ACME"
  }
}

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "misr_sms" {
    notify_on = [
      "rejection",
      "approval",
      "rejection", # want: duplicate `^Duplicate item "rejection" notify_on of integration "misr_sms" of company "dubai-live" already lists "rejection" at setting_items\.hcl:16:7; each item may appear once\.$`
      "rejection", # want: duplicate `^Duplicate item "rejection" .* at setting_items\.hcl:16:7;`
    ]
  }
}

company "cairo-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "misr_sms" {
    notify_on = ["approval", "rejection"]
  }
}

# A repeated invalid item is one invalid value and one duplicate.
company "giza-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "misr_sms" {
    notify_on = ["refund", "refund"] # want: invalid-value `^Invalid value for "notify_on" "refund" is not allowed` duplicate `^Duplicate item "refund" `
  }
}
