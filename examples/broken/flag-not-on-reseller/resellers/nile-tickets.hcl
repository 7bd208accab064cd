# Nile Tickets has no DTCM contract: DTCM is Dubai's event registry.
reseller "nile-tickets" {
  name          = "Nile Tickets S.A.E."
  feature_flags = []

  integration "misr_sms" {
    api_key     = secret("nile-tickets/misr-sms")
    sender_name = "NileTix"
  }
}
