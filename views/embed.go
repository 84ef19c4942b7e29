// Package views holds the html/template files: layouts, pages, partials and emails.
package views

import "embed"

// FS holds every template.
//
//go:embed layouts pages partials
var FS embed.FS
