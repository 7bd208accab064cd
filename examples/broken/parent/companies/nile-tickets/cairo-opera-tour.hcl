# The Cairo leg of the opera tour is sold by Nile Tickets, but its file was
# copied from a Gulf Tix child company and kept that parent.
company "cairo-opera-tour" {
  name     = "Dubai Opera Nights: Cairo Tour"
  reseller = "nile-tickets"
  parent   = "dubai-opera-nights" # want: parent
}
