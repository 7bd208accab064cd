company "sharjаh-expo" { # want: confusable-id
  name     = "Sharjah Expo Centre, Hall B"
  reseller = "gulf-tix"
}
