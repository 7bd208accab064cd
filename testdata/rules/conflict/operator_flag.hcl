# An operator flag that conflicts with a built-in one: conflicts are
# symmetric, whichever side declares them.
feature_flag "in_house_invoicing" {
  description    = "Invoices issued by the company's own system."
  conflicts_with = ["szamlazz"]
}

reseller "acme" {
  feature_flags = ["szamlazz", "in_house_invoicing"]
}

company "budapest" {
  reseller      = "acme"
  feature_flags = ["in_house_invoicing", "szamlazz"] # want: conflict `"szamlazz" conflicts with "in_house_invoicing" on company "budapest"`
}
