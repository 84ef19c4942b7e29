package broadcast

import (
	"html"
	"html/template"
	"regexp"
	"strings"
)

// urlRE finds web addresses in plain text; trailing punctuation (Chinese or ASCII) is left out.
var urlRE = regexp.MustCompile(`https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+[A-Za-z0-9\-_~/#=&%]`)

// paraRE splits paragraphs at blank lines.
var paraRE = regexp.MustCompile(`\n\s*\n`)

// Render turns a plain-text body into safe HTML: every character escaped (HTML or script typed
// into a body shows as text), blank lines make paragraphs, single newlines line breaks, and
// http(s) addresses become links that open without handing over the page (noopener).
func Render(body string) template.HTML {
	body = strings.ReplaceAll(strings.TrimSpace(body), "\r\n", "\n")
	if body == "" {
		return ""
	}
	var b strings.Builder
	for _, para := range paraRE.Split(body, -1) {
		b.WriteString("<p>")
		for i, line := range strings.Split(strings.TrimSpace(para), "\n") {
			if i > 0 {
				b.WriteString("<br>")
			}
			b.WriteString(linkify(line))
		}
		b.WriteString("</p>")
	}
	return template.HTML(b.String())
}

// linkify escapes line and wraps its addresses in links.
func linkify(line string) string {
	var b strings.Builder
	last := 0
	for _, m := range urlRE.FindAllStringIndex(line, -1) {
		b.WriteString(html.EscapeString(line[last:m[0]]))
		u := html.EscapeString(line[m[0]:m[1]])
		b.WriteString(`<a href="` + u + `" rel="noopener noreferrer nofollow" target="_blank">` + u + `</a>`)
		last = m[1]
	}
	b.WriteString(html.EscapeString(line[last:]))
	return b.String()
}
