# Literal secrets in a company's own credentials (dtcm); client_id and
# seller_code are identifiers, not secrets.
reseller "acme" {
  feature_flags = ["dtcm", "szamlazz"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]

  integration "dtcm" {
    mode          = "live"
    api_key       = "dtcm-key-8f7e6d" # want: credential-literal `"api_key" of integration "dtcm" of company "dubai-live" is a secret`
    token_api_key = "dtcm-token-1a2b3c" # want: credential-literal `"token_api_key" of integration "dtcm" of company "dubai-live"`
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
}

company "budapest" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = "agent-5e4d3c2b1a" # want: credential-literal `"agent_key" of integration "szamlazz" of company "budapest"`
  }
}
