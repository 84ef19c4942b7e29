package mail

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"cpca/internal/sms"
	"cpca/tests/testenv"
)

// The SMS outbox stores the template key and named parameters; 短信管理 shows the template,
// the rendered text and the mobile masked (138****5678).
func TestSMSOutboxTemplate(t *testing.T) {
	ctx := context.Background()
	company := testenv.Name("短信公司")
	params := map[string]string{"company": company, "year": "2030", "when": "截止日期为 2030年3月31日"}
	id, err := sms.Queue(ctx, env.DB, sms.Text{To: "13812345678", Template: sms.DuesReminder, Params: params, Kind: "test",
		DedupeKey: "test-sms:" + company})
	if err != nil || id == 0 {
		t.Fatalf("queue: %d %v", id, err)
	}
	var tpl, p string
	if err := env.DB.NewRaw(`SELECT template, params::text FROM sms_messages WHERE id = ?`, id).Scan(ctx, &tpl, &p); err != nil {
		t.Fatal(err)
	}
	if tpl != sms.DuesReminder || !strings.Contains(p, `"year": "2030"`) {
		t.Errorf("stored template %q params %s", tpl, p)
	}
	if _, err := sms.Queue(ctx, env.DB, sms.Text{To: "13812345678", Template: "free_text", Params: map[string]string{"text": "任意内容"}}); err == nil {
		t.Error("free text was queued")
	}
	r := staffClient(t).Get("/admin/sms?status=queued")
	if r.Status != http.StatusOK {
		t.Fatalf("短信管理: %d", r.Status)
	}
	body := r.Text("table")
	for _, want := range []string{"138****5678", sms.DuesReminder, "【CPCA】" + company + "2030年度会费尚未缴纳"} {
		if !strings.Contains(body, want) {
			t.Errorf("短信管理 lacks %q", want)
		}
	}
	if strings.Contains(r.Body, "13812345678") {
		t.Error("短信管理 shows the full mobile")
	}
}
