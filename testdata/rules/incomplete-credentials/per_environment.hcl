# Per environment: each set is judged on its own, the finding sits on the
# environment block, related to the integration block. An integration with
# environments but no set at all is reported once.
reseller "acme" {
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
    environment "test" { # want: incomplete-credentials `^Incomplete refund_protect_group credentials \(test\) The "test" credentials of refund_protect_group for reseller "acme" lack client_secret, api_key\.$`
      client_id   = "acme-test"
      vendor_code = "ACM01T"
    }
  }
}

reseller "globex" {
  integration "refund_protect_group" {} # want: incomplete-credentials `^No refund_protect_group credential set Reseller "globex" gives no environment: add environment "live" \{ \.\.\. \} with api_key, client_id, client_secret, vendor_code\.$`
}
