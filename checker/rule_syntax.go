package checker

import (
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleSyntax = &Rule{
	ID:         ruleid.Syntax,
	Severity:   lang.Error,
	Since:      "v0.1.0",
	ReportedBy: "the loader, while it reads and parses each file (lang/load.go)",
	Doc:        "A file does not parse as HCL (native syntax or JSON), is not UTF-8 text, or is too large.",
	Details: `The loader reports this rule; it cannot be disabled or suppressed, because
nothing else can be trusted in a file that does not parse. The other files
are still checked, so one broken file does not hide the errors of the rest.`,
}
