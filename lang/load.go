package lang

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"
	"golang.org/x/sync/errgroup"

	"github.com/tixcfg/tixcfg/ruleid"
)

// DefaultMaxFileSize bounds what one file may weigh before it is reported
// instead of loaded: a portfolio file is text written by people.
const DefaultMaxFileSize = 16 << 20

// File is everything decoded from one configuration file. It holds no
// syntax tree, so it is cheap to keep for every file of a large portfolio.
type File struct {
	// Name is the display name: relative to the working folder with forward
	// slashes where possible. Every range of the file carries it.
	Name string
	// Path is where the file was read from.
	Path string
	Src  []byte
	JSON bool

	CatalogVersion   string
	Resellers        []*Reseller
	Companies        []*Company
	FeatureFlags     []*FeatureFlagDecl
	Permissions      []*PermissionDecl
	IntegrationTypes []*IntegrationTypeDecl
	Ignores          []*Ignore
	Diagnostics      []Diagnostic
	// ParseFailed is set when the file did not parse, so its (partial)
	// contents are still used but nothing is inferred from what is missing.
	ParseFailed bool
}

// Options tune loading.
type Options struct {
	// MaxFileSize is the largest file loaded; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// Workers bounds parallel parsing; 0 means GOMAXPROCS.
	Workers int
	// WorkDir is the folder display names are relative to; "" means the
	// process's working folder.
	WorkDir string
	// Cache, when set, keeps each file's result on disk for the next run.
	Cache *Cache
	// Pace, when set, is called with the total size of the files before
	// they are parsed, and the function it returns once they are: a
	// program paces the garbage collector with it (cmd/internal/gcpace). The
	// collector's settings are the whole process's, so loading never
	// changes them itself.
	Pace func(inputBytes int64) (done func())
}

// IsConfigFile reports whether a file name is part of a portfolio.
func IsConfigFile(name string) bool {
	return strings.HasSuffix(name, ".hcl") || strings.HasSuffix(name, ".hcl.json")
}

// IsHidden reports whether a file or folder name is skipped when its
// folder is walked.
func IsHidden(name string) bool { return strings.HasPrefix(name, ".") }

// Discover lists the configuration files under the given paths: folders
// are walked recursively (hidden folders and files skipped, symbolic links
// to folders not followed, so a link loop cannot trap the walk), files are
// taken as given. The result is sorted and free of duplicates: a file
// reached twice (a folder given twice, under two spellings or through a
// link) is listed once, by the first path that reached it in argument
// order.
func Discover(paths []string) ([]string, error) {
	var out []string
	seen, seenPath := map[fileID]bool{}, map[string]bool{}
	add := func(path string, fi fs.FileInfo) {
		if id, ok := identity(fi); ok {
			if seen[id] {
				return
			}
			seen[id] = true
		} else if abs, err := filepath.Abs(path); err == nil {
			// No file identity on this system: the absolute path is the
			// next best (it misses only links).
			if seenPath[abs] {
				return
			}
			seenPath[abs] = true
		}
		out = append(out, path)
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, pathError(p, err)
		}
		if !fi.IsDir() {
			if !fi.Mode().IsRegular() {
				return nil, fmt.Errorf("%s: not a regular file", p)
			}
			add(filepath.Clean(p), fi)
			continue
		}
		err = filepath.WalkDir(p, func(path string, de fs.DirEntry, err error) error {
			if err != nil {
				return pathError(path, err)
			}
			name := de.Name()
			if path != p && IsHidden(name) {
				if de.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if de.IsDir() || !IsConfigFile(name) {
				return nil
			}
			fi, err := os.Stat(path)
			if err != nil {
				if de.Type()&fs.ModeSymlink != 0 {
					return fmt.Errorf("%s: broken symbolic link (%w)", path, unwrapPathErr(err))
				}
				return pathError(path, err)
			}
			if fi.IsDir() {
				return nil // links to folders are not followed
			}
			if !fi.Mode().IsRegular() {
				// A FIFO would block the read forever; a device is not text.
				return fmt.Errorf("%s: not a regular file", path)
			}
			add(path, fi)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// fileID is a file's identity: two paths name one file when they agree.
type fileID struct{ dev, ino uint64 }

func pathError(p string, err error) error {
	return fmt.Errorf("%s: %w", p, unwrapPathErr(err))
}

// unwrapPathErr drops the path and operation an fs error repeats, so the
// one-line message names the path once.
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// DisplayName turns a path into the name diagnostics use: relative to
// base when the file is below it, with forward slashes.
func DisplayName(base, path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	if base == "" {
		if base, err = os.Getwd(); err != nil {
			return filepath.ToSlash(abs)
		}
	} else if base, err = filepath.Abs(base); err != nil {
		return filepath.ToSlash(abs)
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// LoadFiles reads, parses and decodes the given files in parallel. The
// result is in the order of paths whatever the scheduling. An error is
// returned only when a file cannot be read at all.
func LoadFiles(paths []string, opts Options) ([]*File, error) {
	if opts.Pace != nil {
		defer opts.Pace(inputSize(paths))()
	}
	// Display names are relative to one absolute base, resolved once.
	base := workDir(opts)
	return loadAll(paths, opts, func(i int, maxSize int64) (*File, error) {
		return loadFile(paths[i], DisplayName(base, paths[i]), maxSize, opts.Cache)
	})
}

// Source is one file's contents held in memory, such as a file at a git
// revision.
type Source struct {
	// Name is the display name, as LoadFiles would name the same file.
	Name string
	Src  []byte
}

// LoadSources parses and decodes files held in memory, exactly as
// LoadFiles does files on disk (size limit, cache, parallelism). Each
// File's Path is its Name. Options.WorkDir is not used: the names are
// taken as given.
func LoadSources(srcs []Source, opts Options) ([]*File, error) {
	if opts.Pace != nil {
		var total int64
		for _, s := range srcs {
			total += int64(len(s.Src))
		}
		defer opts.Pace(total)()
	}
	names := make([]string, len(srcs))
	for i, s := range srcs {
		names[i] = s.Name
	}
	return loadAll(names, opts, func(i int, maxSize int64) (*File, error) {
		s := srcs[i]
		if size := int64(len(s.Src)); size > maxSize {
			return tooLarge(s.Name, s.Name, size, maxSize), nil
		}
		return decodeSource(s.Name, s.Name, s.Src, opts.Cache), nil
	})
}

// loadAll runs load for each file (named by labels) on a bounded pool. A
// panic in a worker goroutine, which Main's recover cannot see, becomes a
// one-line error naming the file.
func loadAll(labels []string, opts Options, load func(i int, maxSize int64) (*File, error)) ([]*File, error) {
	n := len(labels)
	maxSize := opts.MaxFileSize
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(n, 1))
	files := make([]*File, n)
	errs := make([]error, n)
	var g errgroup.Group
	g.SetLimit(workers)
	for i := range n {
		g.Go(func() error {
			defer func() {
				if r := recover(); r != nil {
					files[i], errs[i] = nil, fmt.Errorf("%s: internal error while parsing: %v (please report it)", labels[i], r)
				}
			}()
			files[i], errs[i] = load(i, maxSize)
			return nil
		})
	}
	g.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return files, nil
}

// inputSize is the total size of the files at paths; the ones that cannot
// be read are left out (loading reports them).
func inputSize(paths []string) int64 {
	var total int64
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			total += fi.Size()
		}
	}
	return total
}

func loadFile(path, name string, maxSize int64, cache *Cache) (*File, error) {
	src, size, err := readSource(path, maxSize)
	if err != nil {
		return nil, err
	}
	if src == nil {
		return tooLarge(name, path, size, maxSize), nil
	}
	return decodeSource(name, path, src, cache), nil
}

// readSource reads a file's contents, or only its size (src nil) when it
// is larger than maxSize.
func readSource(path string, maxSize int64) (src []byte, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, pathError(path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, pathError(path, err)
	}
	if fi.Size() > maxSize {
		return nil, fi.Size(), nil
	}
	buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+1))
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, 0, pathError(path, err)
	}
	return buf.Bytes(), fi.Size(), nil
}

// tooLarge is the file that is reported instead of loaded.
func tooLarge(name, path string, size, maxSize int64) *File {
	return &File{Name: name, Path: path, ParseFailed: true, Diagnostics: []Diagnostic{{
		Rule:    ruleid.Syntax,
		Summary: "File too large",
		Detail:  fmt.Sprintf("The file has %d bytes, more than the limit of %d; it was not loaded. Split it, or raise --max-file-size.", size, maxSize),
		Subject: hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos},
	}}}
}

// decodeSource parses a file's contents, or takes them from the cache.
func decodeSource(name, path string, src []byte, cache *Cache) *File {
	var key string
	if cache != nil {
		key = cache.key(name, src)
	}
	return decodeKeyed(name, path, src, cache, key)
}

// decodeKeyed is decodeSource with the file's cache key worked out.
func decodeKeyed(name, path string, src []byte, cache *Cache, key string) *File {
	if cache != nil {
		if file := cache.get(key, name, src); file != nil {
			file.Path, file.Src = path, src
			return file
		}
	}
	file := ParseFile(name, src)
	file.Path = path
	if cache != nil {
		cache.put(key, file)
	}
	return file
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ParseFile parses and decodes one file's contents. It never fails: what
// cannot be understood becomes diagnostics beside a partial model.
func ParseFile(name string, src []byte) *File {
	return parseFile(name, src, false)
}

func parseFile(name string, src []byte, builtin bool) *File {
	file := &File{Name: name, Src: src, JSON: strings.HasSuffix(name, ".json")}
	d := &modelDecoder{file: file}
	// A byte-order mark is legal UTF-8 but not HCL; skipping it keeps the
	// byte offsets of everything after it right.
	body := src
	start := hcl.InitialPos
	if bytes.HasPrefix(body, utf8BOM) {
		body = body[len(utf8BOM):]
		start = hcl.Pos{Line: 1, Column: 1, Byte: len(utf8BOM)}
	}
	if !utf8.Valid(body) {
		file.ParseFailed = true
		d.report(ruleid.Syntax, invalidUTF8Range(name, src), "Invalid UTF-8",
			"The file is not valid UTF-8 text (is it a binary file?); it was not loaded.")
		return file
	}
	if rng, deep := tooDeep(name, body, start); deep {
		file.ParseFailed = true
		d.report(ruleid.Syntax, rng, "Nesting too deep",
			fmt.Sprintf("Brackets, braces, parentheses, unary operators (! and -) and conditionals (?:) nest more than %d levels here; a portfolio never needs that much, and the file was not parsed.", MaxNesting))
		return file
	}
	var hf *hcl.File
	var hds hcl.Diagnostics
	if file.JSON {
		hf, hds = json.ParseWithStartPos(body, name, start)
	} else {
		hf, hds = hclsyntax.ParseConfig(body, name, start)
		if bytes.Contains(body, ignoreMarker) {
			file.Ignores = lexIgnores(body, name, start)
		}
	}
	if hds.HasErrors() {
		file.ParseFailed = true
	}
	syntax := fromHCL(ruleid.Syntax, hds)
	for i := range syntax {
		syntax[i].Subject = clampRange(syntax[i].Subject, len(src))
	}
	d.add(syntax...)
	if hf != nil && hf.Body != nil {
		d.decodeBody(hf.Body, builtin)
	}
	return file
}

// clampRange keeps a range inside a file of size bytes: HCL's JSON
// scanner points one byte past the end of a file cut off inside a string.
func clampRange(r hcl.Range, size int) hcl.Range {
	clamp := func(p hcl.Pos) hcl.Pos {
		if over := p.Byte - size; over > 0 {
			p.Byte = size
			p.Column = max(1, p.Column-over)
		}
		return p
	}
	r.Start, r.End = clamp(r.Start), clamp(r.End)
	return r
}

// MaxNesting bounds how deeply expressions may nest. HCL's parsers recurse
// per level with large frames: per bracket, per unary operator (each ! or
// - parses its operand recursively) and per conditional (the branches of
// a ? b : c are whole expressions). 100,000 levels overflow the stack,
// which is a crash no recover() can catch, so deeper input is refused
// before parsing.
const MaxNesting = 256

// maxUnlexedOpens is how many opening brackets a file may hold before its
// nesting is decided by the lexer rather than the byte scan alone.
const maxUnlexedOpens = 4096

// tooDeep reports whether expressions nest deeper than MaxNesting, and
// where. A byte scan that ignores strings settles the common case, in which
// neither brackets nor operator characters come near the limit; the lexer
// decides the rare rest.
func tooDeep(name string, src []byte, start hcl.Pos) (hcl.Range, bool) {
	depth, deepest, ops, opens := 0, 0, 0, 0
	var prev byte // the last byte that is not white space
	for _, c := range src {
		switch c {
		case '(', '[', '{':
			depth++
			opens++
			deepest = max(deepest, depth)
		case ')', ']', '}':
			depth--
		case '!', '?':
			ops++
		case '-':
			// A minus after a name, number, quote or closing bracket is
			// binary or part of a word ("dubai-live"): it does not nest.
			if !isOperandEnd(prev) {
				ops++
			}
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			prev = c
		}
	}
	// Closing brackets inside strings can hide real depth from the byte
	// scan ("]]]" after "[[["), but never more than the opening brackets
	// there are: with few of those, the parser's depth stays far below
	// what overflows the stack even when the scan is fooled.
	if deepest <= MaxNesting && ops <= MaxNesting && opens <= maxUnlexedOpens {
		return hcl.Range{}, false
	}
	toks, _ := hclsyntax.LexConfig(src, name, start)
	return nestingScan(toks)
}

// isOperandEnd reports whether a byte can end an operand, after which a
// minus is a binary operator (or part of a word or a comment).
func isOperandEnd(c byte) bool {
	return c == '_' || c == '"' || c == '.' || c == ')' || c == ']' || c == '}' ||
		'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// nestingScan walks the tokens as HCL's parser recurses: one level per open
// bracket, per operator of a run of unary operators (until the operand that
// ends the run) and per conditional (until the expression ends at a comma,
// a closing bracket or, where new lines separate items, a new line).
func nestingScan(toks hclsyntax.Tokens) (hcl.Range, bool) {
	type level struct {
		run, conds int  // open unary operators and conditionals
		lines      bool // new lines end expressions here (bodies, objects)
	}
	stack := []level{{lines: true}}
	depth := 0
	prev := hclsyntax.TokenNil
	for _, t := range toks {
		top := &stack[len(stack)-1]
		switch t.Type {
		case hclsyntax.TokenOParen, hclsyntax.TokenOBrack, hclsyntax.TokenOBrace, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
			if depth > MaxNesting {
				return t.Range, true
			}
			// The run before the bracket stays open until the bracket closes.
			stack = append(stack, level{lines: t.Type == hclsyntax.TokenOBrace})
		case hclsyntax.TokenCParen, hclsyntax.TokenCBrack, hclsyntax.TokenCBrace, hclsyntax.TokenTemplateSeqEnd:
			if len(stack) > 1 {
				depth -= 1 + top.run + top.conds
				stack = stack[:len(stack)-1]
			}
			// The bracket was the operand of the outer run: a term follows.
			top = &stack[len(stack)-1]
			depth -= top.run
			top.run = 0
		case hclsyntax.TokenBang, hclsyntax.TokenQuestion, hclsyntax.TokenMinus:
			if t.Type == hclsyntax.TokenMinus && operandEnd(prev) {
				depth -= top.run
				top.run = 0
				break
			}
			if t.Type == hclsyntax.TokenQuestion {
				depth -= top.run // the condition is complete
				top.run = 0
				top.conds++
			} else {
				top.run++
			}
			depth++
			if depth > MaxNesting {
				return t.Range, true
			}
		case hclsyntax.TokenComma:
			depth -= top.run + top.conds
			top.run, top.conds = 0, 0
		case hclsyntax.TokenNewline:
			if top.lines {
				depth -= top.run + top.conds
				top.run, top.conds = 0, 0
			}
			continue // not a token the parser sees where it ignores new lines
		default:
			depth -= top.run
			top.run = 0
		}
		prev = t.Type
	}
	return hcl.Range{}, false
}

// operandEnd reports whether a token can end an operand, so that a minus
// after it is binary.
func operandEnd(t hclsyntax.TokenType) bool {
	switch t {
	case hclsyntax.TokenIdent, hclsyntax.TokenNumberLit, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc,
		hclsyntax.TokenCParen, hclsyntax.TokenCBrack, hclsyntax.TokenCBrace, hclsyntax.TokenStar:
		return true
	}
	return false
}

// invalidUTF8Range points at the first byte that is not UTF-8.
func invalidUTF8Range(name string, src []byte) hcl.Range {
	pos := hcl.InitialPos
	i := 0
	if bytes.HasPrefix(src, utf8BOM) {
		// The mark takes no column, as in parsing.
		i, pos.Byte = len(utf8BOM), len(utf8BOM)
	}
	for i < len(src) {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			end := pos
			end.Byte++
			end.Column++
			return hcl.Range{Filename: name, Start: pos, End: end}
		}
		pos.Byte += size
		if r == '\n' {
			pos.Line++
			pos.Column = 1
		} else {
			pos.Column++
		}
		i += size
	}
	return hcl.Range{Filename: name, Start: pos, End: pos}
}

// sortedAttributes returns a body's attributes in source order: HCL hands
// them over as a map.
func sortedAttributes(m hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(m))
	for _, a := range m {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b *hcl.Attribute) int {
		return cmp.Or(cmp.Compare(a.Range.Start.Byte, b.Range.Start.Byte), cmp.Compare(a.Name, b.Name))
	})
	return out
}
