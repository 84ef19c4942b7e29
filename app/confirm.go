package app

import (
	"net/url"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// The confirmation step of destructive or irreversible actions, for browsers without
// JavaScript. Every form that asks (hx-confirm) also carries its question in the hidden field
// _confirm. With JavaScript, public/js/confirm.js asks in a <dialog> and the request goes on:
// an htmx request (which the dialog confirmed) passes, and a plain form is re-submitted with
// _confirmed=1. Without JavaScript the form posts as it is, and confirmStep answers with a
// page that asks the question and re-posts the same fields with _confirmed=1.
//
// The rule for multipart forms: a page cannot re-post a chosen file, so a multipart request
// is never held back here (without JavaScript it runs unasked). Such forms add something (a
// decision document, a resubmission); none deletes.
const (
	confirmField   = "_confirm"
	confirmedField = "_confirmed"
)

// confirmPage is the data of pages/confirm: the question and the form to post again.
type confirmPage struct {
	Question string
	Action   string
	Fields   []confirmInput
	Back     string
}

// confirmInput is one field re-posted by the confirmation page.
type confirmInput struct{ Name, Value string }

// needsConfirm reports whether c is a form post that asks a question nobody answered yet:
// not htmx (the dialog asked), not multipart (see above), _confirm set, _confirmed not 1.
func needsConfirm(c *fiber.Ctx) bool {
	if c.Method() != fiber.MethodPost || c.Get("HX-Request") == "true" {
		return false
	}
	if !strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationForm) {
		return false
	}
	return strings.TrimSpace(c.FormValue(confirmField)) != "" && c.FormValue(confirmedField) != "1"
}

// confirmStep answers an unconfirmed post with the confirmation page instead of running the
// action. It runs in guard, after the policy allowed the route, so nobody is asked to confirm
// what they may not do.
func (s *Server) confirmStep(c *fiber.Ctx) error {
	form, err := url.ParseQuery(string(c.Body()))
	if err != nil {
		return fiber.NewError(fiber.StatusBadRequest, "请求格式无效。")
	}
	d := confirmPage{Question: form.Get(confirmField), Action: c.OriginalURL(), Back: confirmBack(c)}
	names := make([]string, 0, len(form))
	for k := range form {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if k == confirmedField {
			continue
		}
		for _, v := range form[k] {
			d.Fields = append(d.Fields, confirmInput{Name: k, Value: v})
		}
	}
	p := s.page(c, "请确认", "")
	p.Data = d
	return render(c, "pages/confirm", "", p)
}

// confirmBack is where 返回 leads: the page the form was on when it is ours, else home.
func confirmBack(c *fiber.Ctx) string {
	ref, err := url.Parse(c.Get(fiber.HeaderReferer))
	if err != nil || ref.Path == "" || !strings.HasPrefix(ref.Path, "/") || strings.HasPrefix(ref.Path, "//") {
		return "/"
	}
	if ref.Host != "" && ref.Host != c.Hostname() {
		return "/"
	}
	if ref.RawQuery != "" {
		return ref.Path + "?" + ref.RawQuery
	}
	return ref.Path
}
