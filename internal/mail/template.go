package mail

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"cpca/internal/audit"
	"cpca/internal/errs"

	"github.com/uptrace/bun"
)

// Template is one saved version of a transactional mail's template (邮件模板). The features
// still write the mail's title and text; a template frames them with the variables {{标题}},
// {{正文}} and {{收件人}}, so staff can change the wording around them, and a broken or
// missing template never stops a mail: the built-in text goes out instead.
type Template struct {
	bun.BaseModel `bun:"table:mail_templates"`
	Kind          string    `bun:"kind,pk"`
	Version       int       `bun:"version,pk"`
	Subject       string    `bun:"subject"`
	Body          string    `bun:"body"`
	Note          string    `bun:"note"`
	CreatedBy     int64     `bun:"created_by,nullzero"`
	AuthorName    string    `bun:"author_name"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
}

// TemplateVars are the variables a transactional template may use.
var TemplateVars = []string{"标题", "正文", "收件人"}

// ErrUnknownTemplateKind is returned for a kind without an editable template.
var ErrUnknownTemplateKind = errs.New(errs.NotFound, "没有这种邮件模板")

func templateVars(m Message) map[string]string {
	return map[string]string{"标题": m.Subject, "正文": m.Body, "收件人": m.To}
}

// RenderTemplate applies t to the built-in message m. An error (unknown variable) leaves it to
// the caller to fall back.
func RenderTemplate(t *Template, m Message) (Message, error) {
	vars := templateVars(m)
	subj, err := Expand(t.Subject, vars)
	if err != nil {
		return m, err
	}
	body, err := Expand(t.Body, vars)
	if err != nil {
		return m, err
	}
	if strings.TrimSpace(subj) == "" {
		subj = m.Subject
	}
	m.Subject, m.Body = strings.ReplaceAll(subj, "\n", " "), body
	return m, nil
}

// CurrentTemplate is the newest version for kind, or nil when staff never saved one.
func CurrentTemplate(ctx context.Context, db bun.IDB, kind string) (*Template, error) {
	t := new(Template)
	err := db.NewSelect().Model(t).Where("kind = ?", kind).Order("version DESC").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return t, err
}

// applyTemplate is the fallback rule, used by Queue: the current template when there is one
// and it renders, else the built-in text unchanged.
func applyTemplate(ctx context.Context, db bun.IDB, m Message) (Message, error) {
	k, ok := KindOf(m.Kind)
	if !ok || !k.Transactional {
		return m, nil
	}
	t, err := CurrentTemplate(ctx, db, m.Kind)
	if err != nil || t == nil {
		return m, err
	}
	if out, err := RenderTemplate(t, m); err == nil {
		return out, nil
	}
	return m, nil // a template that does not render never stops the mail
}

// TemplateVersions lists every saved version of kind, newest first.
func TemplateVersions(ctx context.Context, db bun.IDB, kind string) ([]Template, error) {
	var ts []Template
	err := db.NewSelect().Model(&ts).Where("kind = ?", kind).Order("version DESC").Scan(ctx)
	return ts, err
}

// TemplateCheck validates a template before it is saved: each field renders with the sample
// message, so an unknown variable is refused next to its field.
func TemplateCheck(kind, subject, body string) (map[string]error, error) {
	k, ok := KindOf(kind)
	if !ok || !k.Transactional {
		return nil, ErrUnknownTemplateKind
	}
	bad := map[string]error{}
	vars := templateVars(Message{Subject: k.SampleSubject, Body: k.SampleBody, To: "a@example.com"})
	if _, err := Expand(subject, vars); err != nil {
		bad["subject"] = err
	}
	if strings.TrimSpace(body) == "" {
		bad["body"] = errs.New(errs.Invalid, "请填写正文")
	} else if _, err := Expand(body, vars); err != nil {
		bad["body"] = err
	}
	return bad, nil
}

// SaveTemplate stores a new version of kind's template (the previous ones stay as history)
// and audits it. It returns the version number.
func SaveTemplate(ctx context.Context, db bun.IDB, kind, subject, body, note string, by audit.Actor) (int, error) {
	bad, err := TemplateCheck(kind, subject, body)
	if err != nil {
		return 0, err
	}
	for _, e := range bad {
		return 0, e
	}
	var v int
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// One saver at a time per kind, so two saves get two version numbers.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('mail_templates:' || ?))`, kind); err != nil {
			return err
		}
		if err := tx.NewRaw(`SELECT coalesce(max(version), 0) + 1 FROM mail_templates WHERE kind = ?`, kind).Scan(ctx, &v); err != nil {
			return err
		}
		t := &Template{Kind: kind, Version: v, Subject: subject, Body: body, Note: note, CreatedBy: by.ID, AuthorName: by.Name}
		if _, err := tx.NewInsert().Model(t).Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "mail_template.save", ObjectType: "mail_template", ObjectID: kind})
	})
	return v, err
}
