# Currency codes are ISO 4217 list one of 2026-01-01, with its minor units:
# current codes are accepted, withdrawn ones are not, and a suggestion is
# only a code one edit away or a swap of two letters.
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
    minimum_order_value = {
      VES = 10
      MRU = 10
      SLE = 10
      ZWG = 10
      XCG = 10
      IQD = 1.25
      BHD = 1.255
      CLF = 0.1234
      UYW = 0.1234
      HRK = 10     # want: invalid-value `^Unknown currency "HRK" .*"USD"\.$`
      CUC = 10     # want: invalid-value `^Unknown currency "CUC" .* Did you mean "CUP"\?$`
      MRO = 10     # want: invalid-value `^Unknown currency "MRO" .* Did you mean "MRU"\?$`
      XYZ = 10     # want: invalid-value `^Unknown currency "XYZ" .*"USD"\.$`
      GPB = 10     # want: invalid-value `^Unknown currency "GPB" .* Did you mean "GBP"\?$`
      XAU = 1      # want: invalid-value `^Unknown currency "XAU" `
      JPY = 100.5  # want: invalid-value `JPY amounts have 0 decimal places\.`
      KWD = 1.2345 # want: invalid-value `KWD amounts have 3 decimal places\.`
    }
  }
}
