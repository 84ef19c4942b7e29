package broadcast

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A Markdown body (staff tick 使用 Markdown 格式) is rendered by goldmark with the two raw-HTML
// parsers taken out, so <b> or <script> typed into a body is never markup: it stays text and
// the text renderer escapes it. Links get rel="noopener nofollow" and open in a new tab; an
// image becomes a link to it (a message never loads a picture from another site); goldmark
// itself drops javascript: and other dangerous URLs. Single newlines are line breaks, and bare
// web addresses become links, so a plain-text body reads as it did before Markdown.

// md is the one configured converter; goldmark converters are safe for concurrent use.
var md = goldmark.New(
	goldmark.WithParser(parser.NewParser(
		parser.WithBlockParsers(without(parser.DefaultBlockParsers(), "*parser.htmlBlockParser")...),
		parser.WithInlineParsers(without(parser.DefaultInlineParsers(), "*parser.rawHTMLParser")...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		parser.WithASTTransformers(util.Prioritized(linkRel{}, 100)),
	)),
	goldmark.WithExtensions(extension.Linkify, extension.Strikethrough, extension.Table),
	goldmark.WithRendererOptions(html.WithHardWraps(),
		renderer.WithNodeRenderers(util.Prioritized(imageAsLink{}, 100))),
)

// without drops the parsers of the named Go types (the raw HTML ones) from a default list.
func without(ps []util.PrioritizedValue, drop string) []util.PrioritizedValue {
	var out []util.PrioritizedValue
	for _, p := range ps {
		if typeName(p.Value) != drop {
			out = append(out, p)
		}
	}
	return out
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }

// Markdown renders a Markdown body to safe HTML (see above). A body goldmark can not convert
// (it does not happen with bytes of text) falls back to the plain-text rendering.
func Markdown(body string) template.HTML {
	body = strings.ReplaceAll(strings.TrimSpace(body), "\r\n", "\n")
	var b bytes.Buffer
	if err := md.Convert([]byte(body), &b); err != nil {
		return Render(body)
	}
	// Wrapped so the stylesheet can drop .prose's pre-wrap (kept for plain text): goldmark
	// puts newlines between its tags.
	return template.HTML(`<div class="md">` + b.String() + `</div>`) // #nosec: raw HTML parsers removed, text escaped by goldmark
}

// RenderAs renders a body in its format: Markdown or plain text.
func RenderAs(body string, markdown bool) template.HTML {
	if markdown {
		return Markdown(body)
	}
	return Render(body)
}

// linkRel marks every link (written or bare address) rel="noopener nofollow" target="_blank".
type linkRel struct{}

func (linkRel) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindLink, ast.KindAutoLink:
			n.SetAttributeString("rel", []byte("noopener nofollow"))
			n.SetAttributeString("target", []byte("_blank"))
		}
		return ast.WalkContinue, nil
	})
}

// imageAsLink renders ![alt](url) as a link to the picture instead of an <img>.
type imageAsLink struct{}

func (imageAsLink) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*ast.Image)
		u := util.URLEscape(n.Destination, true)
		_, _ = w.WriteString(`<a href="`)
		if !html.IsDangerousURL(u) {
			_, _ = w.Write(util.EscapeHTML(u))
		}
		_, _ = w.WriteString(`" rel="noopener nofollow" target="_blank">`)
		label := nodeText(n, source)
		if len(label) == 0 {
			label = u
		}
		_, _ = w.Write(util.EscapeHTML(label))
		_, _ = w.WriteString(`</a>`)
		return ast.WalkSkipChildren, nil
	})
}

// nodeText is the plain text under n (an image's alt text).
func nodeText(n ast.Node, source []byte) []byte {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if t, ok := c.(*ast.Text); ok {
				b.Write(t.Segment.Value(source))
			}
		}
		return ast.WalkContinue, nil
	})
	return b.Bytes()
}
