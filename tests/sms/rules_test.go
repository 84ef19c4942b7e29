package sms

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/errs"
	"cpca/internal/people"
	"cpca/internal/sms"
	"cpca/internal/sms/smsfake"
	"cpca/tests/testenv"
)

// The same template to the same phone at most N a day: text N+1 is written as limited (shown
// in 短信管理, never sent); another phone or another template is not affected.
func TestPerPhoneLimit(t *testing.T) {
	ctx := context.Background()
	rules := sms.Rules{Limit: 2}
	to, other := mobile(), mobile()
	params := map[string]string{"company": "甲", "year": "2026", "when": "x"}
	var ids []int64
	for i := 0; i < 3; i++ {
		id, err := rules.Queue(ctx, env.DB, sms.Text{To: to, Template: sms.DuesReminder, Params: params}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for i, want := range []string{sms.StatusQueued, sms.StatusQueued, sms.StatusLimited} {
		if m := row(t, ids[i]); m.Status != want {
			t.Errorf("text %d: %s, want %s (%s)", i+1, m.Status, want, m.LastError)
		}
	}
	if m := row(t, ids[2]); !strings.Contains(m.LastError, "每天最多2条") {
		t.Errorf("limited reason: %q", m.LastError)
	}
	id, _ := rules.Queue(ctx, env.DB, sms.Text{To: other, Template: sms.DuesReminder, Params: params}, time.Now())
	if row(t, id).Status != sms.StatusQueued {
		t.Error("another phone was limited")
	}
	// A limited row is never sent: the gateway sees no call.
	ali := smsfake.NewAliyun("k", "s")
	defer ali.Close()
	_ = sms.Deliver(ctx, env.DB, sms.Aliyun{KeyID: "k", Secret: "s", Endpoint: ali.URL()}, ids[2], false)
	if ali.Calls.Load() != 0 {
		t.Error("a limited text went to the gateway")
	}
}

// 推广 texts: only to mobiles whose person consented (withdrawal is immediate), only
// 08:00–22:00 Asia/Shanghai (otherwise deferred to the next 08:00, released by the sweep), and
// the template must end with 拒收请回复R.
func TestMarketingRules(t *testing.T) {
	ctx := context.Background()
	by := audit.Actor{Name: "test"}
	key := "promo_" + strings.ToLower(testenv.Name("t"))
	f := sms.Form{Key: key, Code: "SMS_PROMO", Kind: sms.KindMarketing, Params: "event:20", Body: "协会${event}欢迎报名。", Enabled: true}
	if err := sms.Save(ctx, env.DB, f, by); !errors.Is(err, errs.Invalid) {
		t.Fatalf("a marketing template without 拒收请回复R was saved: %v", err)
	}
	f.Body = "协会${event}欢迎报名。拒收请回复R"
	if err := sms.Save(ctx, env.DB, f, by); err != nil {
		t.Fatal(err)
	}
	to := mobile()
	coID, personID := company(t, testenv.Name("推广公司"), to)
	text := sms.Text{To: to, Template: key, Params: map[string]string{"event": "年会"}}
	noon := time.Date(2026, 12, 2, 12, 0, 0, 0, calendar.Zone)
	if _, err := (sms.Rules{}).Queue(ctx, env.DB, text, noon); !errors.Is(err, sms.ErrNoConsent) {
		t.Fatalf("no consent: %v", err)
	}
	if err := people.SetMarketingSMS(ctx, env.DB, coID, personID, true, by); err != nil {
		t.Fatal(err)
	}
	id, err := sms.Rules{}.Queue(ctx, env.DB, text, noon)
	if err != nil || row(t, id).Status != sms.StatusQueued {
		t.Fatalf("consented at noon: %d %v", id, err)
	}
	for _, c := range []struct {
		at   time.Time
		want time.Time
	}{
		{time.Date(2026, 12, 2, 22, 30, 0, 0, calendar.Zone), time.Date(2026, 12, 3, 8, 0, 0, 0, calendar.Zone)},
		{time.Date(2026, 12, 2, 6, 59, 0, 0, calendar.Zone), time.Date(2026, 12, 2, 8, 0, 0, 0, calendar.Zone)},
	} {
		id, err := sms.Rules{}.Queue(ctx, env.DB, text, c.at)
		if err != nil {
			t.Fatal(err)
		}
		m := row(t, id)
		if m.Status != sms.StatusDeferred || !m.NotBefore.Time.Equal(c.want) {
			t.Errorf("queued at %s: %s until %s, want deferred until %s", c.at, m.Status, m.NotBefore.Time, c.want)
		}
		if _, err := sms.Release(ctx, env.DB, c.want.Add(-time.Minute)); err != nil || row(t, id).Status != sms.StatusDeferred {
			t.Errorf("released before 08:00")
		}
		if _, err := sms.Release(ctx, env.DB, c.want); err != nil || row(t, id).Status != sms.StatusQueued {
			t.Errorf("not released at 08:00: %s", row(t, id).Status)
		}
	}
	if err := people.SetMarketingSMS(ctx, env.DB, coID, personID, false, by); err != nil {
		t.Fatal(err)
	}
	if _, err := (sms.Rules{}).Queue(ctx, env.DB, text, noon); !errors.Is(err, sms.ErrNoConsent) {
		t.Errorf("after withdrawal: %v", err)
	}
	if err := people.SetMarketingSMS(ctx, env.DB, coID+1000000, personID, true, by); !errors.Is(err, people.ErrNotFound) {
		t.Errorf("another company's person: %v", err)
	}
	if !sms.InMarketingHours(time.Date(2026, 12, 2, 8, 0, 0, 0, calendar.Zone)) || sms.InMarketingHours(time.Date(2026, 12, 2, 22, 0, 0, 0, calendar.Zone)) {
		t.Error("marketing hours are 08:00 to 22:00")
	}
}

// The registry refuses before anything is queued: an unknown or disabled key, a missing,
// extra, empty or too long parameter; a stored row overrides the built-in entry; the form
// checks that placeholders and parameters match.
func TestRegistryValidation(t *testing.T) {
	ctx := context.Background()
	ok := map[string]string{"company": "甲", "year": "2026", "when": "x"}
	for name, c := range map[string]sms.Text{
		"unknown key":   {To: "13800000001", Template: "free_text", Params: map[string]string{"text": "x"}},
		"missing param": {To: "13800000001", Template: sms.DuesReminder, Params: map[string]string{"company": "甲", "year": "2026"}},
		"extra param":   {To: "13800000001", Template: sms.DuesReminder, Params: map[string]string{"company": "甲", "year": "2026", "when": "x", "y": "z"}},
		"empty param":   {To: "13800000001", Template: sms.DuesReminder, Params: map[string]string{"company": "", "year": "2026", "when": "x"}},
		"too long":      {To: "13800000001", Template: sms.DuesReminder, Params: map[string]string{"company": "甲", "year": "20261", "when": "x"}},
	} {
		if _, err := sms.Queue(ctx, env.DB, c); !errors.Is(err, errs.Invalid) {
			t.Errorf("%s: %v", name, err)
		} else if m, has := errs.MessageOf(err); !has || m.Key == "" {
			t.Errorf("%s: no user message", name)
		}
	}
	if _, err := sms.Queue(ctx, env.DB, sms.Text{To: mobile(), Template: sms.DuesReminder, Params: ok}); err != nil {
		t.Errorf("valid text: %v", err)
	}
	key := "notice_" + strings.ToLower(testenv.Name("r"))
	by := audit.Actor{Name: "test"}
	for name, f := range map[string]sms.Form{
		"bad key":          {Key: "Bad Key", Kind: sms.KindNotice, Body: "x"},
		"unknown kind":     {Key: key, Kind: "广告", Body: "x"},
		"placeholder only": {Key: key, Kind: sms.KindNotice, Body: "您好${name}"},
		"param unused":     {Key: key, Kind: sms.KindNotice, Params: "name:10", Body: "您好"},
		"bad limit":        {Key: key, Kind: sms.KindNotice, Params: "name:0", Body: "您好${name}"},
	} {
		if err := sms.Save(ctx, env.DB, f, by); !errors.Is(err, errs.Invalid) {
			t.Errorf("%s: saved (%v)", name, err)
		}
	}
	if err := sms.Save(ctx, env.DB, sms.Form{Key: key, Code: "SMS_9", Kind: sms.KindNotice, Params: "name:3", Body: "您好${name}", Enabled: false}, by); err != nil {
		t.Fatal(err)
	}
	if _, err := sms.Queue(ctx, env.DB, sms.Text{To: mobile(), Template: key, Params: map[string]string{"name": "张"}}); !errors.Is(err, errs.Invalid) {
		t.Errorf("disabled template queued: %v", err)
	}
	_ = sms.Save(ctx, env.DB, sms.Form{Key: key, Code: "SMS_9", Kind: sms.KindNotice, Params: "name:3", Body: "您好${name}", Enabled: true}, by)
	if _, err := sms.Queue(ctx, env.DB, sms.Text{To: mobile(), Template: key, Params: map[string]string{"name": "张三丰李"}}); !errors.Is(err, errs.Invalid) {
		t.Errorf("a value over the stored limit was queued: %v", err)
	}
	id, err := sms.Queue(ctx, env.DB, sms.Text{To: mobile(), Template: key, Params: map[string]string{"name": "张三"}})
	if err != nil || row(t, id).SignName != sms.SignName {
		t.Errorf("stored template: %d %v", id, err)
	}
}
