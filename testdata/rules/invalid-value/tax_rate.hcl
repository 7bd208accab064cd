# A tax band's rate is a percentage from 0 to 100.
reseller "acme" {}

company "dubai-live" {
  reseller = "acme"

  tax_band "luxury" {
    rate = 150 # want: invalid-value `^Tax rate out of range The rate of tax band "luxury" is a percentage from 0 to 100\.$`
  }
  tax_band "credit" {
    rate = -2 # want: invalid-value `Tax rate out of range`
  }
}
