package demo

import (
	"context"
	"time"

	"cpca/internal/sms"

	"github.com/uptrace/bun"
)

// seedSMS fills 短信管理: the template registry with demo provider codes (so 短信通知 is offered
// in 站内信管理) and a few texts in each status, as the gateways and their receipts leave them;
// one contact (陈诚) consents to marketing texts.
func seedSMS(ctx context.Context, tx bun.Tx, now time.Time) error {
	if err := sms.Seed(ctx, tx, map[string]string{sms.DuesReminder: "SMS_465300001", sms.BroadcastNotice: "SMS_465300002",
		sms.EventPromotion: "SMS_465300003"}); err != nil {
		return err
	}
	if _, err := tx.NewRaw(`UPDATE company_people SET sms_marketing_at = ? WHERE mobile = '13700002345'`, now.Add(-20*24*time.Hour)).Exec(ctx); err != nil {
		return err
	}
	dues := `{"company": "深圳华电电路有限公司", "year": "2026", "when": "已超过截止日期"}`
	notice := `{"company": "上海精诚覆铜板股份有限公司", "title": "关于召开第八届理事会第三次会议"}`
	promo := `{"event": "2027中国电子电路展", "date": "3月18日"}`
	next8 := sms.NextMarketingStart(time.Date(now.Year(), now.Month(), now.Day(), 23, 0, 0, 0, now.Location()))
	rows := []struct {
		to, template, params, status, provider, providerID, receipt, lastErr string
		ago                                                                  time.Duration
		notBefore                                                            any
	}{
		{"13800001234", sms.DuesReminder, dues, sms.StatusDelivered, "aliyun", "900619746936498440^0", "DELIVERED", "", 50 * time.Hour, nil},
		{"13700002345", sms.BroadcastNotice, notice, sms.StatusDelivered, "aliyun", "900619746936498441^0", "DELIVERED", "", 49 * time.Hour, nil},
		{"13600003456", sms.DuesReminder, dues, sms.StatusFailed, "aliyun", "900619746936498442^0", "MK:0001", "回执：MK:0001 用户关机", 48 * time.Hour, nil},
		{"13800001234", sms.DuesReminder, dues, sms.StatusLimited, "aliyun", "", "", "isv.BUSINESS_LIMIT_CONTROL: 短信网关限流: 触发号码天级流控Permits:10", 26 * time.Hour, nil},
		{"13800001234", sms.DuesReminder, dues, sms.StatusLimited, "", "", "", "本地限制：同一模板发给同一手机号每天最多5条", 25 * time.Hour, nil},
		{"13700002345", sms.BroadcastNotice, notice, sms.StatusSubmitted, "aliyun", "900619746936498443^0", "", "", 2 * time.Hour, nil},
		{"13400005678", sms.DuesReminder, dues, sms.StatusUnknown, "aliyun", "", "", "短信已提交网关但未收到应答，无法确定是否已发送", 3 * time.Hour, nil},
		{"13700002345", sms.EventPromotion, promo, sms.StatusDeferred, "", "", "", "", time.Hour, next8},
	}
	for _, r := range rows {
		at := now.Add(-r.ago)
		if _, err := tx.NewRaw(`INSERT INTO sms_messages (to_mobile, sign_name, template, params, kind, status, attempts, last_error,
				provider_id, provider, receipt_code, receipt_at, sent_at, not_before, created_at)
			VALUES (?, 'CPCA', ?, ?::jsonb, 'demo', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.to, r.template, r.params, r.status, map[bool]int{true: 1, false: 0}[r.provider != ""], r.lastErr, r.providerID,
			r.provider, r.receipt, nullIf(r.receipt != "", at.Add(5*time.Second)), nullIf(r.providerID != "", at), r.notBefore, at).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func nullIf(ok bool, t time.Time) any {
	if ok {
		return t
	}
	return nil
}
