package engine

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// checkFolder is a folder of files checked by Check with one cache
// kept across its checks, compared each time with a cold run.
type checkFolder struct {
	t     *testing.T
	dir   string
	cache *lang.Cache
	opts  checker.Options
	// maxSize is lang.Options.MaxFileSize, for cold and resumed checks.
	maxSize int64
}

func newCheckFolder(t *testing.T, files map[string]string) *checkFolder {
	t.Helper()
	r := &checkFolder{t: t, dir: t.TempDir(), cache: &lang.Cache{Dir: t.TempDir(), Version: "test"}}
	for name, src := range files {
		r.put(name, src)
	}
	return r
}

func (r *checkFolder) put(name, src string) {
	r.t.Helper()
	path := filepath.Join(r.dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// check runs Check and a cold run on the folder as it is and reports any
// difference in findings or in the masks of the files they show; resumed
// says whether Check must have started from its kept state.
func (r *checkFolder) check(step string, resumed bool) *Checked {
	r.t.Helper()
	p, err := lang.Load([]string{r.dir}, lang.Options{WorkDir: r.dir, MaxFileSize: r.maxSize})
	if err != nil {
		r.t.Fatal(err)
	}
	want := checker.Run(p, r.opts)
	in, err := lang.ReadInputs([]string{r.dir}, lang.Options{WorkDir: r.dir, Cache: r.cache, MaxFileSize: r.maxSize})
	if err != nil {
		r.t.Fatal(err)
	}
	got, err := Check(in, "check", r.opts)
	if err != nil {
		r.t.Fatal(err)
	}
	if resumed && got.Decoded < 0 {
		r.t.Fatalf("%s: Check did not start from its kept state", step)
	}
	if !reflect.DeepEqual(want.Diagnostics, got.Diagnostics) {
		if diff := cmp.Diff(want.Diagnostics, got.Diagnostics, cmpopts.EquateEmpty()); diff != "" {
			r.t.Errorf("%s: Check (%d decoded) differs from a cold run (-cold +Check):\n%s", step, got.Decoded, diff)
		}
	}
	for _, name := range p.FileNames() {
		if g, w := got.Sources.Masks(name), p.Masks(name); !slices.Equal(g, w) && shows(want.Diagnostics, name) {
			r.t.Errorf("%s: masks of %s are %v, a cold run's %v", step, name, g, w)
		}
	}
	return got
}

const checkResellers = `reseller "r1" {
  name          = "R1"
  feature_flags = ["dtcm"]
}

reseller "r2" {
  name = "R2"
}
`

// TestCheckLaysOutLoaderFixes: a loader finding's fix (renaming a
// misspelt attribute) keeps the block's "=" aligned in a resumed check as
// in Run: checker.Finish lays out the loader's fixes (it once did not,
// in the workspace too).
func TestCheckLaysOutLoaderFixes(t *testing.T) {
	r := newCheckFolder(t, map[string]string{
		"resellers.hcl": checkResellers,
		"a.hcl": `company "a" {
  name    = "A"
  resellr = "r1"
}
`,
		"b.hcl": "company \"b\" {\n  name     = \"B\"\n  reseller = \"r1\"\n}\n",
		"c.hcl": "company \"c\" {\n  name     = \"C\"\n  reseller = \"r2\"\n}\n",
		"d.hcl": "company \"d\" {\n  name     = \"D\"\n  reseller = \"r2\"\n}\n",
	})
	r.check("first", false)
	r.put("a.hcl", `# edited
company "a" {
  name    = "A"
  resellr = "r1"
}
`)
	r.check("a.hcl edited", true)
}

// TestCheckCompanyWithoutReseller: a company without a reseller
// attribute resolves to the reseller declared with the empty ID
// (ResellerOf looks up c.Reseller.Str(), which is ""), so it reads that
// reseller's key: an edit of reseller "" decides it again (it once did
// not, in the workspace too).
func TestCheckCompanyWithoutReseller(t *testing.T) {
	r := newCheckFolder(t, map[string]string{
		"empty.hcl": "reseller \"\" {\n  name = \"E\"\n}\n",
		"a.hcl":     "company \"a\" {\n  name          = \"A\"\n  feature_flags = [\"dtcm\"]\n}\n",
		"b.hcl":     "company \"b\" {\n  name     = \"B\"\n  reseller = \"r1\"\n}\n",
		"c.hcl":     checkResellers,
		"d.hcl":     "company \"d\" {\n  name     = \"D\"\n  reseller = \"r2\"\n}\n",
	})
	r.check("first", false)
	r.put("empty.hcl", "reseller \"\" {\n  name          = \"E\"\n  feature_flags = [\"dtcm\"]\n}\n")
	r.check("reseller \"\" given the flag", true)
}

const checkCatalog = `integration_type "my_type" {
  name        = "Mine"
  description = "mine"
  category    = "platform_service"

  company {
    setting "theme" {
      allowed = ["light", "dark"]
    }
  }
}
`

// TestCheckCatalogDigest: an edit of a catalog declaration that keeps
// every length (an allowed value renamed) changes the catalog, so the
// check starts cold (a digest of the declarations' ranges alone once
// missed it, and a company not decoded kept the old catalog's findings);
// a comment after the declarations does not, so the check resumes.
func TestCheckCatalogDigest(t *testing.T) {
	r := newCheckFolder(t, map[string]string{
		"catalog.hcl":   checkCatalog,
		"resellers.hcl": checkResellers,
		"a.hcl":         "company \"a\" {\n  name     = \"A\"\n  reseller = \"r1\"\n\n  integration \"my_type\" {\n    theme = \"dark\"\n  }\n}\n",
		"b.hcl":         "company \"b\" {\n  name     = \"B\"\n  reseller = \"r1\"\n}\n",
		"c.hcl":         "company \"c\" {\n  name     = \"C\"\n  reseller = \"r2\"\n}\n",
	})
	r.check("first", false)
	r.put("catalog.hcl", checkCatalog+"\n# a comment after the declarations\n")
	r.check("a comment after the declarations", true)
	r.put("catalog.hcl", strings.Replace(checkCatalog, `"dark"]`, `"dusk"]`, 1))
	if c := r.check("allowed value renamed", false); c.Decoded >= 0 {
		t.Errorf("the catalog changed, but the check started from its kept state (%d files decoded)", c.Decoded)
	}
}

// TestCheckOddFilesAndReferences: a catalog file that also declares a
// company, edited below its catalog declarations (the digest stays, the
// check resumes); a .hcl.json company file; a reseller attribute that is
// not a string; a parent cycle across two files, then broken; a
// reseller's flags changed.
func TestCheckOddFilesAndReferences(t *testing.T) {
	cat := checkCatalog + "\ncompany \"k\" {\n  name     = \"K\"\n  reseller = \"r1\"\n  feature_flags = [\"dtcm\", \"szamlazz\"]\n}\n"
	r := newCheckFolder(t, map[string]string{
		"catalog.hcl":   cat,
		"resellers.hcl": checkResellers,
		"a.hcl.json":    `{"company": {"a": {"name": "A", "reseller": "r2", "feature_flags": ["dtcm"], "parent": "k"}}}`,
		"b.hcl":         "company \"b\" {\n  name     = \"B\"\n  reseller = 5\n  parent = \"a\"\n}\n",
		"c.hcl":         "company \"c\" {\n  name     = \"C\"\n  reseller = \"r2\"\n  parent = \"cc\"\n}\n",
		"d.hcl":         "company \"cc\" {\n  name     = \"C\"\n  reseller = \"r1\"\n  parent = \"c\"\n}\n",
	})
	r.check("first", false)
	r.put("catalog.hcl", strings.Replace(cat, `"szamlazz"]`, `"szamlazz", "nope"]`, 1))
	r.check("company of the catalog file edited", true)
	r.put("a.hcl.json", `{"company": {"a": {"name": "A", "reseller": "r1", "feature_flags": ["dtcm", "nope"], "parent": "k"}}}`)
	r.check("json edited", true)
	r.put("d.hcl", "company \"cc\" {\n  name     = \"C\"\n  reseller = \"r1\"\n  parent = \"k\"\n}\n")
	r.check("cycle broken", true)
	r.put("resellers.hcl", strings.Replace(checkResellers, `"dtcm"]`, `"dtcm", "nope"]`, 1))
	r.check("reseller flags", true)
}

// TestCheckTooLargeFiles: a file that shrinks below the size limit,
// grows past it again, and changes while keeping its size (the same key:
// no resumed decoding, the state is reused as is).
func TestCheckTooLargeFiles(t *testing.T) {
	big := "company \"a\" {\n  name     = \"A\"\n  reseller = \"r1\"\n}\n" + "# " + strings.Repeat("x", 400) + "\n"
	r := newCheckFolder(t, map[string]string{
		"resellers.hcl": checkResellers,
		"a.hcl":         big,
		"b.hcl":         "company \"b\" {\n  name     = \"B\"\n  reseller = \"r1\"\n  parent   = \"a\"\n}\n",
		"c.hcl":         "company \"c\" {\n  name     = \"C\"\n  reseller = \"r2\"\n}\n",
		"d.hcl":         "company \"d\" {\n  name     = \"D\"\n  reseller = \"r2\"\n}\n",
	})
	r.maxSize = 300
	r.check("first", false)
	r.put("a.hcl", "company \"a\" {\n  name     = \"A\"\n  reseller = \"r1\"\n}\n")
	r.check("a small", true)
	r.put("a.hcl", big)
	r.check("a large", true)
	r.put("a.hcl", strings.Replace(big, "xxx", "yyy", 1))
	r.check("a large, same size", true)
}
