# The same checks in JSON syntax point at the JSON keys and values.
# want@acme.hcl.json:26: invalid-value `^Invalid value for "mode" "premium" is not allowed`
# want@acme.hcl.json:27: invalid-value `^Unknown currency "aed" .*ISO 4217 codes are upper case: "AED"\.$` invalid-value `^Too many decimal places minimum_order_value\.USD is 1\.234` invalid-value `^Negative value minimum_order_value\.EUR is -1;`
# want@acme.hcl.json:28: invalid-value `^Value too large deadline_hours is 9999;`
