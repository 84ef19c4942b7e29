package browserevents

import (
	"context"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/events"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"

	"github.com/go-rod/rod/lib/proto"
)

// Without the page's scripts, 取消报名 still asks: the form posts, the server answers with its
// confirmation page (app/confirm.go) and nothing is cancelled; 返回 leads back to the event,
// 确定 re-posts the form and the registration is cancelled.
func TestCancelWithoutJavaScript(t *testing.T) {
	b := browserenv.Start(t, env.App, 60*time.Second)
	b.FailPrefix = "FAILED-noscript-"
	bg := context.Background()
	ev := env.NewEvent(t, testenv.EventOpts{Name: testenv.Name("无脚本峰会"), Capacity: 5})
	_, co := env.Member(t)
	u, err := account.ByUsername(bg, env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	reg, err := events.Register(bg, env.DB, ev.ID, events.Member{CompanyID: u.CompanyID}, testenv.People(1), "", audit.Actor{Name: "test"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	status := func() string {
		t.Helper()
		var s string
		if err := env.DB.NewRaw(`SELECT status FROM event_registrations WHERE id = ?`, reg.ID).Scan(bg, &s); err != nil {
			t.Fatal(err)
		}
		return s
	}

	a := b.NewTab(t, "无脚本")
	// The page's scripts are not loaded (rod itself needs JavaScript in the page, so the
	// scripts are blocked rather than JavaScript switched off): neither htmx nor confirm.js.
	if err := (proto.NetworkEnable{}).Call(a.Page()); err != nil {
		t.Fatal(err)
	}
	if err := (proto.NetworkSetBlockedURLs{Urls: []string{"*/public/vendor/htmx.min.js", "*/public/js/*"}}).Call(a.Page()); err != nil {
		t.Fatal(err)
	}
	a.At("login")
	a.Login(co.Username())
	a.At("cancel, asked by the server")
	a.Open("/events/" + itoa(ev.ID))
	a.ClickAndLoad(a.ElText("#registration button", "^取消报名$"), "取消报名")
	a.ElText("h1", "^请确认$")
	a.ElText(".confirm-step .question", "确定取消报名")
	a.Shot("events-noscript-confirm")
	if s := status(); s != reg.Status {
		t.Fatalf("the unconfirmed post changed the registration to %q", s)
	}
	a.ClickAndLoad(a.ElText(".confirm-step a", "^返回$"), "返回")
	a.ElText("#registration button", "^取消报名$")
	a.ClickAndLoad(a.ElText("#registration button", "^取消报名$"), "取消报名")
	a.ClickAndLoad(a.El("#confirm-ok"), "确定")
	a.ElText(".flash", "报名已取消")
	if s := status(); s != events.Cancelled {
		t.Errorf("after 确定 the registration is %q, want cancelled", s)
	}
}
