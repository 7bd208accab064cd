package lang

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"

	"github.com/hashicorp/hcl/v2"
)

// Inputs are a portfolio's files read and keyed but not yet decoded, so
// that a caller can compare them with the state it kept (ReadState) before
// paying for decoding them, and decode only those it needs (Decode) or
// all of them (Load).
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

// Sources serves the inputs' text and the masks a check kept to reports,
// as the portfolio loaded from the inputs would.
func (in *Inputs) Sources(masks []StateMasks) *InputSources {
	s := &InputSources{src: map[string][]byte{}, masks: map[string][]hcl.Range{}}
	for _, f := range in.files {
		s.names = append(s.names, f.name)
		s.src[f.name] = f.src
	}
	for _, m := range masks {
		s.masks[m.Name] = m.Ranges
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

// Masks returns the masks kept for a file. A file with none kept is
// masked whole: a report asking for it shows no line rather than a
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
