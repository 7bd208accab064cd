# want@acme.hcl.json:4: syntax `^Trailing comma in object `
