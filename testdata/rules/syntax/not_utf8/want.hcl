# The file is not UTF-8; the finding points at the first bad byte.
# want@latin1.hcl:2: syntax `^Invalid UTF-8 The file is not valid UTF-8 text`
