reseller "acme" {
  name = "Acme Tickets"

  integration "facebook_login" {
    client_id     = "acme-fb"
    client_secret = secret("acme/facebook")
  }
}
