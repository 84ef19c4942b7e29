package company

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/people"
	"cpca/internal/sms"
	"cpca/internal/sms/smsfake"
	"cpca/tests/testenv"
)

// promoTemplate saves an enabled 推广 template with a provider code and returns its key.
func promoTemplate(t *testing.T) string {
	t.Helper()
	key := "promo_" + strings.ToLower(testenv.Name("p"))
	f := sms.Form{Key: key, Code: "SMS_PROMO_PEOPLE", Kind: sms.KindMarketing, Params: "event:20",
		Body: "协会${event}欢迎报名。拒收请回复R", Enabled: true}
	if err := sms.Save(context.Background(), env.DB, f, audit.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	return key
}

// addPerson adds a person with a mobile no other test uses (the consent goes by mobile).
func addPerson(t *testing.T, m member, name string) company.Person {
	t.Helper()
	mob := "13" + strconv.Itoa(100000000+rand.IntN(899999999))
	m.C.Get("/people")
	wantStatus(t, m.C.Post("/people", personForm(name, "mobile", mob)), http.StatusSeeOther, "add "+name)
	for _, p := range peopleOf(t, m.User.CompanyID) {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("%s not added", name)
	return company.Person{}
}

// colleagueClient invites a colleague of m and logs them in.
func colleagueClient(t *testing.T, m member, ip string) *testenv.Client {
	t.Helper()
	username, _, link := invite(t, m)
	c := env.NewClient(t)
	c.IP = ip
	c.Get(link)
	wantStatus(t, c.Post(link, url.Values{"password": {newPassword}, "confirm": {newPassword}}), http.StatusSeeOther, "set password")
	c.Login(username, newPassword)
	return c
}

// 推广短信 on 单位成员: the main account records the consent (the row shows when and by whom,
// the audit log has it), a 推广 text to the person is then queued; withdrawn, the next is
// refused and one already queued is failed without reaching the gateway. A colleague sees
// the consent but may not change it; another company's person is not found.
func TestMarketingSMSConsent(t *testing.T) {
	ctx := context.Background()
	m := newMember(t)
	p := addPerson(t, m, "推广甲")
	key := promoTemplate(t)
	text := sms.Text{To: p.Mobile, Template: key, Params: map[string]string{"event": "年会"}}
	noon := time.Date(2026, 12, 2, 12, 0, 0, 0, calendar.Zone)
	if _, err := (sms.Rules{}).Queue(ctx, env.DB, text, noon); !errors.Is(err, sms.ErrNoConsent) {
		t.Fatalf("before any consent: %v, want ErrNoConsent", err)
	}
	row := "#person-" + idStr(p.ID)
	page := m.C.Get("/people")
	if page.Doc.Find(row+` form[action="/people/`+idStr(p.ID)+`/sms-marketing"] [name="granted"][value="1"]`).Length() != 1 {
		t.Fatalf("no 记录推广短信同意 control on the row: %.300s", page.Doc.Find(row).Text())
	}

	// Grant (htmx): the list comes back with the badge, the time and the recorder.
	r := m.C.PostHTMX("/people/"+idStr(p.ID)+"/sms-marketing", url.Values{"granted": {"1"}})
	wantStatus(t, r, http.StatusOK, "grant")
	sc := strings.TrimSpace(r.Doc.Find(row + " .sms-consent").Text())
	if !strings.Contains(sc, "已同意接收推广短信") || !strings.Contains(sc, "记录人") || !strings.Contains(sc, m.User.Name) {
		t.Errorf("row after the grant: %q (want the badge and 记录人 %s)", sc, m.User.Name)
	}
	got, _ := people.Get(ctx, env.DB, m.User.CompanyID, p.ID)
	if !got.SMSMarketingAt.Valid || time.Since(got.SMSMarketingAt.Time) > time.Minute || got.SMSMarketingBy.Int64 != m.User.ID {
		t.Errorf("consent stored: at %v by %v, want now by %d", got.SMSMarketingAt, got.SMSMarketingBy, m.User.ID)
	}
	id, err := sms.Rules{}.Queue(ctx, env.DB, text, noon)
	if err != nil || id == 0 {
		t.Fatalf("a 推广 text after the consent: %d %v", id, err)
	}

	// A colleague sees the consent without the control, and is refused when posting.
	col := colleagueClient(t, m, "10.9.3.1")
	cp := col.Get("/people")
	if !strings.Contains(cp.Doc.Find(row+" .sms-consent").Text(), "已同意接收推广短信") || cp.Doc.Find(row+" .sms-consent form").Length() != 0 {
		t.Errorf("colleague's row: %q, %d forms", cp.Doc.Find(row+" .sms-consent").Text(), cp.Doc.Find(row+" .sms-consent form").Length())
	}
	if r := col.Post("/people/"+idStr(p.ID)+"/sms-marketing", url.Values{"granted": {"0"}}); r.Status != http.StatusForbidden {
		t.Errorf("a colleague withdraws: %d, want 403", r.Status)
	}

	// Another company's main account: not found, nothing changes.
	other := newMember(t)
	other.C.Get("/people")
	if r := other.C.Post("/people/"+idStr(p.ID)+"/sms-marketing", url.Values{"granted": {"0"}}); r.Status != http.StatusNotFound {
		t.Errorf("another company withdraws: %d, want 404", r.Status)
	}
	if got, _ := people.Get(ctx, env.DB, m.User.CompanyID, p.ID); !got.SMSMarketingAt.Valid {
		t.Fatal("the consent was withdrawn by a colleague or another company")
	}

	// Withdraw (no JS): redirect, the row says so, texts are refused, the queued one fails.
	r = m.C.Post("/people/"+idStr(p.ID)+"/sms-marketing", url.Values{"granted": {"0"}})
	wantStatus(t, r, http.StatusSeeOther, "withdraw")
	if sc := m.C.Get("/people").Doc.Find(row + " .sms-consent").Text(); !strings.Contains(sc, "未同意接收推广短信") {
		t.Errorf("row after the withdrawal: %q", sc)
	}
	if got, _ := people.Get(ctx, env.DB, m.User.CompanyID, p.ID); got.SMSMarketingAt.Valid || got.SMSMarketingBy.Valid {
		t.Errorf("withdrawn consent still stored: %v %v", got.SMSMarketingAt, got.SMSMarketingBy)
	}
	if _, err := (sms.Rules{}).Queue(ctx, env.DB, text, noon); !errors.Is(err, sms.ErrNoConsent) {
		t.Errorf("after the withdrawal: %v, want ErrNoConsent", err)
	}
	ali := smsfake.NewAliyun("k", "s")
	defer ali.Close()
	if err := sms.Deliver(ctx, env.DB, sms.Aliyun{KeyID: "k", Secret: "s", Endpoint: ali.URL()}, id, false); err != nil {
		t.Fatal(err)
	}
	var status string
	if err := env.DB.NewRaw(`SELECT status FROM sms_messages WHERE id = ?`, id).Scan(ctx, &status); err != nil {
		t.Fatal(err)
	}
	if ali.Calls.Load() != 0 || status != sms.StatusFailed {
		t.Errorf("text queued before the withdrawal: %s, %d gateway calls; want failed, none", status, ali.Calls.Load())
	}
	if n := count(t, `SELECT count(*) FROM audit_log WHERE action IN ('people.sms_marketing.consent', 'people.sms_marketing.withdraw')
		AND object_id = ? AND actor_id = ?`, idStr(p.ID), m.User.ID); n != 2 {
		t.Errorf("audit entries by the main account: %d, want 2", n)
	}
}
