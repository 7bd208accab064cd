# Számlázz.hu was set up for the jazz days, but the company's flag was
# forgotten.
company "debrecen-jazz-days" {
  name        = "Debreceni Jazznapok"
  reseller    = "jegyhaz"
  permissions = ["manage_integrations", "manage_payments"]

  integration "szamlazz" { # want: flag-required
    agent_key = secret("jegyhaz/debrecen-jazz-days/szamlazz-agent-key")
  }
}
