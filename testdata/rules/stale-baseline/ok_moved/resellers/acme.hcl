# The baseline was written when every block was in one file, with the
# company above the reseller: its findings are at other lines and in
# another file now, and still match.
reseller "acme" {
  feature_flags = ["dtcm"]
}
