# JSON files cannot carry comments: the expectation names the file.
# want@acme.hcl.json:6: credential-literal `Secret "api_key" written as a literal "api_key" of integration "google_maps" of reseller "acme"`
