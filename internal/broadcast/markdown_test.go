package broadcast

import (
	"strings"
	"testing"
)

// A Markdown body renders its markup, but HTML or script typed into it stays text, links
// carry rel="noopener nofollow", javascript: links lose their target, and images are links.
func TestMarkdownIsSafe(t *testing.T) {
	cases := []struct {
		name, in     string
		want, absent []string
	}{
		{"emphasis and lists", "**重要**通知\n\n- 第一\n- 第二", []string{"<strong>重要</strong>", "<li>第一</li>"}, nil},
		{"script as text", "<script>alert(1)</script>", []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script"}},
		{"inline html as text", "请<b>准时</b>参加 <img src=x onerror=alert(1)>", []string{"&lt;b&gt;准时&lt;/b&gt;", "&lt;img"}, []string{"<b>", "<img"}},
		{"link rel", "[议程](https://www.cpca.org.cn/a)", []string{`href="https://www.cpca.org.cn/a"`, `rel="noopener nofollow"`, `target="_blank"`}, nil},
		{"bare address", "见 https://www.cpca.org.cn/ 。", []string{`<a href="https://www.cpca.org.cn/"`, `rel="noopener nofollow"`}, nil},
		{"javascript link", "[点我](javascript:alert(1))", []string{"点我"}, []string{"javascript:"}},
		{"image is a link", "![图](https://x.example/p.png)", []string{`<a href="https://x.example/p.png" rel="noopener nofollow" target="_blank">图</a>`}, []string{"<img"}},
		{"line breaks", "第一行\n第二行", []string{"第一行<br>"}, nil},
		{"attribute injection", `[x](https://a.example/" onmouseover="alert(1))`, nil, []string{`" onmouseover="`}},
	}
	for _, c := range cases {
		got := string(Markdown(c.in))
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", c.name, got, w)
			}
		}
		for _, a := range c.absent {
			if strings.Contains(got, a) {
				t.Errorf("%s: %q contains %q", c.name, got, a)
			}
		}
	}
}

// RenderAs picks the format: plain text never interprets Markdown.
func TestRenderAs(t *testing.T) {
	if got := string(RenderAs("**x**", false)); strings.Contains(got, "<strong>") {
		t.Errorf("plain text rendered Markdown: %s", got)
	}
	if got := string(RenderAs("**x**", true)); !strings.Contains(got, "<strong>x</strong>") {
		t.Errorf("Markdown not rendered: %s", got)
	}
}
