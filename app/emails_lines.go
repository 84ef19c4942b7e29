package app

import (
	"cpca/internal/i18n"
	"cpca/internal/mail"
	"cpca/internal/outbox"
)

// emailLine is one row of 邮件管理 as the table shows it, built like 入会审核's (reviewLine):
// labels translated and the time written here, so a row renders with field reads only (a
// template function call is a reflective call; tests/bench/REPORT.md, issue 10).
type emailLine struct {
	ID                    int64
	At, To, Kind, Subject string
	Badge, Status         string
	Attempts              int
	LastError             string
}

// Lines is the page's rows in lang.
func (v emailListPage) Lines(lang string) []emailLine {
	out := make([]emailLine, len(v.Emails))
	for i := range v.Emails {
		e := &v.Emails[i]
		l := emailLine{ID: e.ID, At: localTime(e.CreatedAt), To: e.To, Kind: i18n.T(lang, mail.KindLabel(e.Kind)), Subject: e.Subject,
			Status: i18n.T(lang, mail.StatusLabel(e.Status)), Attempts: e.Attempts, LastError: e.LastError, Badge: "warn"}
		switch e.Status {
		case outbox.StatusSent:
			l.Badge = "ok"
		case outbox.StatusFailed, outbox.StatusUnknown:
			l.Badge = "bad"
		}
		out[i] = l
	}
	return out
}
