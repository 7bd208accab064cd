//go:build unix

package atomicfile

import (
	"errors"
	"io/fs"
	"syscall"
)

// owner is who a replaced file belonged to.
type owner struct{ uid, gid int }

// fileInfo reads a file's hard-link count and owner.
func fileInfo(fi fs.FileInfo) (links uint64, o *owner) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 1, nil
	}
	return uint64(st.Nlink), &owner{int(st.Uid), int(st.Gid)}
}

// processGone reports whether no process has that ID.
func processGone(pid int) bool { return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) }
