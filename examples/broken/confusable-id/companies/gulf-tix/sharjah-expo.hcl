company "sharjah-expo" {
  name     = "Sharjah Expo Centre"
  reseller = "gulf-tix"
}
