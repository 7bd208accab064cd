# References to resellers and parent companies.
reseller "acme" {}

company "dubai-live" {
  reseller = "acmee" # want: unknown-reference `^Unknown reseller "acmee" No reseller "acmee" is defined\. Did you mean "acme"\?$`
}

company "dubai-live-kids" {
  reseller = "acme"
  parent   = "dubai-lve" # want: unknown-reference `^Unknown company "dubai-lve" No company "dubai-lve" is defined to be the parent\. Did you mean "dubai-live"\?$`
}

company "cairo" {
  reseller = "globex" # want: unknown-reference `^Unknown reseller "globex" No reseller "globex" is defined\.$`
  parent   = "alexandria" # want: unknown-reference `^Unknown company "alexandria" No company "alexandria" is defined to be the parent\.$`
}
