package sms

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

// The log provider writes the template key and masked mobiles, never full numbers, the text
// or its parameters (the old provider logged "to" and "body" in full).
func TestLogProviderMasks(t *testing.T) {
	var buf bytes.Buffer
	p := LogProvider{Log: slog.New(slog.NewTextHandler(&buf, nil))}
	params := map[string]string{"company": "深圳市示例电路有限公司", "year": "2026", "when": "截止日期为 2026年3月31日"}
	rs := p.Send(context.Background(), Batch{SignName: SignName, TemplateKey: DuesReminder, Params: params,
		Mobiles: []string{"13812345678", "13900001111"}, OutID: "sms-7"})
	if len(rs) != 2 || rs[0].Mobile != "13812345678" || rs[0].Err != nil || rs[0].MessageID == "" || rs[1].Mobile != "13900001111" {
		t.Fatalf("results %+v", rs)
	}
	out := buf.String()
	for _, secret := range []string{"13812345678", "13900001111", "深圳市示例电路", "截止日期", "尚未缴纳"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q: %s", secret, out)
		}
	}
	for _, want := range []string{"138****5678", "139****1111", DuesReminder} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q: %s", want, out)
		}
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{"13812345678": "138****5678", "": "**", "12": "**", "+8613812345678": "****78"} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

// Only registered templates with exactly their parameters can be sent; rendering fills the
// named placeholders and puts the signature in front.
func TestTemplates(t *testing.T) {
	params := map[string]string{"company": "甲公司", "year": "2026", "when": "已超过截止日期"}
	tp, err := Lookup(DuesReminder, params)
	if err != nil {
		t.Fatal(err)
	}
	if got := tp.Render(SignName, params); got != "【CPCA】甲公司2026年度会费尚未缴纳，已超过截止日期，请登录会员系统上传缴费凭证。" {
		t.Errorf("render: %s", got)
	}
	if tp.Kind != KindNotice || tp.Code == "" {
		t.Errorf("template %+v", tp)
	}
	if _, err := Lookup("free_text", map[string]string{"text": "x"}); err == nil {
		t.Error("an unregistered template was accepted")
	}
	if _, err := Lookup(DuesReminder, map[string]string{"company": "甲", "year": "2026"}); err == nil {
		t.Error("a missing parameter was accepted")
	}
	if _, err := Lookup(DuesReminder, map[string]string{"company": "甲", "year": "2026", "when": "x", "extra": "y"}); err == nil {
		t.Error("an extra parameter was accepted")
	}
	for k, tp := range Templates {
		if tp.Key != k || (tp.Kind != KindCode && tp.Kind != KindNotice && tp.Kind != KindMarketing) {
			t.Errorf("registry entry %q: %+v", k, tp)
		}
		for _, p := range tp.Params {
			if !strings.Contains(tp.Text, "${"+p+"}") {
				t.Errorf("template %q lacks placeholder %q", k, p)
			}
		}
	}
}
