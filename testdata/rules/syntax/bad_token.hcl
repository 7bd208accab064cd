reseller "acme" {
  name = "Acme Tickets"
  feature_flags = ["dtcm",, "szamlazz"] # want: syntax `^Invalid expression Expected the start of an expression`
}
