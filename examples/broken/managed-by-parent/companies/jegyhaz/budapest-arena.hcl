company "budapest-arena" {
  name          = "Budapest Aréna Events"
  reseller      = "jegyhaz"
  feature_flags = ["szamlazz"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("jegyhaz/budapest-arena/szamlazz-agent-key")
  }
}
