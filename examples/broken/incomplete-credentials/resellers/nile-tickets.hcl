reseller "nile-tickets" {
  name = "Nile Tickets S.A.E."

  integration "misr_sms" {
    api_key     = secret("nile-tickets/misr-sms")
    sender_name = "NileTix"
  }

  # Sign in with Apple is being set up; the team ID is still missing.
  integration "apple_login" { # want: incomplete-credentials
    client_id      = "eg.niletickets.web"
    private_key    = secret("nile-tickets/apple/sign-in-p8")
    private_key_id = "N3T8R5V1KQ"
  }
}
