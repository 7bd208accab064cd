# The junior league settles its payments through the arena (global
# transactions), yet someone gave it a Számlázz.hu agent key of its own.
company "budapest-arena-junior" {
  name                = "Budapest Aréna Junior League"
  reseller            = "jegyhaz"
  parent              = "budapest-arena"
  global_transactions = true
  feature_flags       = ["szamlazz"]
  permissions         = ["manage_integrations", "manage_payments"]

  integration "szamlazz" { # want: managed-by-parent
    agent_key = secret("jegyhaz/budapest-arena-junior/szamlazz-agent-key")
  }

  integration "facebook_login" {}
}
