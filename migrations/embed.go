// Package migrations holds the SQL schema changes, embedded in the binary and run by bun's migrator.
package migrations

import "embed"

// FS holds every *.up.sql and *.down.sql file of this folder.
//
//go:embed *.sql
var FS embed.FS
