# secret() is the whole value of a credential, with one non-empty string.
reseller "acme" {
  name          = secret("acme/name") # want: schema `^secret\(\) is not allowed here "name" is not a credential`
  feature_flags = [secret("acme/flag")] # want: schema `^Misplaced secret\(\) `

  integration "google_maps" {
    api_key = secret("") # want: schema `^Invalid secret reference `
  }
  integration "what3words" {
    api_key = secret("acme/w3w", "v2") # want: schema `^Invalid secret() call|^Invalid secret\(\) call`
  }
  integration "vatstack" {
    secret_key = secret(acme) # want: schema `^Variables are not allowed`
  }
}
