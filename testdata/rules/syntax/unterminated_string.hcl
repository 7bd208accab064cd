# A string that never ends swallows the rest of the file.
# want+3: syntax `Unterminated template string` syntax `Invalid multi-line string`
# want+3: syntax `Invalid multi-line string`
reseller "acme" {
  name = "Acme Tickets
}
