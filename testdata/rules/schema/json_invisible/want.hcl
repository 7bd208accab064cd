# The same in JSON syntax.
# want@r.hcl.json:3: schema `^Invisible character in ID The ID holds U\+200D`
# want@r.hcl.json:4: schema `^NUL character in string` schema `^NUL character in string`
