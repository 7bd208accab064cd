# Suppressions that suppress nothing: the line has no finding of that rule,
# the rule does not exist (did you mean), no rule is named, or one of two
# rules is used and the other is not.
reseller "acme" {
  # want+1: unused-ignore `^Unused ignore for "credential-literal" No credential-literal finding is on line 7; remove "credential-literal" from the comment\.$`
  # tixcfg:ignore credential-literal -- rotated weekly by the ops script
  name = "Acme Tickets"

  integration "vatstack" {
    # want+1: unused-ignore `^Unused ignore for "invalid-value" No invalid-value finding is on line 11`
    secret_key = "sk_test_public_sandbox" # tixcfg:ignore credential-literal,invalid-value -- public sandbox key
  }

  # want+1: unused-ignore `^No such rule "credential-litteral" The ignore comment names "credential-litteral", which is no rule of tixcfg \(see .tixcfg rules.\), so it suppresses nothing\. Did you mean "credential-literal"\?$`
  # tixcfg:ignore credential-litteral -- sandbox
  integration "what3words" {
    api_key = secret("acme/what3words")
  }

  # want+1: unused-ignore `^Ignore comment names no rule `
  # tixcfg:ignore -- nothing named
  integration "google_maps" {
    api_key = secret("acme/google-maps")
  }
}
