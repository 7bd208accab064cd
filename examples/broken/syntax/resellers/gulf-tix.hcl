reseller "gulf-tix" {
  name          = "Gulf Tix FZ-LLC"
  feature_flags = ["dtcm", "refund_protect_group"]
}
