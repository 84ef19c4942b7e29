package promotion

// The actions of 会员晋升 and 晋升审核, one function each: the transaction, the state move,
// the history row, the notice and email to the company, and the audit entry.

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/errs"
	"cpca/internal/files"
	"cpca/internal/notify"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Upload is one file of the checklist as the form read it.
type Upload struct {
	Item, Name string
	Data       []byte
}

// Request is 申请晋升 (or its correction): the level, the representative from 单位成员 and
// the materials. A correction carries only the items replaced.
type Request struct {
	Level            string
	RepresentativeID int64
	Materials        []Upload
}

// Errors of an application the form shows.
var (
	ErrLevel          = errs.New(errs.Invalid, "只能申请高于当前级别的理事类型")
	ErrRepresentative = errs.New(errs.Invalid, "请从本单位成员中选择代表人")
	ErrOpen           = errs.New(errs.Conflict, "贵单位已有正在办理的晋升申请，办结后才能再次申请")
	ErrNotEligible    = errs.New(errs.Conflict, "贵单位暂不符合申请晋升的条件，请查看申请条件")
	ErrResolution     = errs.New(errs.Invalid, "决议文件须为 PDF 格式（按文件内容识别）")
	ErrHeldOn         = errs.New(errs.Invalid, "会议日期须在所选届次之内，且不能晚于今天")
	ErrReason         = errs.New(errs.Invalid, "请填写原因")
	ErrTermOverlap    = errs.New(errs.Conflict, "届次编号已存在，或与已有届次的起止日期重叠")
	ErrTermDates      = errs.New(errs.Invalid, "届次的结束日期须晚于开始日期")
)

// ErrMissing is a checklist item without a file.
type ErrMissing struct{ Item string }

func (e ErrMissing) Error() string { return e.UserMessage().String() }

// UserMessage names the item.
func (e ErrMissing) UserMessage() errs.Message { return errs.M("请上传：%s", ItemLabel(e.Item)) }

// Is makes it invalid input.
func (e ErrMissing) Is(target error) bool { return target == errs.Invalid }

func id(n int64) string { return strconv.FormatInt(n, 10) }

// representative loads the chosen person, who must be one of the company's people.
func representative(co *company.Company, personID int64) (company.Person, error) {
	for _, p := range co.People {
		if p.ID == personID {
			return p, nil
		}
	}
	return company.Person{}, ErrRepresentative
}

// lockCompany loads the company for update, so one company's applications and its level
// change one at a time.
func lockCompany(ctx context.Context, tx bun.Tx, companyID int64) (*company.Company, error) {
	if _, err := tx.ExecContext(ctx, `SELECT 1 FROM companies WHERE id = ? FOR UPDATE`, companyID); err != nil {
		return nil, err
	}
	return company.ByID(ctx, tx, companyID)
}

// Apply is 申请晋升: the eligibility is checked again inside the transaction, every item of
// the level's checklist must have a file, and a company has one open application at a time.
func Apply(ctx context.Context, db bun.IDB, companyID int64, req Request, r Rules, by audit.Actor, now time.Time) (*Application, error) {
	var a *Application
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		co, err := lockCompany(ctx, tx, companyID)
		if err != nil {
			return err
		}
		if Rank(req.Level) <= Rank(co.Level) || Checklist(req.Level) == nil {
			return ErrLevel
		}
		el, err := Eligible(ctx, tx, co, r, now)
		if err != nil {
			return err
		}
		if open, _ := OpenFor(ctx, tx, co.ID); open != nil {
			return ErrOpen
		}
		if !el.OK() {
			return ErrNotEligible
		}
		rep, err := representative(co, req.RepresentativeID)
		if err != nil {
			return err
		}
		got := map[string]bool{}
		for _, m := range req.Materials {
			got[m.Item] = true
		}
		for _, it := range Checklist(req.Level) {
			if !got[it.Key] {
				return ErrMissing{Item: it.Key}
			}
		}
		a = &Application{CompanyID: co.ID, FromLevel: co.Level, Level: req.Level, RepresentativeID: rep.ID,
			RepresentativeName: rep.Name, RepresentativeTitle: rep.Title, Status: Submitted, ItemReasons: map[string]string{},
			Round: 1, SubmittedAt: now, CreatedBy: by.ID, CompanyName: co.Name}
		if _, err := tx.NewInsert().Model(a).Returning("id, created_at").Exec(ctx); err != nil {
			if strings.Contains(err.Error(), "promotion_applications_open_idx") {
				return ErrOpen
			}
			return err
		}
		if err := saveMaterials(ctx, tx, a, req.Materials, by); err != nil {
			return err
		}
		if err := event(ctx, tx, a, "submit", "提交申请：申请"+company.LevelLabel(a.Level)+"，代表人 "+rep.Name, by); err != nil {
			return err
		}
		if err := tell(ctx, tx, a, "submitted", "晋升申请已提交",
			fmt.Sprintf("贵单位申请晋升为%s的材料已提交，协会秘书处将进行初审，结果将通知您。", company.LevelLabel(a.Level))); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "promotion.apply", ObjectType: "promotion", ObjectID: id(a.ID), Detail: a.Level})
	})
	return a, err
}

// saveMaterials stores the uploads as the application's current round, only items of its
// level's checklist (checked by content and the company's quota in files.Save).
func saveMaterials(ctx context.Context, tx bun.IDB, a *Application, ups []Upload, by audit.Actor) error {
	allowed := map[string]bool{}
	for _, it := range Checklist(a.Level) {
		allowed[it.Key] = true
	}
	for _, u := range ups {
		if !allowed[u.Item] {
			continue
		}
		f, err := files.Save(ctx, tx, a.CompanyID, files.KindPromotionMaterial, ItemLabel(u.Item)+"-"+u.Name, u.Data, by.ID)
		if err != nil {
			return err
		}
		m := &Material{ApplicationID: a.ID, Item: u.Item, Round: a.Round, FileID: f.ID}
		if _, err := tx.NewInsert().Model(m).On("CONFLICT (application_id, item, round) DO UPDATE").Set("file_id = EXCLUDED.file_id").Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Resubmit is the correction of a returned application: replaced files become the next
// round (the old ones stay for staff to compare), the representative may change, and the
// history says what changed.
func Resubmit(ctx context.Context, db bun.IDB, appID, companyID int64, req Request, by audit.Actor, now time.Time) (*Application, error) {
	var a *Application
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		co, err := lockCompany(ctx, tx, companyID)
		if err != nil {
			return err
		}
		if a, err = Get(ctx, tx, appID, companyID); err != nil {
			return err
		}
		if a.Status != Returned {
			return ErrState{Status: a.Status, Action: "重新提交"}
		}
		rep, err := representative(co, req.RepresentativeID)
		if err != nil {
			return err
		}
		var changed []string
		if rep.ID != a.RepresentativeID || rep.Name != a.RepresentativeName {
			changed = append(changed, "代表人 "+a.RepresentativeName+" → "+rep.Name)
		}
		round := a.Round + 1
		a.Round = round
		if err := saveMaterials(ctx, tx, a, req.Materials, by); err != nil {
			return err
		}
		for _, it := range Checklist(a.Level) {
			for _, m := range req.Materials {
				if m.Item == it.Key {
					changed = append(changed, "更换 "+it.Label)
				}
			}
		}
		if len(changed) == 0 {
			changed = []string{"未修改材料"}
		}
		ok, err := store.Move(ctx, tx, a, a.ID, Submitted, Sources(Submitted), func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("round = ?", round).Set("representative_id = ?", rep.ID).Set("representative_name = ?", rep.Name).
				Set("representative_title = ?", rep.Title).Set("reason = ''").Set("item_reasons = '{}'").Set("submitted_at = ?", now)
		})
		if err != nil {
			return err
		}
		if !ok {
			return ErrState{Status: a.Status, Action: "重新提交"}
		}
		a.CompanyName = co.Name
		if err := event(ctx, tx, a, "resubmit", "修改后重新提交："+strings.Join(changed, "；"), by); err != nil {
			return err
		}
		if err := tell(ctx, tx, a, fmt.Sprintf("resubmitted:%d", round), "晋升申请已重新提交",
			fmt.Sprintf("贵单位修改后的晋升申请（%s）已重新提交，协会秘书处将再次初审。", company.LevelLabel(a.Level))); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "promotion.resubmit", ObjectType: "promotion", ObjectID: id(a.ID), Detail: strings.Join(changed, "；")})
	})
	return a, err
}

// move loads the application and moves it to `to`; of two staff acting at once one wins and
// the other gets ErrState.
func move(ctx context.Context, tx bun.Tx, appID int64, to, action string, set func(*bun.UpdateQuery) *bun.UpdateQuery) (*Application, error) {
	a, err := Get(ctx, tx, appID, 0)
	if err != nil {
		return nil, err
	}
	name := a.CompanyName
	ok, err := store.Move(ctx, tx, a, appID, to, Sources(to), set)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrState{Status: a.Status, Action: action}
	}
	a.CompanyName = name
	return a, nil
}

// Pass is 初审通过: the application waits for the meeting's vote.
func Pass(ctx context.Context, db bun.IDB, appID int64, note string, by audit.Actor) (*Application, error) {
	var a *Application
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if a, err = move(ctx, tx, appID, Passed, "通过初审", nil); err != nil {
			return err
		}
		if err := event(ctx, tx, a, "pass", strings.TrimSpace("初审通过 "+note), by); err != nil {
			return err
		}
		if err := tell(ctx, tx, a, "passed", "晋升申请已通过初审",
			fmt.Sprintf("贵单位申请晋升为%s已通过秘书处初审，将提交理事会或会员代表大会审议，审议结果将通知您。", company.LevelLabel(a.Level))); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "promotion.pass", ObjectType: "promotion", ObjectID: id(appID), Detail: note})
	})
	return a, err
}

// Return sends the application back with a reason and a reason per item; the company
// corrects and resubmits.
func Return(ctx context.Context, db bun.IDB, appID int64, reason string, items map[string]string, by audit.Actor) (*Application, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" && len(items) == 0 {
		return nil, ErrReason
	}
	var a *Application
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		a, err = move(ctx, tx, appID, Returned, "退回", func(q *bun.UpdateQuery) *bun.UpdateQuery {
			js, _ := json.Marshal(items)
			return q.Set("reason = ?", reason).Set("item_reasons = ?::jsonb", string(js))
		})
		if err != nil {
			return err
		}
		text := reasonText(reason, items)
		if err := event(ctx, tx, a, "return", "退回修改："+text, by); err != nil {
			return err
		}
		if err := tell(ctx, tx, a, fmt.Sprintf("returned:%d", a.Round), "晋升申请被退回修改",
			"贵单位的晋升申请被退回修改，原因："+text+"\n请登录会员管理系统，在“会员服务—会员晋升”中修改后重新提交。"); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "promotion.return", ObjectType: "promotion", ObjectID: id(appID), Detail: text})
	})
	return a, err
}

// reasonText writes the reasons in checklist order.
func reasonText(reason string, items map[string]string) string {
	var parts []string
	if reason != "" {
		parts = append(parts, reason)
	}
	for _, it := range Checklist(company.LevelPresident) {
		if r := items[it.Key]; r != "" {
			parts = append(parts, it.Label+"："+r)
		}
	}
	return strings.Join(parts, "；")
}

// Reject ends the application with a reason: at 初审, or after the meeting voted it down.
func Reject(ctx context.Context, db bun.IDB, appID int64, reason string, by audit.Actor) (*Application, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, ErrReason
	}
	var a *Application
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if a, err = move(ctx, tx, appID, Rejected, "不予通过", func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("reason = ?", reason)
		}); err != nil {
			return err
		}
		if err := event(ctx, tx, a, "reject", "未通过："+reason, by); err != nil {
			return err
		}
		if err := tell(ctx, tx, a, "rejected", "晋升申请未通过",
			fmt.Sprintf("很遗憾，贵单位申请晋升为%s未获通过，原因：%s", company.LevelLabel(a.Level), reason)); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "promotion.reject", ObjectType: "promotion", ObjectID: id(appID), Detail: reason})
	})
	return a, err
}

// event writes one row of the application's history.
func event(ctx context.Context, tx bun.IDB, a *Application, action, note string, by audit.Actor) error {
	name := by.Name
	if name == "" {
		name = "系统"
	}
	_, err := tx.NewInsert().Model(&Event{ApplicationID: a.ID, Action: action, Status: a.Status, Note: note, ActorName: name}).Exec(ctx)
	return err
}

// tell notifies the company (site notice and email to the primary contact), once per key.
func tell(ctx context.Context, tx bun.IDB, a *Application, step, title, body string) error {
	_, err := notify.Send(ctx, tx, notify.Note{Kind: notify.Promotion, CompanyID: a.CompanyID,
		Key: fmt.Sprintf("promotion:%d:%s", a.ID, step), Title: title, Body: body})
	return err
}

// today is the Shanghai calendar day.
func today(now time.Time) time.Time { return calendar.Today(now) }
