company "qa-venue" {
  name        = "QA Test Venue"
  reseller    = "jegyhaz-sandbox"
  permissions = ["manage_integrations"]

  integration "vatstack" {}
}
