# A reason written without "--" is read as the reason, not as more rule
# names: one warning with the right form, and the suppression applies.
reseller "acme" {
  integration "vatstack" {
    # want+1: ignore-reason `^Reason without "--" The words after "credential-literal" are read as the reason; write it after "--": # tixcfg:ignore credential-literal -- legacy key\. Several rules are separated by commas\.$`
    # tixcfg:ignore credential-literal legacy key
    secret_key = "sk_test_public_sandbox"
  }
}

company "dubai-live" {
  reseller = "acme"
  # want+2: ignore-reason `^Reason without "--" The words after "schema,duplicate" .* # tixcfg:ignore schema,duplicate -- kept for the old portal\.`
  # want+1: unused-ignore `^Unused ignore for "duplicate" `
  bogus = 1 # tixcfg:ignore schema, duplicate kept for the old portal
}
