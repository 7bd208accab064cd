# The same checks in JSON syntax; the expectations name the JSON file.
# want@acme.hcl.json:7: schema `Unsupported attribute "api_kye".*Did you mean "api_key"\?`
# want@acme.hcl.json:16: schema `^Extraneous JSON object property No argument or block type is named "colour"\.`
# want@acme.hcl.json:19: schema `"dynamic_maps" must be true or false, not a string\.`
# want@acme.hcl.json:6: incomplete-credentials `lack api_key`
# want@acme.hcl.json:18: reseller-credentials `lack api_key`
