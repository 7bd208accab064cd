package lang

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"

	"github.com/hashicorp/hcl/v2"
)

// CheckState is what a check found on a set of inputs, file by file, kept
// in the cache so that the next check in a fresh process decodes and
// decides only what the files changed since can reach (see engine.Check).
// It is a wire struct of the cache, written with the codec's walker: the
// declarations of each file by ID and ranges, the findings of each file
// as a check reports them (fixes guarded, as a kept Result holds them) and
// the masks of the files they show. Like every entry it holds no literal
// value of a credential or setting.
type CheckState struct {
	Files   []StateFile   // sorted by name
	Buckets []StateBucket // sorted by name; only files with findings
	Masks   []StateMasks  // sorted by name; every file a finding shows
	// Unchanged is set by ReadState when the state was kept for exactly
	// the inputs read (every name and key the same): then its Files are
	// not read back, only its findings and masks.
	Unchanged bool
}

// StateFile is one input as the check saw it.
type StateFile struct {
	Name string
	// Key is the input's key (InputFile.Key): a file whose key is the same
	// has the same contents.
	Key string
	// Catalog digests the file's catalog declarations (CatalogDigest); ""
	// when it declares none.
	Catalog string
	// Secrets is set when the file holds literal secret values, which
	// every fix is guarded against.
	Secrets   bool
	Resellers []StateDecl
	Companies []StateDecl
}

// StateDecl is a reseller or company declaration, with the references of
// a company that decide what it reads of the rest of the portfolio.
type StateDecl struct {
	ID string
	// Skeleton is the ID's skeleton (confusable-id), "" when it is the
	// ID itself.
	Skeleton             string
	LabelRange, DefRange hcl.Range
	// Reseller and Parent are a company's attributes as Attr.Str reads
	// them ("" when unset, as the portfolio resolves them); HasParent
	// tells an unset parent from an empty one.
	Reseller, Parent string
	HasParent        bool
}

// StateBucket is the findings whose subject lies in one file, sorted.
type StateBucket struct {
	Name             string
	Kept, Suppressed []Diagnostic
}

// StateMasks is the masks of one file (Portfolio.Masks).
type StateMasks struct {
	Name   string
	Ranges []hcl.Range
}

// InputFile is one input's name and key.
type InputFile struct {
	Name string
	// Key identifies the contents (with the tool, the built-in catalog and
	// the codec); "" without a cache.
	Key string
}

// Files lists the inputs by name, sorted.
func (in *Inputs) Files() []InputFile {
	out := make([]InputFile, len(in.files))
	for i, f := range in.files {
		out[i] = InputFile{Name: f.name, Key: f.entryKey()}
	}
	return out
}

// entryKey is what names the file's contents in a result or a state: a
// file over the size limit is reported by its size alone.
func (f *input) entryKey() string {
	if f.large {
		return "large " + strconv.FormatInt(f.size, 10)
	}
	return f.key
}

// Decode decodes the inputs with those names (from the cache where it
// can), in the order given; a name that is not an input is skipped. The
// files are fresh: each may be assembled once (Assemble, Portfolio.Update).
func (in *Inputs) Decode(names []string) ([]*File, error) {
	idx := make([]int, 0, len(names))
	for _, n := range names {
		if i, ok := in.index(n); ok {
			idx = append(idx, i)
		}
	}
	labels := make([]string, len(idx))
	for j, i := range idx {
		labels[j] = in.files[i].name
	}
	return loadAll(labels, in.opts, func(j int, maxSize int64) (*File, error) {
		f := in.files[idx[j]]
		if f.large {
			return tooLarge(f.name, f.path, f.size, maxSize), nil
		}
		return decodeKeyed(f.name, f.path, f.src, in.opts.Cache, f.key), nil
	})
}

func (in *Inputs) index(name string) (int, bool) {
	return slices.BinarySearchFunc(in.files, name, func(f input, n string) int { return cmp.Compare(f.name, n) })
}

// stateKey names the state entry of what: everything a file's entry key
// holds besides its contents (tixcfg's build, the built-in catalog, the
// codec) and the size limit, which decides which files are reported as
// too large. It does not depend on the inputs, so that the next check
// finds the state its inputs grew from.
func (in *Inputs) stateKey(what string) string {
	h := sha256.New()
	for _, s := range []string{"state", in.opts.Cache.Version, builtinDigest(), strconv.Itoa(codecVersion), what, strconv.FormatInt(in.maxSize(), 10)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (in *Inputs) maxSize() int64 {
	if in.opts.MaxFileSize > 0 {
		return in.opts.MaxFileSize
	}
	return DefaultMaxFileSize
}

// ReadState returns the state WriteState kept for what, if the cache holds
// a whole one.
func (in *Inputs) ReadState(what string) (*CheckState, bool) {
	if in.opts.Cache == nil {
		return nil, false
	}
	body := in.opts.Cache.read(in.stateKey(what))
	if body == nil {
		return nil, false
	}
	s, err := decodeState(body, in.inputsDigest())
	return s, err == nil
}

// inputsDigest digests every input's name and key.
func (in *Inputs) inputsDigest() string {
	h := sha256.New()
	for _, f := range in.files {
		h.Write([]byte(f.name))
		h.Write([]byte{0})
		h.Write([]byte(f.entryKey()))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// WriteState keeps the state of a check for what. A state that cannot be
// kept only makes the next check slower, so errors are dropped.
func (in *Inputs) WriteState(what string, s *CheckState) {
	if in.opts.Cache == nil {
		return
	}
	// Sized for the usual entry, so that it is not copied as it grows.
	n := 0
	for _, f := range s.Files {
		n += 64 * (1 + len(f.Resellers) + len(f.Companies))
	}
	for _, b := range s.Buckets {
		n += 256 * (len(b.Kept) + len(b.Suppressed))
	}
	e := &cacheEncoder{b: make([]byte, 0, n)}
	e.uint(codecVersion)
	e.string(in.inputsDigest())
	walker{coder: e}.state(s)
	if e.err == nil {
		in.opts.Cache.write(in.stateKey(what), e.b)
	}
}

// decodeState reads a state; when it was written for the inputs whose
// digest is inputs, only as far as its findings and masks.
func decodeState(b []byte, inputs string) (*CheckState, error) {
	d := &cacheDecoder{b: b, whole: string(b)}
	if d.uint() != codecVersion {
		return nil, errCodec
	}
	s := &CheckState{Unchanged: d.string() == inputs}
	w := walker{coder: d, dec: true}
	w.stateFindings(s)
	if !s.Unchanged {
		seq(w, &s.Files, walker.stateFile)
		if len(d.b) != 0 {
			d.fail()
		}
	}
	if d.err != nil {
		return nil, errCodec
	}
	return s, nil
}

// state writes the findings first, which are all a check of unchanged
// inputs reads.
func (w walker) state(s *CheckState) {
	w.stateFindings(s)
	seq(w, &s.Files, walker.stateFile)
}

func (w walker) stateFindings(s *CheckState) {
	seq(w, &s.Buckets, walker.stateBucket)
	seq(w, &s.Masks, walker.stateMasks)
}

// stateFile writes the ranges of the file's declarations without the
// file's name.
func (w walker) stateFile(f *StateFile) {
	w.str(&f.Name)
	w.inFile(f.Name)
	w.str(&f.Key)
	w.str(&f.Catalog)
	w.bool(&f.Secrets)
	seq(w, &f.Resellers, walker.stateDecl)
	seq(w, &f.Companies, walker.stateDecl)
	w.inFile("")
}

func (w walker) stateDecl(d *StateDecl) {
	w.str(&d.ID)
	w.str(&d.Skeleton)
	w.rng(&d.LabelRange)
	w.rng(&d.DefRange)
	w.bool(&d.HasParent)
	w.str(&d.Reseller)
	w.str(&d.Parent)
}

func (w walker) stateBucket(b *StateBucket) {
	w.str(&b.Name)
	w.inFile(b.Name)
	seq(w, &b.Kept, walker.diagnostic)
	seq(w, &b.Suppressed, walker.diagnostic)
	w.inFile("")
}

func (w walker) stateMasks(m *StateMasks) {
	w.str(&m.Name)
	w.inFile(m.Name)
	seq(w, &m.Ranges, walker.rng)
	w.inFile("")
}

// CatalogDigest digests a file's catalog declarations, "" when it has
// none: two versions of a file with the same digest make the same catalog
// (a comment added after the declarations, a company changed beside
// them). It hashes each declaration's text with where it starts, which
// decides everything its model holds; a JSON file's declarations are
// measured by their opening brace only, so there the whole text is hashed.
func CatalogDigest(f *File) string {
	if len(f.FeatureFlags)+len(f.Permissions)+len(f.IntegrationTypes) == 0 {
		return ""
	}
	h := sha256.New()
	if f.JSON {
		h.Write(f.Src)
	}
	add := func(d Decl) {
		r := d.Range
		fmt.Fprintf(h, "%d:%d:%d-%d\n", r.Start.Byte, r.Start.Line, r.Start.Column, r.End.Byte)
		if 0 <= r.Start.Byte && r.Start.Byte <= r.End.Byte && r.End.Byte <= len(f.Src) {
			h.Write(f.Src[r.Start.Byte:r.End.Byte])
		}
	}
	for _, d := range f.FeatureFlags {
		add(d.Decl)
	}
	for _, d := range f.Permissions {
		add(d.Decl)
	}
	for _, d := range f.IntegrationTypes {
		add(d.Decl)
	}
	return hex.EncodeToString(h.Sum(nil))
}
