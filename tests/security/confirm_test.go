package security

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"cpca/internal/events"
	"cpca/tests/testenv"

	"github.com/PuerkitoBio/goquery"
)

// A form that asks before acting (hx-confirm) asks without JavaScript too: its post, carrying
// the question in _confirm, is answered with a confirmation page and changes nothing; the
// page's own form (the same fields and _confirmed=1) acts. An htmx post, confirmed in the
// dialog, acts at once; someone the policy refuses is refused, not asked.
func TestConfirmWithoutJavaScript(t *testing.T) {
	staff := env.NewClient(t)
	staff.Login(env.CreateStaff(t, "events"), testenv.Password)
	ev := env.NewEvent(t, testenv.EventOpts{Draft: true})
	path := "/admin/events/" + strconv.FormatInt(ev.ID, 10)
	published := func() bool {
		t.Helper()
		e, err := events.Get(context.Background(), env.DB, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		return e.Published
	}

	page := staff.Get(path)
	q, ok := page.Doc.Find(`form[action="` + path + `/publish"] input[name="_confirm"]`).Attr("value")
	if !ok || !strings.Contains(q, "确定发布") {
		t.Fatalf("the publish form carries no question in _confirm (%q)", q)
	}

	r := staff.Post(path+"/publish", url.Values{"_confirm": {q}})
	if r.Status != http.StatusOK || !strings.Contains(r.Text(".confirm-step .question"), "确定发布") {
		t.Fatalf("a post without JavaScript was not asked first: %d %q", r.Status, r.Text("h1"))
	}
	if published() {
		t.Fatal("the unconfirmed post published the event")
	}
	form := r.Doc.Find(".confirm-step form")
	if a, _ := form.Attr("action"); a != path+"/publish" {
		t.Fatalf("the confirmation page posts to %q", a)
	}
	again := url.Values{}
	form.Find("input[type=hidden]").Each(func(_ int, s *goquery.Selection) {
		again.Add(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	if again.Get("_confirmed") != "1" || again.Get("_confirm") != q || again.Get("_csrf") == "" {
		t.Fatalf("the confirmation page does not re-post the form: %v", again)
	}
	if r := staff.Post(path+"/publish", again); r.Status != http.StatusSeeOther || !published() {
		t.Fatalf("the confirmed post did not publish: %d, published %v", r.Status, published())
	}

	// htmx (the dialog asked): acts at once.
	uq := staff.Get(path).Doc.Find(`form[action="`+path+`/unpublish"] input[name="_confirm"]`).AttrOr("value", "")
	if uq == "" {
		t.Fatal("the unpublish form carries no question")
	}
	if r := staff.PostHTMX(path+"/unpublish", url.Values{"_confirm": {uq}}); r.Status >= 400 || published() {
		t.Fatalf("the htmx post did not unpublish: %d, published %v", r.Status, published())
	}

	// Someone who may not publish is refused, not asked.
	m, _ := env.Member(t)
	if r := m.Post(path+"/publish", url.Values{"_confirm": {q}}); r.Status != http.StatusForbidden {
		t.Errorf("a member posting a question got %d, want 403", r.Status)
	}
}
