package papers

// The author's actions: save a draft, submit (or submit a change: a new version), withdraw.
// Each runs in one transaction that locks the paper row, checks the call's dates (after the
// close only with the late-submission code) and writes the audit entry.

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"cpca/internal/audit"
	"cpca/internal/events"
	"cpca/internal/files"
	"cpca/internal/notice"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Member is the company (and its user) acting on its papers.
type Member struct {
	CompanyID int64
	UserID    int64
	Council   bool
}

// MaxAuthors bounds the authors of one paper.
const MaxAuthors = 10

// Form is a paper as the author typed it. File is a newly chosen full paper (nil keeps the
// one stored); Code is the late-submission access code.
type Form struct {
	Title, Abstract, Keywords, Topic string
	Authors                          []Author
	Declared                         bool
	File                             *Upload
	Code                             string
}

// Upload is a chosen file.
type Upload struct {
	Name string
	Data []byte
}

// FormOfPaper is the form showing a stored paper.
func FormOfPaper(p *Paper) Form {
	return Form{Title: p.Title, Abstract: p.Abstract, Keywords: p.Keywords, Topic: p.Topic, Authors: p.Authors, Declared: p.Declared}
}

// Words counts an abstract as the limit means it: each Chinese character is one word, and a
// run of Latin letters or digits is one word.
func Words(s string) int {
	n, in := 0, false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			n, in = n+1, false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !in {
				n++
			}
			in = true
		default:
			in = false
		}
	}
	return n
}

// ErrPaperType is a full paper that is neither PDF nor DOCX by its content.
const ErrPaperType = "全文只支持 PDF 或 DOCX 格式（按文件内容识别）"

// Validate checks the form against the call; a draft needs only a title, a submission
// everything, the declaration ticked and a full paper (chosen now or stored, hasFile).
func (f *Form) Validate(c *Call, submit, hasFile bool) FieldErrors {
	f.Title, f.Abstract, f.Keywords, f.Topic = strings.TrimSpace(f.Title), strings.TrimSpace(f.Abstract), strings.TrimSpace(f.Keywords), strings.TrimSpace(f.Topic)
	var authors []Author
	for _, a := range f.Authors {
		a.Name, a.Affiliation = strings.TrimSpace(a.Name), strings.TrimSpace(a.Affiliation)
		if a.Name != "" || a.Affiliation != "" {
			authors = append(authors, a)
		}
	}
	f.Authors = authors
	fe := FieldErrors{}
	switch n := utf8.RuneCountInString(f.Title); {
	case n == 0:
		fe["title"] = "请填写题目"
	case n > 200:
		fe["title"] = "题目最多200字"
	}
	if n := Words(f.Abstract); n > c.AbstractLimit {
		fe["abstract"] = fmt.Sprintf("摘要超过字数上限：%d / %d 字", n, c.AbstractLimit)
	} else if utf8.RuneCountInString(f.Abstract) > 20000 {
		fe["abstract"] = "摘要过长"
	}
	if utf8.RuneCountInString(f.Keywords) > 200 {
		fe["keywords"] = "关键词最多200字"
	}
	if f.Topic != "" && !contains(c.Topics, f.Topic) {
		fe["topic"] = "请从列表中选择主题"
	}
	if len(f.Authors) > MaxAuthors {
		fe["authors"] = fmt.Sprintf("最多 %d 位作者", MaxAuthors)
	}
	for _, a := range f.Authors {
		if a.Name == "" || utf8.RuneCountInString(a.Name) > 30 || utf8.RuneCountInString(a.Affiliation) > 100 {
			fe["authors"] = "每位作者须填写姓名（最多30字），单位最多100字"
		}
	}
	if f.File != nil {
		if ct, err := files.SniffDocument(f.File.Data); err != nil || (ct != "application/pdf" && ct != files.DOCX) {
			fe["file"] = ErrPaperType
			if errors.Is(err, files.ErrTooLarge) || errors.Is(err, files.ErrEmpty) {
				fe["file"] = err.Error()
			}
		}
	}
	if !submit {
		return fe
	}
	if f.Abstract == "" {
		fe["abstract"] = "请填写摘要"
	}
	if f.Keywords == "" {
		fe["keywords"] = "请填写关键词"
	}
	if len(c.Topics) > 0 && f.Topic == "" {
		fe["topic"] = "请选择主题"
	}
	presenting := 0
	for _, a := range f.Authors {
		if a.Presenting {
			presenting++
		}
	}
	if fe["authors"] == "" && (len(f.Authors) == 0 || presenting == 0) {
		fe["authors"] = "请至少填写一位作者，并勾选报告人"
	}
	if f.File == nil && !hasFile {
		fe["file"] = "请上传全文（PDF 或 DOCX）"
	}
	if !f.Declared {
		fe["declared"] = "请确认原创性声明"
	}
	return fe
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// openCall loads the event's call as the member may use it at now: the event visible to the
// company, the call enabled and started, and past the close only with the right code (late
// reports that the code let the author in).
func openCall(ctx context.Context, tx bun.IDB, eventID int64, m Member, code string, now time.Time) (c *Call, late bool, err error) {
	if _, err := events.Visible(ctx, tx, eventID, m.Council); err != nil {
		return nil, false, ErrNoCall
	}
	c, err = GetCall(ctx, tx, eventID)
	if err != nil {
		return nil, false, err
	}
	if c == nil || !c.Enabled {
		return nil, false, ErrNoCall
	}
	if !c.Started(now) {
		return nil, false, ErrNotOpen
	}
	if c.Late(now) {
		code = strings.TrimSpace(code)
		switch {
		case code == "":
			return nil, false, FieldErrors{"code": "投稿已截止；逾期投稿须填写协会提供的逾期投稿码"}
		case c.LateCode == "" || subtle.ConstantTimeCompare([]byte(code), []byte(c.LateCode)) != 1:
			return nil, false, FieldErrors{"code": "逾期投稿码不正确"}
		}
		late = true
	}
	return c, late, nil
}

// Save is 保存草稿 (submit false) or 提交 (submit true) of a new paper (paperID 0) or a
// change to one of the company's own papers. A submission keeps the version it submitted;
// a paper under review or decided is no longer changed here.
func Save(ctx context.Context, db bun.IDB, eventID, paperID int64, m Member, f Form, submit bool, by audit.Actor, now time.Time) (*Paper, error) {
	var p *Paper
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, late, err := openCall(ctx, tx, eventID, m, f.Code, now)
		if err != nil {
			return err
		}
		p = &Paper{EventID: eventID, CompanyID: m.CompanyID, CreatedBy: m.UserID, Status: Draft}
		if paperID != 0 {
			if p, err = lockOwn(ctx, tx, paperID, m.CompanyID); err != nil {
				return err
			}
			if p.EventID != eventID {
				return ErrNotFound
			}
			if !p.Editable() {
				return ErrState{Status: p.Status, Action: "修改稿件"}
			}
		}
		if fe := f.Validate(c, submit, p.FileID != ""); len(fe) > 0 {
			return fe
		}
		if f.File != nil {
			ct, _ := files.SniffDocument(f.File.Data)
			name := "稿件全文"
			fl, err := files.SaveGenerated(ctx, tx, m.CompanyID, files.KindPaper, files.CleanName(name, ct), ct, f.File.Data)
			if err != nil {
				return err
			}
			p.FileID = fl.ID
		}
		p.Title, p.Authors, p.Abstract, p.Keywords, p.Topic, p.Declared = f.Title, f.Authors, f.Abstract, f.Keywords, f.Topic, f.Declared
		if p.Authors == nil {
			p.Authors = []Author{}
		}
		if p.ID == 0 {
			if _, err := tx.NewInsert().Model(p).Returning("*").Exec(ctx); err != nil {
				return err
			}
		} else if _, err := tx.NewUpdate().Model(p).Column("title", "authors", "abstract", "keywords", "topic", "file_id", "declared").
			Set("updated_at = now()").WherePK().Returning("*").Exec(ctx); err != nil {
			return err
		}
		action := "papers.save"
		if submit {
			action = "papers.submit"
			if p.Status == Draft {
				ok, err := store.Move(ctx, tx, p, p.ID, Submitted, Sources(Submitted), nil)
				if err != nil {
					return err
				}
				if !ok {
					return ErrState{Status: p.Status, Action: "提交"}
				}
			}
			p.Version++
			if _, err := tx.NewUpdate().Model(p).Set("version = ?", p.Version).Set("submitted_at = ?", now).WherePK().Returning("*").Exec(ctx); err != nil {
				return err
			}
			v := &Version{PaperID: p.ID, Number: p.Version, Title: p.Title, Authors: p.Authors, Abstract: p.Abstract, Keywords: p.Keywords,
				Topic: p.Topic, FileID: p.FileID, Late: late, SubmittedBy: m.UserID, SubmittedAt: now}
			if _, err := tx.NewInsert().Model(v).Exec(ctx); err != nil {
				return err
			}
			if _, err := notice.Send(ctx, tx, m.CompanyID, "投稿已提交",
				fmt.Sprintf("贵单位的稿件“%s”已提交（第 %d 版），投稿截止前可以修改后重新提交。", p.Title, p.Version)); err != nil {
				return err
			}
		}
		return by.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "paper", ObjectID: strconv.FormatInt(p.ID, 10),
			Detail: fmt.Sprintf("event %d, version %d, late=%v", eventID, p.Version, late)})
	})
	return p, err
}

// lockOwn loads and locks one of the company's papers; another company's is not found.
func lockOwn(ctx context.Context, tx bun.IDB, id, companyID int64) (*Paper, error) {
	p := new(Paper)
	err := tx.NewSelect().Model(p).Where("id = ? AND company_id = ?", id, companyID).For("UPDATE").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return p, err
}

// Withdraw is 撤回 by the author: the paper leaves the review; a staged decision is dropped.
func Withdraw(ctx context.Context, db bun.IDB, paperID int64, m Member, by audit.Actor, now time.Time) (*Paper, error) {
	var p *Paper
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if p, err = lockOwn(ctx, tx, paperID, m.CompanyID); err != nil {
			return err
		}
		ok, err := store.Move(ctx, tx, p, p.ID, Withdrawn, Sources(Withdrawn), nil)
		if err != nil {
			return err
		}
		if !ok {
			return ErrState{Status: p.Status, Action: "撤回稿件"}
		}
		if _, err := tx.NewUpdate().Model((*Decision)(nil)).Set("superseded_at = ?", now).
			Where("paper_id = ? AND released_at IS NULL AND superseded_at IS NULL", p.ID).Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "papers.withdraw", ObjectType: "paper", ObjectID: strconv.FormatInt(p.ID, 10)})
	})
	return p, err
}
