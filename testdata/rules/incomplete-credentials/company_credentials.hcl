# A company's own credentials: dtcm and szamlazz.
reseller "acme" {
  feature_flags = ["dtcm", "szamlazz"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]

  integration "dtcm" { # want: incomplete-credentials `^Incomplete dtcm credentials Company "dubai-live" enables dtcm without token_api_key, seller_code\.$`
    mode          = "live"
    api_key       = secret("dubai-live/dtcm-api-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
  }
}

company "budapest" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {} # want: incomplete-credentials `Company "budapest" enables szamlazz without agent_key\.`
}
