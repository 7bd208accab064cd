# Nile Tickets S.A.E. sells concerts and heritage shows in Egypt. Order
# approvals and rejections reach customers by SMS through its Misr SMS
# account.
reseller "nile-tickets" {
  name          = "Nile Tickets S.A.E."
  feature_flags = ["reserved_seating"]

  integration "misr_sms" {
    api_key     = secret("nile-tickets/misr-sms")
    sender_name = "NileTix"
  }

  integration "google_maps" {
    api_key = secret("nile-tickets/google-maps-js")
  }

  # Desert venues have no street address worth the name.
  integration "what3words" {
    api_key = secret("nile-tickets/what3words")
  }

  integration "facebook_login" {
    client_id     = "1187304465129950"
    client_secret = secret("nile-tickets/facebook-app-secret")
  }

  integration "twitter_login" {
    client_id     = "bmlsZXRpeC1jaGVja291dA"
    client_secret = secret("nile-tickets/twitter-oauth2")
  }

  integration "apple_login" {
    client_id      = "eg.niletickets.web"
    private_key    = secret("nile-tickets/apple/sign-in-p8")
    private_key_id = "N3T8R5V1KQ"
    team_id        = "NT9C4W7H2X"
  }

  # No designer licence: Nile Tickets' charts are drawn by Seatplan.
  integration "seatplan" {
    workspace_id     = "ws-nile-tickets"
    workspace_secret = secret("nile-tickets/seatplan/workspace")
  }
}
