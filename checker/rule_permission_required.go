package checker

import (
	"fmt"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var rulePermissionRequired = &Rule{
	ID:         ruleid.PermissionRequired,
	Severity:   lang.Error,
	Since:      "v0.1.0",
	ReportedBy: "the checker, over the whole portfolio (checker/rule_permission_required.go)",
	Doc:        "A company enables an integration without the permission it needs.",
	Details: `Every integration needs the permissions the catalog lists for it: by
default those whose required_for is "all_integrations" (manage_integrations),
plus "payment_integrations" ones (manage_payments) for payment integrations.`,
	Fixes: "review: add the missing permissions to the company's permissions.",
	Check: checkPermissionRequired,
}

func checkPermissionRequired(pass *Pass) {
	for cs := range pass.statuses() {
		c := cs.Company
		if unknownList(c.Permissions) {
			continue
		}
		forEachConfigured(cs, func(s *IntegrationStatus) {
			st := s.Step(StepPermissions)
			if st.Status != Missing || st.out == permUndeclared {
				return // an undeclared permission is unknown-reference's finding: no company can add it
			}
			pass.Reportf(s.Block.DefRange, []lang.Related{{Message: fmt.Sprintf("permissions of company %q", c.ID), Range: st.Where}},
				fmt.Sprintf("Integration %q needs a permission company %q lacks", s.Type.ID, c.ID),
				"%s; %s needs %s. Add it to the company's permissions.", capitalize(st.Message()), s.Type.ID, quoteList(s.Type.Permissions))
			pass.attachFixes(permissionFixes(pass.Portfolio, c, st.names))
		})
	}
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
