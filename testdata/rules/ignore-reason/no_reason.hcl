# An ignore without a reason still suppresses, and is reported itself. The
# comments cannot carry a want of their own, so the wants sit above them.
reseller "acme" {
  integration "vatstack" {
    # want+1: ignore-reason `^Ignore comment without a reason Say why the finding is acceptable after "--"`
    secret_key = "sk_test_public_sandbox" # tixcfg:ignore credential-literal
  }
  integration "what3words" {
    # want+1: ignore-reason `without a reason`
    // tixcfg:ignore credential-literal --
    api_key = "w3w_sandbox_key"
  }
  integration "google_maps" {
    # want+1: ignore-reason `without a reason`
    #tixcfg:ignore credential-literal --   
    api_key = "AIza_sandbox_key"
  }
}
