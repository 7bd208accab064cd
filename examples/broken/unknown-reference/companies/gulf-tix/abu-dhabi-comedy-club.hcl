company "abu-dhabi-comedy-club" {
  name     = "Abu Dhabi Comedy Club"
  reseller = "gulftix" # want: unknown-reference
}
