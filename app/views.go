package app

import (
	"fmt"
	"html"
	"html/template"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"cpca/internal/i18n"
	"cpca/views"
)

// viewSet is the template engine (fiber.Views): every template is parsed once per language
// at start, with each literal translation ({{.T "中文"}}, {{$.T "中文"}}) replaced by its text
// in that language, escaped for HTML. A page in either language then renders without a
// reflective call, a map lookup or a second escape per string; only texts that are data
// ({{.T .Status}}) are translated while rendering. The sets never change once loaded, so
// rendering takes no lock of ours.
type viewSet struct {
	sets map[string]*template.Template
}

// literalT matches an action that is only a translation of a string literal. Trim markers
// ({{- … -}}) are left to the runtime call: replacing them would change the whitespace.
var literalT = regexp.MustCompile(`\{\{\s*(?:\$[A-Za-z_]\w*|\$)?\.T\s+("(?:[^"\\]|\\.)*")\s*\}\}`)

// pretranslate rewrites the literal translations of one template's source into lang. Every
// match stands where the template emits text or an attribute value (no template puts a
// translation inside a URL, script or style: CSP allows no inline script), where HTML
// escaping is the escaping html/template itself would apply.
func pretranslate(src, lang string) (string, error) {
	var bad error
	out := literalT.ReplaceAllStringFunc(src, func(m string) string {
		lit := literalT.FindStringSubmatch(m)[1]
		s, err := strconv.Unquote(lit)
		if err != nil {
			bad = fmt.Errorf("translation literal %s: %w", lit, err)
			return m
		}
		t := i18n.T(lang, s)
		if strings.Contains(t, "{{") || strings.Contains(t, "}}") {
			return "{{" + strconv.Quote(t) + "}}" // braces the parser must not read: a constant, escaped at render
		}
		return html.EscapeString(t)
	})
	return out, bad
}

// newEngine parses every template under views/ once per language, with the template
// functions registered first. Names are paths without ".html" ("pages/dues").
func newEngine() (*viewSet, error) { return loadViews(true) }

// loadViews is newEngine; pre false keeps every translation a runtime call (the benchmark's
// baseline).
func loadViews(pre bool) (*viewSet, error) {
	v := &viewSet{sets: map[string]*template.Template{}}
	for _, l := range i18n.Langs {
		root := template.New("").Funcs(funcs())
		err := fs.WalkDir(views.FS, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
				return err
			}
			b, err := fs.ReadFile(views.FS, path)
			if err != nil {
				return err
			}
			src := string(b)
			if pre {
				src, err = pretranslate(src, l.Code)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			_, err = root.New(strings.TrimSuffix(path, ".html")).Parse(src)
			return err
		})
		if err != nil {
			return nil, err
		}
		v.sets[l.Code] = root
	}
	return v, nil
}

// Load is part of fiber.Views: the sets are loaded by newEngine already.
func (v *viewSet) Load() error { return nil }

// Render executes the template name in the language of binding (the page's, "zh" when the
// binding does not say).
func (v *viewSet) Render(w io.Writer, name string, binding any, _ ...string) error {
	set := v.sets[langOf(binding)]
	if set == nil {
		set = v.sets["zh"]
	}
	t := set.Lookup(name)
	if t == nil {
		return fmt.Errorf("template %q not found", name)
	}
	return t.Execute(w, binding)
}

// langOf is the language a binding renders in: a *Page's, or for a dict (fragments rendered
// with dict) its "Lang" string or the language of the *Page it carries ("T", "P").
func langOf(binding any) string {
	switch b := binding.(type) {
	case *Page:
		return b.Lang
	case Page:
		return b.Lang
	case pagerPage:
		return b.lang
	case menuView:
		return b.Lang
	case map[string]any:
		if l, ok := b["Lang"].(string); ok {
			return l
		}
		for _, v := range b {
			if p, ok := v.(*Page); ok {
				return p.Lang
			}
		}
	}
	return "zh"
}
