# The reseller provides no google_maps credentials at all: the finding sits
# on the company's integration block and points at the reseller's header.
reseller "acme" {
  name = "Acme Tickets"
}

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "google_maps" {} # want: reseller-credentials `^Reseller "acme" lacks the google_maps credentials .*reseller "acme" provides no google_maps credentials \(api_key\)`
}
