company "dubai-opera-nights" {
  name     = "Dubai Opera Nights"
  reseller = "gulf-tix"
}
