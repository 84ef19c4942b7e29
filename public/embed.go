// Package public holds the static assets (CSS, htmx, images), embedded in the binary.
package public

import "embed"

// FS holds css/, vendor/ (htmx, ECharts), img/ and js/ (our own scripts, such as the dashboard's).
//
//go:embed css vendor img js
var FS embed.FS
