package uri

import "testing"

func TestToPath(t *testing.T) {
	for _, c := range []struct {
		uri  string
		win  bool
		want string
	}{
		{"file:///home/me/portfolio/c1.hcl", false, "/home/me/portfolio/c1.hcl"},
		{"file:///home/me/a%20b/%C3%A9t%C3%A9.hcl", false, "/home/me/a b/été.hcl"},
		{"file://localhost/srv/x.hcl", false, "/srv/x.hcl"},
		{"file:///srv/a%23b%3Fc.hcl", false, "/srv/a#b?c.hcl"},
		{"file:///c%3A/Users/me/x.hcl", true, `C:\Users\me\x.hcl`},
		{"file:///C:/Users/me/x.hcl", true, `C:\Users\me\x.hcl`},
		{"file:///d:/", true, `D:\`},
		{"file://server/share/dir/x.hcl", true, `\\server\share\dir\x.hcl`},
		{"file:///c%3A/a%20b/x.hcl", true, `C:\a b\x.hcl`},
	} {
		got, err := toPath(c.uri, c.win)
		if err != nil || got != c.want {
			t.Errorf("toPath(%q, windows=%v) = %q, %v; want %q", c.uri, c.win, got, err, c.want)
		}
	}
	for _, c := range []struct {
		uri string
		win bool
	}{
		{"untitled:Untitled-1", false},
		{"https://example.com/x.hcl", false},
		{"file://server/share/x.hcl", false},
		{"file:///x.hcl", true},
		{"file:///c%ZZ", false},
	} {
		if got, err := toPath(c.uri, c.win); err == nil {
			t.Errorf("toPath(%q, windows=%v) = %q, want an error", c.uri, c.win, got)
		}
	}
}

func TestFromPath(t *testing.T) {
	for _, c := range []struct {
		path string
		win  bool
		want string
	}{
		{"/home/me/a b/été.hcl", false, "file:///home/me/a%20b/%C3%A9t%C3%A9.hcl"},
		{"/srv/a#b?c%.hcl", false, "file:///srv/a%23b%3Fc%25.hcl"},
		{`C:\Users\me\x.hcl`, true, "file:///c%3A/Users/me/x.hcl"},
		{`\\server\share\dir\x.hcl`, true, "file://server/share/dir/x.hcl"},
	} {
		got := fromPath(c.path, c.win)
		if got != c.want {
			t.Errorf("fromPath(%q, windows=%v) = %q, want %q", c.path, c.win, got, c.want)
		}
		if back, err := toPath(got, c.win); err != nil || back != c.path {
			t.Errorf("round trip of %q gives %q, %v", c.path, back, err)
		}
	}
}

func TestJoin(t *testing.T) {
	if got, want := Join("file:///c%3A/work/", "companies/a b.hcl"), "file:///c%3A/work/companies/a%20b.hcl"; got != want {
		t.Errorf("Join = %q, want %q", got, want)
	}
	if got, want := Join("file:///w", "x.hcl"), "file:///w/x.hcl"; got != want {
		t.Errorf("Join = %q, want %q", got, want)
	}
}
