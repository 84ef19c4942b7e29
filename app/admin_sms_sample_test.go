package app

import (
	"database/sql"
	"time"

	"cpca/internal/sms"
)

// smsSample is 短信管理 with a row in each status, for the render and translation tests.
func smsSample(pager Pager) smsPage {
	v := smsPage{Pager: pager, Templates: []sms.Template{sms.Templates[sms.DuesReminder]}}
	for i, st := range sms.Statuses {
		v.Statuses = append(v.Statuses, smsStatusOption{Value: st, Label: sms.StatusLabel(st), N: i})
		m := sms.Message{ID: int64(i + 1), To: "13800138000", Status: st, Template: sms.LegacyText, Params: map[string]string{"text": "Hello"}}
		if st == sms.StatusDelivered {
			m.ReceiptCode, m.ReceiptAt = "DELIVERED", sql.NullTime{Time: time.Now(), Valid: true}
		}
		if st == sms.StatusDeferred {
			m.NotBefore = sql.NullTime{Time: time.Now(), Valid: true}
		}
		v.Messages = append(v.Messages, smsRow{Message: m, Masked: sms.Mask(m.To), Body: m.Text(), Label: sms.StatusLabel(st), Badge: smsBadge(st)})
	}
	return v
}
