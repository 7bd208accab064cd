# Number literals in JSON syntax are bounded too, also inside string
# templates, which HCL evaluates; plain strings are only text.
# want@acme.hcl.json:4: invalid-value `^Number out of range The number 1e-999999 `
# want@acme.hcl.json:5: invalid-value `^Number out of range The number 1e999999 `
# want@acme.hcl.json:13: invalid-value `^Number out of range The number 0\.5e-999999 `
