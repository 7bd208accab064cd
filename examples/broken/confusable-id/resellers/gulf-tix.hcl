reseller "gulf-tix" {
  name = "Gulf Tix FZ-LLC"
}
