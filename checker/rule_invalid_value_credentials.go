package checker

import (
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/lang"
)

// checkResellerCredentialValues checks the credential values of a
// reseller's integration block of type t, of every environment, and that
// each environment is one t has.
func checkResellerCredentialValues(pass *Pass, in *lang.ResellerIntegration, t *lang.IntegrationType) {
	for _, a := range in.Attrs {
		checkNotEmpty(pass, a)
	}
	for _, e := range in.Environments {
		if len(t.Environments) > 0 && !t.HasEnvironment(e.Name) {
			pass.Reportf(e.LabelRange, nil, fmt.Sprintf("Unknown environment %q", e.Name),
				"The credentials of %q come in the environments %s.%s", t.ID, quoteList(t.Environments), didYouMean(e.Name, t.Environments))
		}
		for _, a := range e.Attrs {
			checkNotEmpty(pass, a)
		}
	}
}

// checkNotEmpty reports a credential written as an empty or blank string.
func checkNotEmpty(pass *Pass, a *lang.Attr) {
	if !a.Literal(cty.String) {
		return
	}
	if strings.TrimSpace(a.Value.AsString()) == "" {
		pass.Reportf(a.ValueRange, nil, fmt.Sprintf("Empty credential %q", a.Name),
			"Give %q a value, preferably secret(\"...\") when it is a secret, or remove it.", a.Name)
	}
}
