//go:build !unix

package atomicfile

import "io/fs"

type owner struct{ uid, gid int }

// fileInfo knows no link count or owner here: a file counts as having one
// link, and the replacement keeps the writer's owner.
func fileInfo(fs.FileInfo) (links uint64, o *owner) { return 1, nil }

// processGone cannot tell here, so only a temporary file's age marks it
// stale.
func processGone(int) bool { return false }
