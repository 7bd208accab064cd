# A comma went missing when the second flag was added.
company "abu-dhabi-comedy-club" {
  name          = "Abu Dhabi Comedy Club"
  reseller      = "gulf-tix"
  feature_flags = ["dtcm" "refund_protect_group"] # want: syntax
  permissions   = ["manage_integrations"]
}
