# The reseller lives in another file; only twitter_login lacks credentials.
company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "facebook_login" {}
  integration "twitter_login" {} # want: reseller-credentials `provides no twitter_login credentials \(client_id, client_secret\)`
}
