

# leading comment
reseller "acme" {

  name = "Acme Tickets"
  feature_flags = ["dtcm", "refund_protect_group"]


  integration "google_maps" { # trailing
    api_key = secret("acme/google-maps")   # secret
  }
  integration "vatstack" {
    # tixcfg:ignore credential-literal -- sandbox
    secret_key = "sk_test"

  }
  integration "misr_sms" {
      api_key = "x"
      sender_name   = <<EOT
  hello

    world
EOT
  }
}
company "dubai-live" {
	name = "Dubai"
	reseller = "acme"
  # standalone

}
# about cairo
company "cairo" {
reseller = "acme"
  permissions = [
    "manage_integrations",

    "manage_payments",
  ]
  /* block
  comment */
  tax_band "standard" { rate = 5 }
}



