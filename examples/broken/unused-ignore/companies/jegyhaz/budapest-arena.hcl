company "budapest-arena" {
  name        = "Budapest Aréna Events"
  reseller    = "jegyhaz"
  permissions = ["manage_integrations"]

  integration "vatstack" {}
}
