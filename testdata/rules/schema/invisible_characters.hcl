# IDs with characters that do not show, and strings with NUL: two IDs
# that print the same must not be two IDs, and a NUL ends a string for
# programs written in C.
reseller "acme\u200b" { # want: schema `^Invisible character in ID The ID holds U\+200B at byte 4, a control, zero-width or format character`
  name = "Acme"
}

reseller "acme\u0000x" { # want: schema `^Invisible character in ID The ID holds U\+0000 at byte 4`
  name = "Acme\u0000 Tickets" # want: schema `^NUL character in string`
}

reseller "gulf\u202Etix" { # want: schema `U\+202E`
  name = "Gulf"
}

company "dubai-live" {
  reseller = "acme"
  name     = "tab\tand\nnew line are fine in a name"

  tax_band "bad\tband" { # want: schema `U\+0009`
    rate = 5
  }
}

reseller "acme" {
  integration "google_maps" {
    api_key = secret("acme/maps\u0000") # want: schema `^NUL character in string`
  }
}
