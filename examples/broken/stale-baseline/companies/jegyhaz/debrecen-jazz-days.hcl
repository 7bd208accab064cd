# The company's flag for Számlázz.hu has been added since the baseline
# was written, so the baseline's entry for its flag-required finding
# matches nothing any more.
# want@../../.tixcfg-baseline.json:6: stale-baseline
company "debrecen-jazz-days" {
  name          = "Debreceni Jazznapok"
  reseller      = "jegyhaz"
  feature_flags = ["szamlazz"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("jegyhaz/debrecen-jazz-days/szamlazz-agent-key")
  }
}
