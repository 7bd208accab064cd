# Operator catalog declarations refer to flags and permissions too.
feature_flag "early_access" {
  conflicts_with = ["szamlaz"] # want: unknown-reference `^Unknown feature flag "szamlaz" .* Did you mean "szamlazz"\?$`
}

integration_type "mailchimp" {
  category     = "marketing"
  feature_flag = "mailchimp" # want: unknown-reference `^Unknown feature flag "mailchimp" .*declare your own with a feature_flag block\)\.$`
  permissions  = ["manage_marketing"] # want: unknown-reference `^Unknown permission "manage_marketing"`
}
