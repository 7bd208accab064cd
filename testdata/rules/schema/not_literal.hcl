# Values are plain literals: no variables, functions other than secret(),
# operators, conditionals, for expressions or interpolation.
reseller "acme" {
  name          = upper("acme") # want: schema `^Unknown function "upper" The only function of the language is secret\("ref"\)\.$`
  feature_flags = [for f in ["dtcm"] : f] # want: schema `^For expressions are not allowed `
}

company "dubai-live" {
  reseller            = acme # want: schema `^Variables are not allowed A bare word is a reference, but values are plain literals: to write a string, put it in quotes\.$`
  name                = "Dubai ${var.city}" # want: schema `^Interpolation is not allowed `
  global_transactions = true ? true : false # want: schema `^Conditional expressions are not allowed `
  permissions         = ["manage_integrations"]

  tax_band "standard" {
    rate = 2 + 3 # want: schema `^Only literal values are allowed `
  }
  tax_band "reduced" {
    rate = -(5) # want: invalid-value `Tax rate out of range`
  }
}

company "cairo" {
  reseller = "${"acme"}" # want: schema `^Interpolation is not allowed Values are plain literals: write the value itself instead of "\$\{\.\.\.\}"\.$`
}
