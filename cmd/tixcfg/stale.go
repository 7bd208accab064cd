package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/snapshot"
)

// diffExcerptLines bounds the diff that build --check prints: enough to
// see what changed, short enough for a CI log.
const diffExcerptLines = 40

// checkSnapshot compares the snapshot build would write with the file on
// disk: the last step of a build, comparing instead of replacing. cat is
// the effective catalog, which says which settings are secret.
func checkSnapshot(e *env, path string, want []byte, rebuild string, cat *lang.Catalog) error {
	have, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(e.stderr, "tixcfg build: %s does not exist; run '%s' to write it\n", path, rebuild)
		return errFindings()
	}
	if err != nil {
		return pathErr(path, err)
	}
	if bytes.Equal(have, want) {
		fmt.Fprintf(e.stderr, "tixcfg build: %s is up to date\n", path)
		return nil
	}
	c := snapshot.Compare(have, want, cat)
	var msg strings.Builder
	fmt.Fprintf(&msg, "tixcfg build: %s is stale: it is not what build writes now\n", path)
	fmt.Fprintf(&msg, "differs in: %s\n", strings.Join(c.Parts, "; "))
	msg.WriteString(c.Excerpt(path, diffExcerptLines))
	fmt.Fprintf(&msg, "run '%s' to update it\n", rebuild)
	fmt.Fprint(e.stderr, msg.String())
	return errFindings()
}
