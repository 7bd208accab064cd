package snapshot

import (
	"bytes"
	_ "embed"
)

//go:embed schema.json
var schemaBase []byte

// Schema returns the JSON Schema (draft 2020-12) of the snapshot.
func Schema() []byte { return bytes.Clone(schemaBase) }
