// Package public holds the static assets (CSS, htmx, images), embedded in the binary.
package public

import "embed"

// FS holds css/, vendor/ and img/.
//
//go:embed css vendor img
var FS embed.FS
