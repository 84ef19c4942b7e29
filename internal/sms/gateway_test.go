package sms_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"cpca/internal/sms"
	"cpca/internal/sms/smsfake"
)

func batch(mobiles ...string) sms.Batch {
	return sms.Batch{SignName: "CPCA", TemplateKey: sms.DuesReminder, TemplateCode: "SMS_1234",
		Params: map[string]string{"company": "甲公司", "year": "2026", "when": "已超过截止日期"},
		Values: []string{"甲公司", "2026", "已超过截止日期"}, Mobiles: mobiles, OutID: "sms-7"}
}

// Each gateway client against its fake: the fake recomputes the signature exactly like the
// gateway, and the answers are classified as the outbox needs (submitted / limited / retried
// / refused). A client with the wrong secret is refused by the signature check.
func TestGatewaysAgainstFakes(t *testing.T) {
	ctx := context.Background()
	ali := smsfake.NewAliyun("LTAI5tTestKey", "aliyun-secret")
	defer ali.Close()
	ten := smsfake.NewTencent("AKIDtest", "tencent-secret", "1400006666")
	defer ten.Close()
	type gw struct {
		name string
		p    sms.Provider
		bad  sms.Provider
		f    interface{ Answer(string) }
		sigs func() int64
	}
	gws := []gw{
		{"aliyun", sms.Aliyun{KeyID: "LTAI5tTestKey", Secret: "aliyun-secret", Endpoint: ali.URL()},
			sms.Aliyun{KeyID: "LTAI5tTestKey", Secret: "wrong", Endpoint: ali.URL()}, ali, ali.BadSignatures.Load},
		{"tencent", sms.Tencent{SecretID: "AKIDtest", SecretKey: "tencent-secret", AppID: "1400006666", Endpoint: ten.URL()},
			sms.Tencent{SecretID: "AKIDtest", SecretKey: "wrong", AppID: "1400006666", Endpoint: ten.URL()}, ten, ten.BadSignatures.Load},
	}
	for _, g := range gws {
		t.Run(g.name, func(t *testing.T) {
			cases := []struct {
				answer string
				want   error // nil: success
				code   string
			}{
				{smsfake.OK, nil, ""},
				{smsfake.Limited, sms.ErrLimited, map[string]string{"aliyun": "isv.BUSINESS_LIMIT_CONTROL", "tencent": "LimitExceeded.PhoneNumberDailyLimit"}[g.name]},
				{smsfake.Down, sms.ErrTransport, ""},
				{smsfake.Reject, errors.New("refused"), ""},
			}
			for _, c := range cases {
				g.f.Answer(c.answer)
				rs := g.p.Send(ctx, batch("13812345678"))
				if len(rs) != 1 {
					t.Fatalf("%s: %d results", c.answer, len(rs))
				}
				r := rs[0]
				switch {
				case c.want == nil:
					if r.Err != nil || r.MessageID == "" {
						t.Errorf("%s: %+v", c.answer, r)
					}
				case c.answer == smsfake.Reject:
					if r.Err == nil || errors.Is(r.Err, sms.ErrLimited) || errors.Is(r.Err, sms.ErrTransport) || errors.Is(r.Err, sms.ErrUncertain) {
						t.Errorf("reject classified as %v", r.Err)
					}
				default:
					if !errors.Is(r.Err, c.want) {
						t.Errorf("%s: err %v, want %v", c.answer, r.Err, c.want)
					}
				}
				if c.code != "" && r.Code != c.code {
					t.Errorf("%s: code %q, want %q", c.answer, r.Code, c.code)
				}
			}
			g.f.Answer(smsfake.OK)
			before := g.sigs()
			r := g.bad.Send(ctx, batch("13812345678"))[0]
			if r.Err == nil || g.sigs() != before+1 || !strings.Contains(r.Code, "Signature") {
				t.Errorf("wrong secret: %+v (bad signatures %d → %d)", r, before, g.sigs())
			}
		})
	}
	// The fakes saw what the gateways need: the template code, the parameters (Tencent in the
	// template's order, +86 numbers) and our reference.
	if s := ali.Sent(); len(s) != 1 || s[0].Phone != "13812345678" || s[0].Template != "SMS_1234" || s[0].OutID != "sms-7" ||
		!strings.Contains(s[0].Params[0], `"company":"甲公司"`) {
		t.Errorf("aliyun saw %+v", s)
	}
	if s := ten.Sent(); len(s) != 1 || s[0].Phone != "+8613812345678" || strings.Join(s[0].Params, "|") != "甲公司|2026|已超过截止日期" {
		t.Errorf("tencent saw %+v", s)
	}
	// Aliyun's batch call: several numbers, one BizId.
	rs := gws[0].p.Send(ctx, batch("13812345678", "13900001111"))
	if len(rs) != 2 || rs[0].Err != nil || rs[1].Err != nil || rs[0].MessageID != rs[1].MessageID {
		t.Errorf("SendBatchSms: %+v", rs)
	}
	// A gateway that is not listening: a transport error, retried.
	dead := sms.Aliyun{KeyID: "k", Secret: "s", Endpoint: "http://127.0.0.1:1"}
	if r := dead.Send(ctx, batch("13812345678"))[0]; !errors.Is(r.Err, sms.ErrTransport) {
		t.Errorf("refused connection: %v", r.Err)
	}
}
