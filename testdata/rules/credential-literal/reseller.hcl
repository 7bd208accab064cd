# Literal secrets at the reseller, directly and inside an environment. The
# message names the attribute but never repeats the value.
reseller "acme" {
  feature_flags = ["refund_protect_group"]

  integration "vatstack" {
    secret_key = "sk_live_51HxQ2eKd93" # want: credential-literal `^Secret "secret_key" written as a literal "secret_key" of integration "vatstack" of reseller "acme" is a secret: write secret\("\.\.\."\)`
  }
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = "rpg-live-0f9a8b7c" # want: credential-literal `Secret "client_secret" written as a literal`
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
  }
  integration "apple_login" {
    client_id      = "com.acme.tickets"
    # want+1: credential-literal `Secret "private_key" written as a literal`
    private_key    = <<-EOT
      -----BEGIN PRIVATE KEY-----
      MIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg
      -----END PRIVATE KEY-----
      EOT
    private_key_id = "KEY123"
    team_id        = "TEAM123"
  }
}
