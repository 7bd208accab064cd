# Copied from budapest-arena.hcl to onboard a new venue; the label was not
# changed, so this declares budapest-arena a second time.
company "budapest-arena" { # want: duplicate
  name          = "Budapest Park"
  reseller      = "jegyhaz"
  feature_flags = ["szamlazz"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("jegyhaz/budapest-park/szamlazz-agent-key")
  }
}
