reseller "acme" {
  integration "apple_login" {
    client_id      = "com.acme.tickets"
    private_key    = secret("acme/apple-p8")
    private_key_id = "KEY123"
    team_id        = "TEAM123"
  }
}
