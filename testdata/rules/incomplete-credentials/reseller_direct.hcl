# A reseller's credential set without every required field; all missing
# fields are named at once.
reseller "acme" {
  integration "apple_login" { # want: incomplete-credentials `^Incomplete apple_login credentials The apple_login credentials of reseller "acme" lack team_id\.$`
    client_id      = "com.acme.tickets"
    private_key    = secret("acme/apple-p8")
    private_key_id = "KEY123"
  }
  integration "misr_sms" { # want: incomplete-credentials `^Incomplete misr_sms credentials The misr_sms credentials of reseller "acme" lack sender_name\.$`
    api_key = secret("acme/misr-sms")
  }
  integration "twitter_login" {} # want: incomplete-credentials `lack client_id, client_secret\.$`
}
