# Complete sets: direct, per environment (one environment is enough for
# this rule: which one a company needs is reseller-credentials' business),
# and a company's own credentials.
integration_type "mailchimp" {
  category = "marketing"

  reseller {
    credential "api_key" {
      secret = true
    }
    credential "server_prefix" {
      required = false
    }
  }
}

reseller "acme" {
  feature_flags = ["dtcm", "szamlazz"]

  integration "apple_login" {
    client_id      = "com.acme.tickets"
    private_key    = secret("acme/apple-p8")
    private_key_id = "KEY123"
    team_id        = "TEAM123"
  }
  integration "refund_protect_group" {
    environment "test" {
      client_id     = "acme-test"
      client_secret = secret("acme/rpg-test-secret")
      api_key       = secret("acme/rpg-test-key")
      vendor_code   = "ACM01T"
    }
  }
  integration "mailchimp" {
    api_key = secret("acme/mailchimp")
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm", "szamlazz"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "dtcm" {
    mode          = "live"
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
  integration "szamlazz" {
    agent_key = secret("dubai-live/szamlazz")
  }
}
