# Attributes of integration blocks are checked against the catalog: an
# unknown one lists what the integration accepts and suggests the closest.
# The misspelt api_key is also missing, for the reseller and for the
# company that relies on it.
reseller "acme" {
  feature_flags = ["dtcm"]

  integration "google_maps" { # want: incomplete-credentials `lack api_key`
    api_kye = secret("acme/google-maps") # want: schema `^Unsupported attribute "api_kye" The integration "google_maps" of reseller "acme" accepts "api_key"\. Did you mean "api_key"\?$`
  }
  integration "what3words" {
    api_key = secret("acme/what3words")
    region  = "eu" # want: schema `Unsupported attribute "region" The integration "what3words" of reseller "acme" accepts "api_key"\.$`
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]

  integration "dtcm" {
    mode          = "live"
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_kye = secret("dubai-live/dtcm-token-key") # want: schema `^Unsupported attribute "token_api_kye" The integration "dtcm" of company "dubai-live" accepts "api_key", "client_id", "client_secret", "mode", "seller_code" and "token_api_key"\. Did you mean "token_api_key"\?$`
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
  integration "what3words" {
    api_key = secret("dubai-live/what3words") # want: schema `^Unsupported attribute "api_key" The integration "what3words" of company "dubai-live" takes no company settings: enable it with an empty block, integration "what3words" \{\}\.$`
  }
  integration "google_maps" { # want: reseller-credentials `lack api_key`
    dynamic_map = true # want: schema `Did you mean "dynamic_maps"\?`
  }
}
