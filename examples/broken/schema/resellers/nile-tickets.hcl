reseller "nile-tickets" {
  name = "Nile Tickets S.A.E."

  integration "google_maps" {
    api_key = secret("nile-tickets/google-maps-js")
  }

  integration "misr_sms" {
    api_key     = secret("nile-tickets/misr-sms")
    sender_name = "NileTix"
  }
}
