package checker

import (
	"strings"

	"github.com/tixcfg/tixcfg/lang"
)

// guardFixes enforces lang.Fix's invariant where fixes are built: a fix
// any of whose edits would write text holding a value the portfolio masks
// as secret is dropped, so no output (diff, JSON, SARIF) can carry it.
func guardFixes(p *lang.Portfolio, diags []lang.Diagnostic) {
	guardWith(diags, func() []string { return maskedValues(p) })
}

// guardWith is guardFixes with the secret values worked out by secrets,
// called once and only when a fix writes text.
func guardWith(diags []lang.Diagnostic, secretValues func() []string) {
	var secrets []string
	loaded := false
	for i := range diags {
		d := &diags[i]
		if len(d.Fixes) == 0 {
			continue
		}
		kept := d.Fixes[:0:0]
		for _, f := range d.Fixes {
			if !loaded && writesText(f) {
				secrets, loaded = secretValues(), true
			}
			if !leaks(f, secrets) {
				kept = append(kept, f)
			}
		}
		d.Fixes = kept
	}
}

func writesText(f lang.Fix) bool {
	for _, e := range f.Edits {
		if e.NewText != "" {
			return true
		}
	}
	return false
}

func leaks(f lang.Fix, secrets []string) bool {
	for _, e := range f.Edits {
		if e.NewText == "" {
			continue
		}
		for _, s := range secrets {
			if strings.Contains(e.NewText, s) {
				return true
			}
		}
	}
	return false
}

// maskedValues is the source text of every range the portfolio masks.
func maskedValues(p *lang.Portfolio) []string {
	var out []string
	for _, f := range p.Files {
		out = append(out, fileMaskedValues(p, f)...)
	}
	return out
}

// fileMaskedValues is maskedValues of one file.
func fileMaskedValues(p *lang.Portfolio, f *lang.File) []string {
	var out []string
	for _, r := range p.Masks(f.Name) {
		if 0 <= r.Start.Byte && r.Start.Byte < r.End.Byte && r.End.Byte <= len(f.Src) {
			if v := strings.Trim(string(f.Src[r.Start.Byte:r.End.Byte]), `"`); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}
