package snapshot

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/tixcfg/tixcfg/lang"
)

// InvalidError lists what is wrong with a snapshot, one problem a line.
// A problem names a place in the document (a JSON pointer) and never a
// value there, which may be a secret written where a reference belongs.
type InvalidError struct {
	Problems []string
}

func (e *InvalidError) Error() string { return strings.Join(e.Problems, "\n") }

// Load reads a snapshot a deploy pipeline is given and checks it: it is
// of this format (schema_version and $schema), it validates against the
// schema generated for cat, and its digest is that of its content. With
// cat nil the schema is the built-in catalog's, which checks the types an
// operator declares for shape only; with a portfolio's catalog, the
// snapshot must also have been built against it. A snapshot that fails
// is an *InvalidError.
func Load(data []byte, cat *lang.Catalog) (*Doc, error) {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, &InvalidError{Problems: []string{"not JSON: " + err.Error()}}
	}
	obj, ok := inst.(map[string]any)
	if !ok {
		return nil, &InvalidError{Problems: []string{"not a JSON object"}}
	}
	// Another version is another format: its schema is not this one.
	if v, _ := obj["schema_version"].(json.Number); v != json.Number(fmt.Sprint(SchemaVersion)) {
		return nil, &InvalidError{Problems: []string{fmt.Sprintf("schema_version is %s; this tixcfg reads schema_version %d", describe(obj["schema_version"]), SchemaVersion)}}
	}
	specific := cat != nil
	if !specific {
		cat = builtinCatalog()
	}
	sch, err := compiled(cat)
	if err != nil {
		return nil, err
	}
	var problems []string
	if err := sch.Validate(inst); err != nil {
		ve, ok := err.(*jsonschema.ValidationError)
		if !ok {
			return nil, err
		}
		problems = leaves(ve, problems)
		slices.Sort(problems)
		problems = slices.Compact(problems)
	}
	if stored, ok := obj["digest"].(string); ok {
		if sum, err := contentDigest(data); err != nil {
			problems = append(problems, "digest: "+err.Error())
		} else if sum != stored {
			problems = append(problems, fmt.Sprintf("digest: the content hashes to %s, not to the digest written (edited after build?)", sum))
		}
	}
	if c, _ := obj["catalog"].(map[string]any); specific && c != nil && c["digest"] != cat.Digest() {
		problems = append(problems, fmt.Sprintf("catalog: built against another catalog than the portfolio's (%s)", cat.Digest()))
	}
	if len(problems) > 0 {
		return nil, &InvalidError{Problems: problems}
	}
	var d Doc
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, &InvalidError{Problems: []string{err.Error()}}
	}
	return &d, nil
}

var builtinCatalog = sync.OnceValue(func() *lang.Catalog { return lang.Assemble(nil).Catalog })

// lastSchema is the schema compiled last, by catalog digest: compiling
// costs more than validating a snapshot, and a pipeline or a test loads
// many against one catalog. One entry, so it never grows.
var lastSchema atomic.Pointer[compiledSchema]

type compiledSchema struct {
	digest string
	sch    *jsonschema.Schema
}

// compiled is the compiled schema of a catalog.
func compiled(cat *lang.Catalog) (*jsonschema.Schema, error) {
	digest := cat.Digest()
	if c := lastSchema.Load(); c != nil && c.digest == digest {
		return c.sch, nil
	}
	sch, err := compile(cat)
	if err != nil {
		return nil, err
	}
	lastSchema.Store(&compiledSchema{digest, sch})
	return sch, nil
}

func compile(cat *lang.Catalog) (*jsonschema.Schema, error) {
	data, err := Schema(cat)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaIDFor(cat), doc); err != nil {
		return nil, err
	}
	return c.Compile(SchemaIDFor(cat))
}

// describe names a JSON value's type, or shows it when it is a number.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "missing"
	case json.Number:
		return string(v)
	}
	return "not a number"
}

// leaves appends a problem for each failure without causes, in words
// that show no value of the document.
func leaves(ve *jsonschema.ValidationError, out []string) []string {
	if len(ve.Causes) > 0 {
		for _, c := range ve.Causes {
			out = leaves(c, out)
		}
		return out
	}
	at := "/" + strings.Join(ve.InstanceLocation, "/")
	var msg string
	switch k := ve.ErrorKind.(type) {
	case *kind.Type:
		msg = fmt.Sprintf("is %s, want %s", k.Got, strings.Join(k.Want, " or "))
	case *kind.Required:
		msg = "lacks " + strings.Join(k.Missing, ", ")
	case *kind.AdditionalProperties:
		msg = "has members the schema does not allow: " + strings.Join(k.Properties, ", ")
	case *kind.Const:
		msg = fmt.Sprintf("must be %v", k.Want)
	case *kind.Enum:
		msg = fmt.Sprintf("must be one of %v", k.Want)
	case *kind.Pattern:
		msg = "does not match " + k.Want
	case *kind.MaxProperties:
		msg = fmt.Sprintf("must have at most %d members", k.Want)
	case *kind.FalseSchema:
		msg = "is not allowed here"
	default:
		msg = "fails the schema's " + strings.Join(ve.ErrorKind.KeywordPath(), "/")
	}
	return append(out, at+": "+msg)
}

// contentDigest recomputes a snapshot's digest as Encode defines it: the
// compact document without its digest member.
func contentDigest(data []byte) (string, error) {
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil {
		return "", err
	}
	c := buf.Bytes()
	dec := json.NewDecoder(bytes.NewReader(c))
	if _, err := dec.Token(); err != nil {
		return "", err
	}
	for dec.More() {
		start := dec.InputOffset() // at the comma before the key, or the first key
		key, err := dec.Token()
		if err != nil {
			return "", err
		}
		if err := dec.Decode(new(json.RawMessage)); err != nil {
			return "", err
		}
		if key != "digest" {
			continue
		}
		end := dec.InputOffset()
		if c[start] != ',' && end < int64(len(c)) && c[end] == ',' {
			end++ // the first member: drop the comma after it instead
		}
		sum := sha256.Sum256(slices.Concat(c[:start], c[end:]))
		return "sha256:" + hex.EncodeToString(sum[:]), nil
	}
	return "", fmt.Errorf("no digest member")
}
