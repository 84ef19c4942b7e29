package sms

import (
	"context"
	"strings"
	"testing"

	"cpca/internal/audit"
	"cpca/internal/sms"
	"cpca/internal/sms/smsfake"
	"cpca/tests/testenv"
)

// Both gateways end to end through the outbox: a text queued, delivered through the gateway's
// fake (which checks the signature as the provider does), and the outcome recorded. Success
// is submitted with the gateway's id; throttling is limited and not retried (a second delivery
// does not call out); a 5xx leaves the row queued and returns an error, so the queue retries
// it with back-off, and the retry succeeds; a refusal is failed at once; 5xx on the final
// attempt is failed.
func TestGatewayRoundTrips(t *testing.T) {
	ctx := context.Background()
	ali := smsfake.NewAliyun("LTAI5tCPCA", "ali-secret")
	defer ali.Close()
	ten := smsfake.NewTencent("AKIDcpca", "ten-secret", "1400009999")
	defer ten.Close()
	type fake interface {
		Answer(string)
		URL() string
	}
	for _, g := range []struct {
		name  string
		p     sms.Provider
		f     fake
		calls func() int64
	}{
		{"aliyun", sms.Aliyun{KeyID: "LTAI5tCPCA", Secret: "ali-secret", Endpoint: ali.URL()}, ali, ali.Calls.Load},
		{"tencent", sms.Tencent{SecretID: "AKIDcpca", SecretKey: "ten-secret", AppID: "1400009999", Endpoint: ten.URL()}, ten, ten.Calls.Load},
	} {
		t.Run(g.name, func(t *testing.T) {
			g.f.Answer(smsfake.OK)
			id := queueDues(t, mobile())
			if err := sms.Deliver(ctx, env.DB, g.p, id, false); err != nil {
				t.Fatal(err)
			}
			if m := row(t, id); m.Status != sms.StatusSubmitted || m.ProviderID == "" || m.Provider != g.name || m.Attempts != 1 {
				t.Errorf("success: %+v", m)
			}

			g.f.Answer(smsfake.Limited)
			id = queueDues(t, mobile())
			if err := sms.Deliver(ctx, env.DB, g.p, id, false); err != nil {
				t.Errorf("limited returned %v: the queue would retry it", err)
			}
			before := g.calls()
			_ = sms.Deliver(ctx, env.DB, g.p, id, false)
			if m := row(t, id); m.Status != sms.StatusLimited || g.calls() != before {
				t.Errorf("limited: %s, %d more calls", m.Status, g.calls()-before)
			}

			g.f.Answer(smsfake.Down)
			id = queueDues(t, mobile())
			if err := sms.Deliver(ctx, env.DB, g.p, id, false); err == nil {
				t.Error("5xx: no error, the queue would not retry")
			}
			if m := row(t, id); m.Status != sms.StatusQueued || m.Attempts != 1 || m.LastError == "" {
				t.Errorf("5xx: %+v", m)
			}
			g.f.Answer(smsfake.OK)
			if err := sms.Deliver(ctx, env.DB, g.p, id, false); err != nil {
				t.Fatal(err)
			}
			if m := row(t, id); m.Status != sms.StatusSubmitted || m.Attempts != 2 {
				t.Errorf("retry after 5xx: %+v", m)
			}

			g.f.Answer(smsfake.Down)
			id = queueDues(t, mobile())
			_ = sms.Deliver(ctx, env.DB, g.p, id, true)
			if m := row(t, id); m.Status != sms.StatusFailed {
				t.Errorf("5xx on the final attempt: %s", m.Status)
			}

			g.f.Answer(smsfake.Reject)
			id = queueDues(t, mobile())
			if err := sms.Deliver(ctx, env.DB, g.p, id, false); err != nil {
				t.Errorf("a refusal is final, not retried: %v", err)
			}
			if m := row(t, id); m.Status != sms.StatusFailed {
				t.Errorf("refusal: %s", m.Status)
			}
		})
	}
}

// A template disabled after its text was queued, or one without the provider's code, is not
// sent: the row fails with the reason and the gateway sees no call.
func TestDeliverRefusesUnapprovedTemplate(t *testing.T) {
	ctx := context.Background()
	ali := smsfake.NewAliyun("k", "s")
	defer ali.Close()
	p := sms.Aliyun{KeyID: "k", Secret: "s", Endpoint: ali.URL()}
	key := "plain_" + strings.ToLower(testenv.Name("d"))
	f := sms.Form{Key: key, Kind: sms.KindNotice, Params: "name:10", Body: "您好${name}", Enabled: true}
	if err := sms.Save(ctx, env.DB, f, audit.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	id, err := sms.Queue(ctx, env.DB, sms.Text{To: mobile(), Template: key, Params: map[string]string{"name": "张三"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := sms.Deliver(ctx, env.DB, p, id, false); err != nil {
		t.Fatal(err)
	}
	if m := row(t, id); m.Status != sms.StatusFailed || !strings.Contains(m.LastError, "模板编号") || ali.Calls.Load() != 0 {
		t.Errorf("no code: %+v, %d calls", m, ali.Calls.Load())
	}
	f.Code = "SMS_77"
	_ = sms.Save(ctx, env.DB, f, audit.Actor{Name: "test"})
	id, _ = sms.Queue(ctx, env.DB, sms.Text{To: mobile(), Template: key, Params: map[string]string{"name": "张三"}})
	f.Enabled = false
	_ = sms.Save(ctx, env.DB, f, audit.Actor{Name: "test"})
	_ = sms.Deliver(ctx, env.DB, p, id, false)
	if m := row(t, id); m.Status != sms.StatusFailed || ali.Calls.Load() != 0 {
		t.Errorf("disabled after queueing: %+v", m)
	}
}
