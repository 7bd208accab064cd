package main

import (
	"bytes"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/snapshot"
)

var rulesSection = regexp.MustCompile(`(?s)(<!-- rules:begin -->\n).*?(<!-- rules:end -->)`)

// TestReadmeRulesTable keeps the README's rules table equal to the
// registry (`tixcfg rules --format markdown`); -update rewrites it.
func TestReadmeRulesTable(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Main([]string{"rules", "--format", "markdown"}, &out, &errOut); code != 0 {
		t.Fatalf("rules exited %d: %s", code, errOut.String())
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := rulesSection.FindSubmatchIndex(readme)
	if m == nil {
		t.Fatal("README.md has no <!-- rules:begin --> ... <!-- rules:end --> section")
	}
	current := readme[m[3]:m[4]]
	if bytes.Equal(current, out.Bytes()) {
		return
	}
	if !*update {
		t.Fatalf("README.md's rules table differs from the registry; run go test ./cmd/tixcfg -run TestReadmeRulesTable -update\nwant:\n%s\ngot:\n%s", out.String(), current)
	}
	updated := append(append(append([]byte{}, readme[:m[3]]...), out.Bytes()...), readme[m[4]:]...)
	if err := os.WriteFile("../../README.md", updated, 0o644); err != nil {
		t.Fatal(err)
	}
}

var changelogSection = regexp.MustCompile(`(?s)\n### Snapshot changelog\n(.*?)\n(?:#|$)`)

// TestReadmeSnapshotChangelog keeps the changelog in step with the
// format: its newest entry is of the current schema_version, and versions
// never grow down the list, so a bump cannot ship without an entry.
func TestReadmeSnapshotChangelog(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := changelogSection.FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no ### Snapshot changelog section")
	}
	var versions []int
	for _, line := range strings.Split(string(m[1]), "\n") {
		cells := strings.Split(line, " | ")
		if !strings.HasPrefix(line, "| ") || len(cells) < 3 {
			continue
		}
		if v, err := strconv.Atoi(strings.TrimSpace(cells[len(cells)-2])); err == nil {
			versions = append(versions, v)
		}
	}
	if len(versions) == 0 {
		t.Fatalf("the changelog has no entry with a schema_version:\n%s", m[1])
	}
	if versions[0] != snapshot.SchemaVersion {
		t.Errorf("the newest changelog entry is of schema_version %d; the snapshot is %d", versions[0], snapshot.SchemaVersion)
	}
	for i := 1; i < len(versions); i++ {
		if versions[i] > versions[i-1] {
			t.Errorf("changelog entry %d (schema_version %d) is newer than the one above it (%d): newest first", i+1, versions[i], versions[i-1])
		}
	}
}
