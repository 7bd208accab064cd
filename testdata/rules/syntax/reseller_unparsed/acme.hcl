# The error cuts the reseller short: its google_maps credentials and its
# dtcm flag are not read, so nothing is concluded from their absence.
reseller "acme" {
  name          = "Acme Tickets"
  feature_flags = ["refund_protect_group", "dtcm"
  integration "google_maps" { # want: syntax `^Missing item separator `
    api_key = secret("acme/google-maps")
  }
}
