# IDs that print like another of their kind: a Cyrillic а (U+0430) for a
# Latin a, a Greek ο for an o, a digit 1 for an l. The all-ASCII ID is the
# existing one, wherever it comes.
reseller "аcme" { # want: confusable-id `^Reseller "аcme" looks like "acme" The reseller "аcme" is not "acme" \(defined at look_alikes\.hcl:8:1\) but prints like it: it holds U\+0430 CYRILLIC SMALL LETTER A; rename one, or use "acme" if the same was meant\.$`
  name = "Acme (Cyrillic)"
}

reseller "acme" {
  name = "Acme Tickets"
}

company "dubai-live" {
  reseller = "acme"

  tax_band "standard" {
    rate = 5
  }
  tax_band "standаrd" { # want: confusable-id `^Tax band "standаrd" looks like "standard"`
    rate = 7
  }
}

company "dubai-1ive" { # want: confusable-id `^Company "dubai-1ive" looks like "dubai-live".*it holds U\+0031 DIGIT ONE`
  reseller = "acme"
}

company "dubai-arena" {
  reseller = "acme"
}

company "dubаi-аrenа" { # want: confusable-id `^Company "dubаi-аrenа" looks like "dubai-arena"`
  reseller = "acme"
}

feature_flag "dtсm" { # want: confusable-id `^Feature flag "dtсm" looks like "dtcm" The feature flag "dtсm" is not "dtcm" \(defined at builtin:catalog\.hcl.*U\+0441 CYRILLIC SMALL LETTER ES`
  description = "A look-alike of the built-in flag."
}

permission "manage_integratiοns" { # want: confusable-id `^Permission "manage_integratiοns" looks like "manage_integrations".*GREEK SMALL LETTER OMICRON`
  description = "A look-alike."
}
