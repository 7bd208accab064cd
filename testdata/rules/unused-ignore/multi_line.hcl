# An ignore before an attribute covers every line of its value (a list
# spread over lines), and only that attribute; one before a block's header
# covers the header line only.
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
    # tixcfg:ignore duplicate,invalid-value -- the SMS gateway expects both
    notify_on = [
      "rejection",
      "rejection",
      "refund",
    ]
  }
}

company "cairo-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "misr_sms" {
    # want+1: unused-ignore `^Unused ignore for "invalid-value" No invalid-value finding is on lines 32 to 35; remove "invalid-value" from the comment\.$`
    # tixcfg:ignore invalid-value -- reviewed
    notify_on = [
      "approval",
      "rejection",
    ]
    bogus = 1 # want: schema `^Unsupported attribute "bogus" `
  }
}

company "giza-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  # want+1: unused-ignore `^Unused ignore for "duplicate" No duplicate finding is on line 46;`
  # tixcfg:ignore duplicate -- a block header, not its body
  integration "misr_sms" {
    notify_on = ["approval", "approval"] # want: duplicate `^Duplicate item "approval" `
  }
}
