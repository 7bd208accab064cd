// Package uri converts between file:// URIs, as language clients of every
// platform write them, and file paths. Clients differ: VS Code writes
// file:///c%3A/x with a lower-case drive letter and an escaped colon,
// Neovim file:///C:/x, and a UNC share is file://server/share/x.
package uri

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"runtime"
	"strings"
)

// windows says whether paths are this system's Windows paths.
var windows = runtime.GOOS == "windows"

// ToPath returns the file path a file:// URI names, in this system's form.
func ToPath(u string) (string, error) { return toPath(u, windows) }

// FromPath returns the file:// URI of an absolute path of this system.
func FromPath(p string) string { return fromPath(p, windows) }

// Join appends a relative path (with this system's separator) to a folder
// URI, keeping the folder's spelling: a client matches URIs as strings,
// so a file under a workspace folder is named as the client named the
// folder.
func Join(folder, rel string) string {
	rel = filepath.ToSlash(rel)
	if rel == "." || rel == "" {
		return folder
	}
	return strings.TrimSuffix(folder, "/") + "/" + escapePath(rel)
}

// escapePath escapes each segment of a slash-separated path.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = escape(s)
	}
	return strings.Join(segs, "/")
}

func toPath(u string, win bool) (string, error) {
	parsed, err := url.Parse(u)
	if err != nil {
		return "", err
	}
	if parsed.Scheme != "file" {
		return "", fmt.Errorf("%q is not a file:// URI", u)
	}
	if parsed.Opaque != "" {
		return "", fmt.Errorf("%q is not a file:// URI with a path", u)
	}
	p := parsed.Path
	host := parsed.Host
	if host == "localhost" {
		host = ""
	}
	if !win {
		if host != "" {
			return "", fmt.Errorf("%q names a file on host %q", u, host)
		}
		if p == "" {
			return "", errors.New("the URI has no path")
		}
		return path.Clean(p), nil
	}
	if host != "" {
		// A UNC share: \\server\share\rest.
		return `\\` + host + strings.ReplaceAll(p, "/", `\`), nil
	}
	if len(p) >= 3 && p[0] == '/' && isDrive(p[1:3]) {
		p = p[1:]
	}
	if !isDrive(p) {
		return "", fmt.Errorf("%q names no drive", u)
	}
	// Drive letters upper-case, as Windows APIs return them, so that one
	// file has one path whichever client named it.
	p = path.Clean(strings.ToUpper(p[:1]) + p[1:])
	if len(p) == 2 {
		p += "/" // the drive's root, not its working folder
	}
	return strings.ReplaceAll(p, "/", `\`), nil
}

func isDrive(s string) bool {
	if len(s) < 2 || s[1] != ':' {
		return false
	}
	c := s[0] | 0x20
	return c >= 'a' && c <= 'z' && (len(s) == 2 || s[2] == '/')
}

func fromPath(p string, win bool) string {
	if !win {
		return "file://" + escapePath(p)
	}
	p = strings.ReplaceAll(p, `\`, "/")
	if rest, ok := strings.CutPrefix(p, "//"); ok {
		host, share, _ := strings.Cut(rest, "/")
		return "file://" + host + "/" + escapePath(share)
	}
	if isDrive(p) {
		// The drive letter lower-case and the colon escaped, as VS Code
		// writes them.
		return "file:///" + strings.ToLower(p[:1]) + "%3A" + escapePath(p[2:])
	}
	return "file://" + escapePath(p)
}

// escape percent-encodes one path segment: everything but RFC 3986's
// unreserved characters and the sub-delimiters clients leave as they are.
func escape(seg string) string {
	const keep = "-._~!$&'()*+,;=@"
	var b strings.Builder
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
