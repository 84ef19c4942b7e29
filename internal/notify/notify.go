// Package notify is the one way to tell a company something: a site notice (站内通知), an
// email and, where the kind allows, an SMS, all written through the outbox with the caller's
// transaction. The kind decides who receives it, here and nowhere else, so every feature
// reaches the same person for the same kind of news.
package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"cpca/internal/mail"
	"cpca/internal/notice"
	"cpca/internal/sms"

	"github.com/uptrace/bun"
)

// Kind says what the news is about, and so who gets it and by which channels.
type Kind string

// The kinds of news sent to a company today.
const (
	// Dues: payment confirmed, voucher returned, waived. Finance contact, else the primary one.
	Dues Kind = "dues"
	// Invoice: the e-invoice is ready. The address typed in 接收电子发票的邮箱, else as Dues.
	Invoice Kind = "invoice"
	// DuesReminder: dues unpaid near or after the deadline. As Dues, and also by SMS.
	DuesReminder Kind = "dues_reminder"
	// Feedback: a staff reply on 反馈信息 (or its closing). The primary contact, not finance.
	Feedback Kind = "feedback"
	// Profile: a change request of the company's key profile fields decided (会员信息), an
	// account or 单位成员 matter. The primary contact (主要联系人).
	Profile Kind = "profile"
	// Promotion: a 会员晋升 application moved (初审, 退回, 批准). The primary contact (主要联系人),
	// who answers for the company in the association, else the first person.
	Promotion Kind = "promotion"
	// Event: 展会活动 registrations (confirmed with e-tickets, waitlist offers, refusals). The
	// primary contact, who usually sends the delegation, else as Dues.
	Event Kind = "event"
	// ProjectReminder: a 项目申报 deadline the company asked to be reminded of (提醒我). The
	// primary contact, who answers for the company in the association.
	ProjectReminder Kind = "project_reminder"
)

// rule is what a kind allows.
type rule struct {
	invoiceEmail bool // mail the invoice profile's address first
	sms          bool // the kind may go by SMS (a 通知 template)
	salute       bool // the email opens with the contact's name (reminders address the company in the body)
	primary      bool // the primary contact first, not the finance one
}

var rules = map[Kind]rule{
	Dues:         {salute: true},
	Invoice:      {invoiceEmail: true, salute: true},
	DuesReminder: {sms: true},
	Feedback:     {salute: true, primary: true},
	Profile:      {primary: true, salute: true},
	Promotion:    {salute: true, primary: true},
	Event:        {salute: true, primary: true},
	// ProjectReminder addresses the company in the body, as reminders do.
	ProjectReminder: {primary: true},
}

// Note is one piece of news for one company.
type Note struct {
	Kind      Kind
	CompanyID int64
	// Key identifies the news (e.g. dues:12:confirmed): a second Send with the same key mails
	// and texts nobody again.
	Key         string
	Title, Body string
	// SMS, when set and the kind allows, is the approved template and parameters to text.
	SMS *SMS
	// Attachments go with the email (e-ticket QR codes).
	Attachments []mail.Attachment
}

// SMS names an approved template (sms.Templates) and its parameters.
type SMS struct {
	Template string
	Params   map[string]string
}

// Sent says what Send wrote (0 where nothing was written).
type Sent struct{ NoticeID, EmailID, SMSID int64 }

// String lists what was written, for a reminder's outcome: "email#3 sms#4 notice#5".
func (s Sent) String() string {
	var out []string
	if s.EmailID != 0 {
		out = append(out, fmt.Sprintf("email#%d", s.EmailID))
	}
	if s.SMSID != 0 {
		out = append(out, fmt.Sprintf("sms#%d", s.SMSID))
	}
	if s.NoticeID != 0 {
		out = append(out, fmt.Sprintf("notice#%d", s.NoticeID))
	}
	return strings.Join(out, " ")
}

// ErrUnknownKind is returned for a kind without a rule.
var ErrUnknownKind = errors.New("notify: unknown kind")

// Send writes the notice, the email and (if allowed) the SMS with tx.
func Send(ctx context.Context, tx bun.IDB, n Note) (Sent, error) {
	var s Sent
	r, ok := rules[n.Kind]
	if !ok {
		return s, fmt.Errorf("%w %q", ErrUnknownKind, n.Kind)
	}
	var err error
	if s.NoticeID, err = notice.Send(ctx, tx, n.CompanyID, n.Title, n.Body); err != nil {
		return s, err
	}
	to, err := recipient(ctx, tx, n.CompanyID, r)
	if err != nil {
		return s, err
	}
	if !r.salute {
		to.Name = ""
	}
	if to.Email != "" {
		s.EmailID, err = mail.Queue(ctx, tx, mail.Message{To: to.Email, Subject: n.Title + " - CPCA 会员管理系统",
			Body: greeting(to.Name) + n.Body + "\n\n中国电子电路行业协会（CPCA）\n", Kind: string(n.Kind), DedupeKey: n.Key, Attachments: n.Attachments})
		if err != nil {
			return s, err
		}
	}
	if r.sms && n.SMS != nil && to.Mobile != "" {
		s.SMSID, err = sms.Queue(ctx, tx, sms.Text{To: to.Mobile, Template: n.SMS.Template, Params: n.SMS.Params,
			Kind: string(n.Kind), DedupeKey: n.Key})
		if err != nil {
			return s, err
		}
	}
	return s, nil
}

func greeting(name string) string {
	if name == "" {
		return ""
	}
	return name + "：\n\n"
}

// contact is who receives a company's email and SMS.
type contact struct {
	Name, Email, Mobile string
}

// recipient picks the company's contact for a kind: the finance contact, else the primary
// one, else the first person (feedback: the primary one first); for invoices the 接收电子发票的邮箱 comes first.
func recipient(ctx context.Context, db bun.IDB, companyID int64, r rule) (contact, error) {
	var c contact
	order := "is_finance DESC, is_primary DESC, position, id"
	if r.primary {
		order = "is_primary DESC, position, id"
	}
	err := db.NewRaw(`SELECT name, email, mobile FROM company_people WHERE company_id = ?
		ORDER BY `+order+` LIMIT 1`, companyID).Scan(ctx, &c.Name, &c.Email, &c.Mobile)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return c, err
	}
	if r.invoiceEmail {
		var addr string
		err := db.NewRaw(`SELECT email FROM invoice_profiles WHERE company_id = ?`, companyID).Scan(ctx, &addr)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return c, err
		}
		if addr != "" && !strings.EqualFold(addr, c.Email) {
			c.Email, c.Name = addr, "" // the invoice mailbox is often a shared one, not a person
		}
	}
	return c, nil
}

// Mail queues an email to one person addressed by the caller, not a company: the applicant's
// own login address, or staff. It is the outbox's Queue, named here so every message a feature
// sends goes through this package.
func Mail(ctx context.Context, tx bun.IDB, m mail.Message) (int64, error) {
	return mail.Queue(ctx, tx, m)
}

// Notice writes a site notice (站内通知) only, for news whose email goes to a person chosen by
// the caller (the applicant's welcome: the approval email goes to the login that applied).
func Notice(ctx context.Context, tx bun.IDB, companyID int64, title, body string) (int64, error) {
	return notice.Send(ctx, tx, companyID, title, body)
}
