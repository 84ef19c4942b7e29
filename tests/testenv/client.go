package testenv

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// Client is a browser stand-in: it keeps cookies, follows nothing by itself, and remembers the
// CSRF token of the last page so posts carry it like a form would.
type Client struct {
	t    testing.TB
	env  *Env
	jar  *cookiejar.Jar
	CSRF string
	IP   string
}

// Resp is one response with its parsed HTML.
type Resp struct {
	Status int
	Header http.Header
	Body   string
	Doc    *goquery.Document
}

// Location is the redirect target (303 Location or HX-Redirect).
func (r *Resp) Location() string {
	if l := r.Header.Get("HX-Redirect"); l != "" {
		return l
	}
	return r.Header.Get("Location")
}

// Text is the trimmed text of the first match of sel.
func (r *Resp) Text(sel string) string { return strings.TrimSpace(r.Doc.Find(sel).First().Text()) }

// FieldError is the error message next to a form field named name.
func (r *Resp) FieldError(name string) string {
	s := r.Doc.Find(`[name="` + name + `"]`).First()
	if s.Length() == 0 {
		return ""
	}
	for p := s.Parent(); p.Length() > 0; p = p.Parent() {
		if e := p.Find(".error"); e.Length() > 0 {
			return strings.TrimSpace(e.First().Text())
		}
		if p.HasClass("field") || p.Is("td") {
			break
		}
	}
	return ""
}

// NewClient starts a browser with no cookies.
func (e *Env) NewClient(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, env: e, jar: jar, IP: "10.1.0.1"}
}

var base, _ = url.Parse("http://cpca.test/")

// Do sends a request through the real router.
func (c *Client) Do(req *http.Request) *Resp {
	c.t.Helper()
	for _, ck := range c.jar.Cookies(base) {
		req.AddCookie(ck)
	}
	if req.Header.Get("X-Forwarded-For") == "" && c.IP != "" {
		req.Header.Set("X-Forwarded-For", c.IP)
	}
	res, err := c.env.App.Test(req, 30000)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	c.jar.SetCookies(base, res.Cookies())
	r := &Resp{Status: res.StatusCode, Header: res.Header, Body: string(b)}
	r.Doc, _ = goquery.NewDocumentFromReader(bytes.NewReader(b))
	if tok, ok := r.Doc.Find(`input[name="_csrf"]`).First().Attr("value"); ok && tok != "" {
		c.CSRF = tok
	}
	return r
}

// Fetch gets a page as Get does but only reads it, without parsing it or keeping cookies:
// what benchmarks use, so they measure the server and not the test's HTML parser.
func (c *Client) Fetch(path string) (status, size int) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://cpca.test"+path, nil)
	for _, ck := range c.jar.Cookies(base) {
		req.AddCookie(ck)
	}
	if c.IP != "" {
		req.Header.Set("X-Forwarded-For", c.IP)
	}
	res, err := c.env.App.Test(req, 30000)
	if err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	n, _ := io.Copy(io.Discard, res.Body)
	return res.StatusCode, int(n)
}

// Get fetches a page.
func (c *Client) Get(path string) *Resp {
	req, _ := http.NewRequest(http.MethodGet, "http://cpca.test"+path, nil)
	return c.Do(req)
}

// GetHTMX fetches a page as htmx would (fragment).
func (c *Client) GetHTMX(path string) *Resp {
	req, _ := http.NewRequest(http.MethodGet, "http://cpca.test"+path, nil)
	req.Header.Set("HX-Request", "true")
	return c.Do(req)
}

// Post sends a form with the remembered CSRF token (unless the form has one).
func (c *Client) Post(path string, form url.Values) *Resp {
	if form == nil {
		form = url.Values{}
	}
	if form.Get("_csrf") == "" && c.CSRF != "" {
		form.Set("_csrf", c.CSRF)
	}
	req, _ := http.NewRequest(http.MethodPost, "http://cpca.test"+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// PostHTMX sends a form as htmx does: token in X-CSRF-Token, HX-Request set.
func (c *Client) PostHTMX(path string, form url.Values) *Resp {
	req, _ := http.NewRequest(http.MethodPost, "http://cpca.test"+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("X-CSRF-Token", c.CSRF)
	return c.Do(req)
}

// PostMultipart sends files and fields.
func (c *Client) PostMultipart(path string, fields map[string]string, files map[string][]byte, names map[string]string) *Resp {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if fields["_csrf"] == "" {
		_ = w.WriteField("_csrf", c.CSRF)
	}
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	for k, data := range files {
		fw, _ := w.CreateFormFile(k, names[k])
		_, _ = fw.Write(data)
	}
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, "http://cpca.test"+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.Do(req)
}

// Login logs in and fails the test unless it is redirected.
func (c *Client) Login(username, password string) *Resp {
	c.t.Helper()
	c.Get("/login")
	r := c.Post("/login", url.Values{"username": {username}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d: %s", username, r.Status, r.Text(".flash.err"))
	}
	return r
}
