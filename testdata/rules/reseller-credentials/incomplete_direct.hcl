# apple_login without team_id, and misr_sms with an empty sender name: a
# credential that is empty is as good as missing.
reseller "acme" {
  integration "apple_login" { # want: incomplete-credentials `lack team_id`
    client_id      = "com.acme.tickets"
    private_key    = secret("acme/apple-p8")
    private_key_id = "KEY123"
  }
  integration "misr_sms" {
    api_key     = secret("acme/misr-sms")
    sender_name = "" # want: invalid-value `Empty credential "sender_name"`
  }
}

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "apple_login" {} # want: reseller-credentials `lack team_id`
  integration "misr_sms" {}    # want: reseller-credentials `lack sender_name`
}
