# IDs that differ in what they show are not look-alikes, and the same ID
# twice is a duplicate, not a look-alike.
reseller "acme" {
  name = "Acme Tickets"
}

reseller "acme-events" {
  name = "Acme Events"
}

reseller "nile-tickets" {
  name = "Nile"
}

company "dubai-live" {
  reseller = "acme"

  tax_band "standard" {
    rate = 5
  }
  tax_band "reduced" {
    rate = 2.5
  }
}

company "dubai-live-kids" {
  reseller = "acme"
}
