# Ignores that each suppress something: on the line before, trailing the
# line, with "//", and with two rules that both find something on one line.
# The text "tixcfg:ignore" inside a string or a heredoc is no comment.
reseller "acme" {
  name = "Acme # tixcfg:ignore schema"

  integration "vatstack" {
    # tixcfg:ignore credential-literal -- public sandbox key from the VATstack docs
    secret_key = "sk_test_public_sandbox"
  }
  integration "what3words" {
    api_key = "w3w_sandbox_key" // tixcfg:ignore credential-literal -- what3words demo key
  }
}

company "dubai-live" {
  reseller = "acme"

  integration "google_maps" {} # tixcfg:ignore reseller-credentials,permission-required -- being set up this week
}

company "cairo" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "what3words" {
    # tixcfg:ignore schema -- field added in the next catalog release
    language = <<-EOT
      en # tixcfg:ignore schema
      EOT
  }
}

company "alexandria" {
  reseller = "acme"
  feature_flags = [
    "dtcm", # tixcfg:ignore flag-not-on-reseller -- the reseller gets dtcm in the next release
  ]
}
