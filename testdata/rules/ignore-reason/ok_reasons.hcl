# Reasons after "--", trailing or on the line before, with "#" or "//";
# "--" inside the reason is part of it.
reseller "acme" {
  integration "vatstack" {
    secret_key = "sk_test_public_sandbox" # tixcfg:ignore credential-literal -- public sandbox key
  }
  integration "what3words" {
    // tixcfg:ignore credential-literal -- demo key -- see docs/keys.md
    api_key = "w3w_sandbox_key"
  }
}
