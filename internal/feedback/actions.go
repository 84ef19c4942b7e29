package feedback

// The actions of 反馈信息 (member) and 反馈建议管理 (staff), one function each: the
// transaction, the state move, the unread mark and notice for the other side, the audit
// entry. Handlers, the demo seed and the auto-close job call these.

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/audit"
	"cpca/internal/files"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Draft is 新建反馈 as the member typed it.
type Draft struct {
	Category, Subject, Body string
	DuesYear                int // 0: not about a dues year
	Files                   []Upload
}

// Validate returns the field errors of a draft (keys of the Chinese messages). years are the
// company's dues years, the only ones it may link.
func (d *Draft) Validate(years []int) map[string]string {
	d.Subject, d.Body = strings.TrimSpace(d.Subject), strings.TrimSpace(d.Body)
	e := map[string]string{}
	if CategoryLabel(d.Category) == "" {
		e["category"] = "请选择反馈类别"
	}
	if d.Subject == "" || utf8.RuneCountInString(d.Subject) > MaxSubject {
		e["subject"] = "请填写主题（最多100字）"
	}
	if msg := bodyError(d.Body); msg != "" {
		e["body"] = msg
	}
	if d.DuesYear != 0 {
		ok := false
		for _, y := range years {
			ok = ok || y == d.DuesYear
		}
		if !ok {
			e["dues_year"] = "请选择本单位的缴费年度"
		}
	}
	return e
}

// bodyError checks a message text; "" when it is fine.
func bodyError(s string) string {
	if strings.TrimSpace(s) == "" || utf8.RuneCountInString(s) > MaxBody {
		return "请填写内容（最多5000字）"
	}
	return ""
}

// BodyError is bodyError for a handler's reply and addition forms.
func BodyError(s string) string { return bodyError(strings.TrimSpace(s)) }

// Submit stores a new item with its first message and attachments (checked by content,
// counted in the company's quota), tells the 信息 staff by email, and audits it.
func Submit(ctx context.Context, db bun.IDB, companyID int64, d Draft, by audit.Actor, now time.Time) (*Item, error) {
	it := &Item{CompanyID: companyID, CreatedBy: by.ID, Category: d.Category, Subject: strings.TrimSpace(d.Subject),
		Status: Unread, StaffUnread: true, LastMessageAt: now, CreatedAt: now, UpdatedAt: now}
	if d.DuesYear != 0 {
		it.DuesYear.Int64, it.DuesYear.Valid = int64(d.DuesYear), true
	}
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(it).Returning("id").Exec(ctx); err != nil {
			return err
		}
		m, err := addMessage(ctx, tx, it, by, false, false, d.Body, d.Files, now)
		if err != nil {
			return err
		}
		if err := tellStaff(ctx, tx, it, m, true); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "feedback.submit", ObjectType: "feedback", ObjectID: id(it.ID), Detail: it.Category})
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// addMessage writes one message of the thread and its files.
func addMessage(ctx context.Context, tx bun.IDB, it *Item, by audit.Actor, staff, internal bool, body string,
	ups []Upload, now time.Time) (*Message, error) {
	m := &Message{FeedbackID: it.ID, AuthorID: by.ID, AuthorName: by.Name, FromStaff: staff, Internal: internal,
		Body: strings.TrimSpace(body), CreatedAt: now}
	if _, err := tx.NewInsert().Model(m).Returning("id").Exec(ctx); err != nil {
		return nil, err
	}
	for _, u := range ups {
		f, err := files.Save(ctx, tx, it.CompanyID, files.KindFeedback, u.Name, u.Data, by.ID)
		if err != nil {
			return nil, err
		}
		if _, err := tx.NewRaw(`INSERT INTO feedback_files (message_id, file_id) VALUES (?, ?)`, m.ID, f.ID).Exec(ctx); err != nil {
			return nil, err
		}
		m.Files = append(m.Files, Attachment{MessageID: m.ID, FileID: f.ID, Name: f.Name, Size: f.Size})
	}
	return m, nil
}

// move takes the locked item it to state to through the one conditional update, with set
// adding columns; a move the table does not allow is ErrState naming action.
func move(ctx context.Context, tx bun.IDB, it *Item, to, action string, set func(*bun.UpdateQuery) *bun.UpdateQuery) error {
	if !CanMove(it.Status, to) {
		return ErrState{Status: it.Status, Action: action}
	}
	ok, err := store.Move(ctx, tx, it, it.ID, to, []string{it.Status}, set)
	if err != nil {
		return err
	}
	if !ok {
		return ErrState{Status: it.Status, Action: action}
	}
	return nil
}

// AddMessage is the member's 补充: the thread gets the text and files, the item is unread for
// staff again (a 待补充 or 已解决 item goes back to 处理中), and staff are emailed.
func AddMessage(ctx context.Context, db bun.IDB, itemID, companyID int64, body string, ups []Upload, by audit.Actor, now time.Time) (*Item, error) {
	var it *Item
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if it, err = forUpdate(ctx, tx, itemID, companyID); err != nil {
			return err
		}
		if !it.Open() {
			return ErrState{Status: it.Status, Action: "补充反馈"}
		}
		m, err := addMessage(ctx, tx, it, by, false, false, body, ups, now)
		if err != nil {
			return err
		}
		if err := move(ctx, tx, it, afterMember(it.Status), "补充反馈", func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("staff_unread = true, member_unread = false, last_message_at = ?", now)
		}); err != nil {
			return err
		}
		if err := tellStaff(ctx, tx, it, m, false); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "feedback.add", ObjectType: "feedback", ObjectID: id(it.ID)})
	})
	return it, err
}

// Reply is what staff send from the reply form.
type Reply struct {
	Body string
	// Internal makes it a note for staff only: members never see it and are not told.
	Internal bool
	// State is where a public reply leaves the item: one of ReplyStates.
	State string
	Files []Upload
}

// Respond is a staff reply or note. A public reply marks the item unread for the member and
// tells the company (site notice and email); a note only opens the item.
func Respond(ctx context.Context, db bun.IDB, itemID int64, r Reply, by audit.Actor, now time.Time) (*Item, error) {
	var it *Item
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if it, err = forUpdate(ctx, tx, itemID, 0); err != nil {
			return err
		}
		action := "回复"
		if r.Internal {
			action = "添加内部备注"
		}
		if !it.Open() {
			return ErrState{Status: it.Status, Action: action}
		}
		m, err := addMessage(ctx, tx, it, by, true, r.Internal, r.Body, r.Files, now)
		if err != nil {
			return err
		}
		if r.Internal {
			err = move(ctx, tx, it, afterNote(it.Status), action, func(q *bun.UpdateQuery) *bun.UpdateQuery {
				return q.Set("staff_unread = false")
			})
		} else {
			err = move(ctx, tx, it, r.State, action, func(q *bun.UpdateQuery) *bun.UpdateQuery {
				q = q.Set("staff_unread = false, member_unread = true, last_message_at = ?", now).
					Set("first_reply_at = coalesce(first_reply_at, ?)", now)
				if r.State == Resolved {
					q = q.Set("resolved_at = ?", now)
				}
				return q
			})
		}
		if err != nil {
			return err
		}
		if !r.Internal {
			if err := tellCompany(ctx, tx, it, m.ID, r.State); err != nil {
				return err
			}
		}
		act := "feedback.reply"
		if r.Internal {
			act = "feedback.note"
		}
		return by.Record(ctx, tx, audit.Entry{Action: act, ObjectType: "feedback", ObjectID: id(it.ID), Detail: it.Status})
	})
	return it, err
}

// MarkRead is staff opening an item: 未读 becomes 已读 and the staff side's news is seen.
// Opening a read item again changes nothing and is not audited.
func MarkRead(ctx context.Context, db bun.IDB, itemID int64, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		it, err := forUpdate(ctx, tx, itemID, 0)
		if err != nil {
			return err
		}
		if !it.StaffUnread && it.Status != Unread {
			return nil
		}
		if it.Status == Unread {
			if err := move(ctx, tx, it, Read, "标记已读", func(q *bun.UpdateQuery) *bun.UpdateQuery {
				return q.Set("staff_unread = false")
			}); err != nil {
				return err
			}
			return by.Record(ctx, tx, audit.Entry{Action: "feedback.read", ObjectType: "feedback", ObjectID: id(it.ID)})
		}
		_, err = tx.NewUpdate().Model(it).Set("staff_unread = false").WherePK().Exec(ctx)
		return err
	})
}

// Seen is the member opening the thread: the staff reply's unread mark goes.
func Seen(ctx context.Context, db bun.IDB, itemID, companyID int64) error {
	res, err := db.NewUpdate().Model((*Item)(nil)).Set("member_unread = false").
		Where("id = ? AND company_id = ?", itemID, companyID).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// Assign gives the item to a staff member who handles feedback (0 takes it back to nobody),
// opening it; the new assignee is emailed. assignee must be one of Handlers.
func Assign(ctx context.Context, db bun.IDB, itemID, assignee int64, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		it, err := forUpdate(ctx, tx, itemID, 0)
		if err != nil {
			return err
		}
		var to *StaffMember
		if assignee != 0 {
			hs, err := Handlers(ctx, tx)
			if err != nil {
				return err
			}
			for i := range hs {
				if hs[i].ID == assignee {
					to = &hs[i]
				}
			}
			if to == nil {
				return ErrAssignee
			}
		}
		if err := move(ctx, tx, it, afterNote(it.Status), "指派", func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("assignee_id = ?", nullID(assignee))
		}); err != nil {
			return err
		}
		if to != nil && to.ID != by.ID {
			if err := mailStaff(ctx, tx, it, *to, "assign:"+strconv.FormatInt(now().UnixNano(), 36),
				"反馈已指派给您：", "请在“信息管理—反馈建议管理”中处理。"); err != nil {
				return err
			}
		}
		return by.Record(ctx, tx, audit.Entry{Action: "feedback.assign", ObjectType: "feedback", ObjectID: id(it.ID), Detail: strconv.FormatInt(assignee, 10)})
	})
}

// Close is 关闭 by the member (companyID set) or staff (0); staff closing tells the company.
func Close(ctx context.Context, db bun.IDB, itemID, companyID int64, by audit.Actor, at time.Time) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		it, err := forUpdate(ctx, tx, itemID, companyID)
		if err != nil {
			return err
		}
		if err := move(ctx, tx, it, Closed, "关闭", func(q *bun.UpdateQuery) *bun.UpdateQuery {
			q = q.Set("closed_at = ?", at)
			if companyID == 0 {
				q = q.Set("staff_unread = false")
			}
			return q
		}); err != nil {
			return err
		}
		if companyID == 0 {
			if err := tellClosed(ctx, tx, it, "closed:"+strconv.FormatInt(at.UnixMicro(), 10), "协会已关闭该反馈。如仍有问题，请提交新的反馈。"); err != nil {
				return err
			}
		}
		return by.Record(ctx, tx, audit.Entry{Action: "feedback.close", ObjectType: "feedback", ObjectID: id(it.ID)})
	})
}

// Reopen is staff 重新打开 of a resolved or closed item: it goes back to 处理中.
func Reopen(ctx context.Context, db bun.IDB, itemID int64, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		it, err := forUpdate(ctx, tx, itemID, 0)
		if err != nil {
			return err
		}
		if it.Status != Closed && it.Status != Resolved {
			return ErrState{Status: it.Status, Action: "重新打开"}
		}
		if err := move(ctx, tx, it, Processing, "重新打开", func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("closed_at = NULL")
		}); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "feedback.reopen", ObjectType: "feedback", ObjectID: id(it.ID)})
	})
}

// Rate is the member's 评价 of the answer (1–5 and a comment), allowed once staff replied and
// the item is resolved or closed; rating again replaces it.
func Rate(ctx context.Context, db bun.IDB, itemID, companyID int64, rating int, note string, by audit.Actor) error {
	note = strings.TrimSpace(note)
	if rating < 1 || rating > 5 {
		return ErrRating
	}
	if utf8.RuneCountInString(note) > MaxRateNote {
		return ErrRateNote
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		it, err := forUpdate(ctx, tx, itemID, companyID)
		if err != nil {
			return err
		}
		if !it.CanRate() {
			return ErrState{Status: it.Status, Action: "评价"}
		}
		if _, err := tx.NewUpdate().Model(it).Set("rating = ?, rating_note = ?", rating, note).WherePK().Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "feedback.rate", ObjectType: "feedback", ObjectID: id(it.ID), Detail: strconv.Itoa(rating)})
	})
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func nullID(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

// now is the wall clock, only for unique keys (actions take their clock as an argument).
var now = time.Now
