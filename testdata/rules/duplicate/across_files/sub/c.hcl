# A file in a sub-folder comes after b.hcl by path: it is a later one too.
reseller "acme" { # want: duplicate `^Duplicate reseller "acme" .* at a\.hcl:2:1;`
  name = "Acme Tickets (third)"
}
