package mail

import (
	"context"
	"errors"
	"testing"

	"cpca/internal/account"
	"cpca/internal/notify"
	"cpca/internal/sms"
	"cpca/tests/testenv"
)

// notify decides who receives what, once: dues news to the finance contact (no SMS), dues
// reminders also by SMS to the finance contact's mobile, the invoice email to the
// 接收电子发票的邮箱 when one is saved; a repeated key mails and texts nobody again.
func TestNotifyRecipients(t *testing.T) {
	ctx := context.Background()
	_, co := env.Member(t)
	u, err := account.ByUsername(ctx, env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	fin := testenv.Name("caiwu") + "@example.com"
	if _, err := env.DB.NewRaw(`UPDATE company_people SET is_finance = false WHERE company_id = ?`, u.CompanyID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := env.DB.NewRaw(`INSERT INTO company_people (company_id, position, name, mobile, email, is_finance)
		VALUES (?, 5, '王财务', '13711112222', ?, true)`, u.CompanyID, fin).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	text := &notify.SMS{Template: sms.LegacyText, Params: map[string]string{"text": "测试"}}
	send := func(k notify.Kind, key string) notify.Sent {
		t.Helper()
		s, err := notify.Send(ctx, env.DB, notify.Note{Kind: k, CompanyID: u.CompanyID, Key: key + ":" + fin, Title: "标题", Body: "正文", SMS: text})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	to := func(id int64) (addr string) {
		_ = env.DB.NewRaw(`SELECT to_addr FROM emails WHERE id = ?`, id).Scan(ctx, &addr)
		return addr
	}
	s := send(notify.Dues, "t:dues")
	if to(s.EmailID) != fin || s.SMSID != 0 || s.NoticeID == 0 {
		t.Errorf("dues news: email to %q, sms %d, notice %d; want the finance contact, no SMS, a notice", to(s.EmailID), s.SMSID, s.NoticeID)
	}
	s = send(notify.DuesReminder, "t:reminder")
	var mobile string
	_ = env.DB.NewRaw(`SELECT to_mobile FROM sms_messages WHERE id = ?`, s.SMSID).Scan(ctx, &mobile)
	if to(s.EmailID) != fin || mobile != "13711112222" {
		t.Errorf("dues reminder: email to %q, sms to %q; want the finance contact", to(s.EmailID), mobile)
	}
	if again := send(notify.DuesReminder, "t:reminder"); again.EmailID != 0 || again.SMSID != 0 {
		t.Errorf("a repeated key wrote email %d, sms %d", again.EmailID, again.SMSID)
	}
	if s := send(notify.Invoice, "t:invoice1"); to(s.EmailID) != fin {
		t.Errorf("invoice without 开票信息: email to %q, want the finance contact", to(s.EmailID))
	}
	inbox := testenv.Name("fp") + "@example.com"
	if _, err := env.DB.NewRaw(`INSERT INTO invoice_profiles (company_id, invoice_type, title, tax_no, email) VALUES (?, 'normal', 'x', 'x', ?)`,
		u.CompanyID, inbox).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if s := send(notify.Invoice, "t:invoice2"); to(s.EmailID) != inbox || s.SMSID != 0 {
		t.Errorf("invoice: email to %q, sms %d; want %q and no SMS", to(s.EmailID), s.SMSID, inbox)
	}
	if _, err := notify.Send(ctx, env.DB, notify.Note{Kind: "gossip", CompanyID: u.CompanyID}); !errors.Is(err, notify.ErrUnknownKind) {
		t.Errorf("unknown kind: %v", err)
	}
}
