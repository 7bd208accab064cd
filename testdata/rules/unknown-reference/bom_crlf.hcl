# A file with a byte-order mark and CRLF line breaks: positions as usual.
reseller "acme" {}

company "dubai-live" {
  reseller = "acmee" # want: unknown-reference `Unknown reseller "acmee"`
  # tixcfg:ignore unknown-reference -- typo kept on purpose for this fixture
  parent   = "dubai-lvie"
}
