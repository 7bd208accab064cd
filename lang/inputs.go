package lang

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/hashicorp/hcl/v2"
)

// Inputs are a portfolio's files read and keyed but not yet decoded, so
// that a caller can look up what it found on exactly these contents before
// paying for decoding them (ReadResult), and decode them only when that
// is missing (Load).
type Inputs struct {
	opts  Options
	files []input // sorted by name, as Assemble sorts them
}

// input is one file as read: src is nil for a file over the size limit;
// key is its cache key, with a cache.
type input struct {
	path, name, key string
	src             []byte
	size            int64
	large           bool
}

// ReadInputs discovers the files under paths and reads them, as Load
// does before decoding; the error is Load's.
func ReadInputs(paths []string, opts Options) (*Inputs, error) {
	found, err := Discover(paths)
	if err != nil {
		return nil, err
	}
	in := &Inputs{opts: opts, files: make([]input, len(found))}
	base := workDir(opts)
	_, err = loadAll(found, opts, func(i int, maxSize int64) (*File, error) {
		f := &in.files[i]
		f.path, f.name = found[i], DisplayName(base, found[i])
		src, size, err := readSource(found[i], maxSize)
		f.src, f.size, f.large = src, size, src == nil && err == nil
		if opts.Cache != nil && src != nil {
			f.key = opts.Cache.key(f.name, src)
		}
		return nil, err
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(in.files, func(a, b input) int { return cmp.Compare(a.name, b.name) })
	return in, nil
}

// Len is the number of files.
func (in *Inputs) Len() int { return len(in.files) }

// Load decodes the inputs (from the cache where it can) and assembles
// them, exactly as Load would have from the same files.
func (in *Inputs) Load() (*Portfolio, error) {
	if in.opts.Pace != nil {
		var total int64
		for _, f := range in.files {
			total += int64(len(f.src))
		}
		defer in.opts.Pace(total)()
	}
	names := make([]string, len(in.files))
	for i, f := range in.files {
		names[i] = f.name
	}
	files, err := loadAll(names, in.opts, func(i int, maxSize int64) (*File, error) {
		f := in.files[i]
		if f.large {
			return tooLarge(f.name, f.path, f.size, maxSize), nil
		}
		return decodeKeyed(f.name, f.path, f.src, in.opts.Cache, f.key), nil
	})
	if err != nil {
		return nil, err
	}
	return Assemble(files), nil
}

// Result is what a command reported on exactly a set of inputs: its
// findings, and the masks of every file they show a line of, which is
// all it takes to report them again without decoding a file.
type Result struct {
	Diagnostics []Diagnostic
	masks       []fileMasks
}

type fileMasks struct {
	name   string
	ranges []hcl.Range
}

// NewResult keeps diagnostics found on p with the masks of the files
// their subjects and related ranges are in: the lines that reports show.
func NewResult(p *Portfolio, diags []Diagnostic) *Result {
	var names []string
	for _, d := range diags {
		names = append(names, d.Subject.Filename)
		for _, r := range d.Related {
			names = append(names, r.Range.Filename)
		}
	}
	slices.Sort(names)
	r := &Result{Diagnostics: diags}
	for _, name := range slices.Compact(names) {
		r.masks = append(r.masks, fileMasks{name, p.Masks(name)})
	}
	return r
}

// resultKey names the entry of a result: the command's own key (what)
// and every input's name and content, with what a file entry's key holds
// besides (tixcfg's build, the built-in catalog, the codec) and the size
// limit, which decides which files are reported as too large.
func (in *Inputs) resultKey(what string) string {
	h := sha256.New()
	for _, s := range []string{"result", in.opts.Cache.Version, builtinDigest(), strconv.Itoa(codecVersion), what, strconv.FormatInt(in.maxSize(), 10)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, f := range in.files {
		h.Write([]byte(f.name))
		h.Write([]byte{0})
		if f.large {
			h.Write([]byte("large " + strconv.FormatInt(f.size, 10)))
		} else {
			h.Write([]byte(f.key))
		}
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

// ReadResult returns the result kept by WriteResult for the same what and
// exactly these inputs, if the cache holds it.
func (in *Inputs) ReadResult(what string) (*Result, bool) {
	if in.opts.Cache == nil {
		return nil, false
	}
	body := in.opts.Cache.read(in.resultKey(what))
	if body == nil {
		return nil, false
	}
	r, err := decodeResult(body)
	return r, err == nil
}

// WriteResult keeps a result for what on these inputs. A result that
// cannot be kept only makes the next run slower, so errors are dropped.
func (in *Inputs) WriteResult(what string, r *Result) {
	if in.opts.Cache == nil {
		return
	}
	body, err := encodeResult(r)
	if err != nil {
		return
	}
	in.opts.Cache.write(in.resultKey(what), body)
}

// Sources serves the inputs' text and a result's masks to reports, as
// the portfolio loaded from the inputs would.
func (in *Inputs) Sources(r *Result) *InputSources {
	s := &InputSources{src: map[string][]byte{}, masks: map[string][]hcl.Range{}}
	for _, f := range in.files {
		s.names = append(s.names, f.name)
		s.src[f.name] = f.src
	}
	for _, m := range r.masks {
		s.masks[m.name] = m.ranges
	}
	return s
}

// InputSources is the text of a portfolio's files without their model.
type InputSources struct {
	names []string
	src   map[string][]byte
	masks map[string][]hcl.Range
}

// FileNames lists the files by name, as Portfolio.FileNames does.
func (s *InputSources) FileNames() []string { return s.names }

// Source returns a file's text, as Portfolio.Source does.
func (s *InputSources) Source(filename string) []byte {
	if filename == BuiltinCatalogName {
		return builtinCatalogSrc
	}
	return s.src[filename]
}

// Masks returns the masks the result kept for a file. A file it kept none
// for is masked whole: a report asking for it shows no line rather than a
// line with a secret on it.
func (s *InputSources) Masks(filename string) []hcl.Range {
	if ms, ok := s.masks[filename]; ok {
		return ms
	}
	src := s.Source(filename)
	end := hcl.Pos{Line: 1 + countLines(src), Column: 1, Byte: len(src)}
	return []hcl.Range{{Filename: filename, Start: hcl.InitialPos, End: end}}
}

func countLines(b []byte) int {
	n := 0
	for _, c := range b {
		if c == '\n' {
			n++
		}
	}
	return n
}

// workDir is the absolute folder display names are relative to.
func workDir(opts Options) string {
	base := opts.WorkDir
	if base == "" {
		base, _ = os.Getwd()
	}
	if abs, err := filepath.Abs(base); err == nil {
		base = abs
	}
	return base
}

func encodeResult(r *Result) ([]byte, error) {
	e := &cacheEncoder{}
	e.uint(codecVersion)
	walker{coder: e}.result(r)
	return e.b, e.err
}

func decodeResult(b []byte) (*Result, error) {
	d := &cacheDecoder{b: b, intern: make(map[string]string, 256)}
	if d.uint() != codecVersion {
		return nil, errCodec
	}
	r := &Result{}
	walker{coder: d, dec: true}.result(r)
	if d.err != nil || len(d.b) != 0 {
		return nil, errCodec
	}
	return r, nil
}

func (w walker) result(r *Result) {
	seq(w, &r.Diagnostics, walker.diagnostic)
	seq(w, &r.masks, walker.fileMasks)
}

func (w walker) fileMasks(m *fileMasks) {
	w.str(&m.name)
	seq(w, &m.ranges, walker.rng)
}
