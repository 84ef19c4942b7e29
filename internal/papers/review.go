package papers

// Review: who may review (会展 staff and invited external reviewers), assigning a reviewer to
// a paper (never one of the paper's own company), and the reviewer's scores.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/account"
	"cpca/internal/audit"
	imail "cpca/internal/mail"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Reviewer is someone who may be assigned papers: 会展 staff (and 系统管理员) or an invited
// external reviewer; CompanyID is the member company an external reviewer belongs to.
type Reviewer struct {
	UserID      int64  `bun:"user_id"`
	Username    string `bun:"username"`
	Name        string `bun:"name"`
	Email       string `bun:"email"`
	Staff       bool   `bun:"staff"`
	Affiliation string `bun:"affiliation"`
	CompanyID   int64  `bun:"company_id"`
	CompanyName string `bun:"company_name"`
	Pending     bool   `bun:"pending"` // invited, no password set yet
	Assigned    int    `bun:"assigned"`
}

// Kind is how the list names the reviewer.
func (r Reviewer) Kind() string {
	if r.Staff {
		return "协会会展"
	}
	return "外部评审专家"
}

// eligible is the condition on users u of who may review.
const eligible = `NOT u.disabled AND ((u.role = 'admin' AND u.staff_role IN ('events', 'sysadmin')) OR u.role = 'reviewer')`

// Reviewers lists who may review (bounded), external reviewers with their company.
func Reviewers(ctx context.Context, db bun.IDB) ([]Reviewer, error) {
	var out []Reviewer
	err := db.NewRaw(`SELECT u.id AS user_id, u.username, u.name, u.email, u.role = 'admin' AS staff,
			coalesce(r.affiliation, '') AS affiliation, coalesce(r.company_id, 0) AS company_id, coalesce(c.name, '') AS company_name,
			u.password_hash = '' AS pending, (SELECT count(*) FROM paper_reviews pr WHERE pr.reviewer_id = u.id) AS assigned
		FROM users u LEFT JOIN paper_reviewers r ON r.user_id = u.id LEFT JOIN companies c ON c.id = r.company_id
		WHERE `+eligible+` ORDER BY u.role = 'admin' DESC, u.id LIMIT 500`).Scan(ctx, &out)
	return out, err
}

var usernameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{3,31}$`)

// Invitation is an external reviewer as staff type them; USCC optionally names the member
// company they work for.
type Invitation struct {
	Name, Username, Email, Affiliation, USCC string
}

// Validate checks the invitation by field.
func (i *Invitation) Validate() FieldErrors {
	i.Name, i.Username, i.Email = strings.TrimSpace(i.Name), strings.TrimSpace(i.Username), strings.ToLower(strings.TrimSpace(i.Email))
	i.Affiliation, i.USCC = strings.TrimSpace(i.Affiliation), strings.ToUpper(strings.TrimSpace(i.USCC))
	fe := FieldErrors{}
	if i.Name == "" || utf8.RuneCountInString(i.Name) > 30 {
		fe["name"] = "请填写姓名（最多30字）"
	}
	if !usernameRe.MatchString(i.Username) {
		fe["username"] = "用户名为4-32位，以字母开头，可含字母、数字、下划线、点和连字符"
	}
	if a, err := mail.ParseAddress(i.Email); err != nil || a.Address != i.Email || len(i.Email) > 100 {
		fe["email"] = "邮箱格式不正确"
	}
	if utf8.RuneCountInString(i.Affiliation) > 100 {
		fe["affiliation"] = "单位最多100字"
	}
	return fe
}

// Invite creates an external reviewer's account and mails the one-time link with which they
// set their password (the invitation mechanism of company accounts, 72 hours).
func Invite(ctx context.Context, db bun.IDB, inv Invitation, baseURL string, by audit.Actor, now time.Time) (*account.User, error) {
	if fe := inv.Validate(); len(fe) > 0 {
		return nil, fe
	}
	u := &account.User{Username: inv.Username, Name: inv.Name, Email: inv.Email}
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var companyID int64
		if inv.USCC != "" {
			err := tx.NewRaw(`SELECT id FROM companies WHERE uscc = ?`, inv.USCC).Scan(ctx, &companyID)
			if errors.Is(err, sql.ErrNoRows) {
				return FieldErrors{"uscc": "未找到该统一社会信用代码的单位"}
			}
			if err != nil {
				return err
			}
		}
		token, err := account.NewReviewer(ctx, tx, u, by.ID, now)
		if errors.Is(err, account.ErrUsernameTaken) {
			return FieldErrors{"username": "该用户名已被使用"}
		}
		if err != nil {
			return err
		}
		if _, err := tx.NewRaw(`INSERT INTO paper_reviewers (user_id, company_id, affiliation, created_by) VALUES (?, NULLIF(?, 0), ?, NULLIF(?, 0))`,
			u.ID, companyID, inv.Affiliation, by.ID).Exec(ctx); err != nil {
			return err
		}
		if _, err := imail.Queue(ctx, tx, imail.Message{To: u.Email, Kind: "reviewer_invite", Subject: "邀请您担任参会投稿评审专家 - CPCA 会员管理系统",
			Body: fmt.Sprintf("%s 您好：\n\n中国电子电路行业协会邀请您担任参会投稿的评审专家。\n用户名：%s\n\n请在72小时内打开以下链接设置登录密码（链接只能使用一次）：\n%s\n\n登录后在“评审任务”中可以看到分配给您的稿件。\n\n中国电子电路行业协会（CPCA）\n",
				u.Name, u.Username, baseURL+"/invite/"+token)}); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "papers.reviewer_invite", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10),
			Detail: fmt.Sprintf("%s <%s> company %d", u.Username, u.Email, companyID)})
	})
	return u, err
}

// Assign gives a paper to a reviewer. The paper must be submitted or under review (it moves
// to 评审中); the reviewer must be eligible and must not belong to the submitting company
// (the authors' company). Assigning twice is harmless.
func Assign(ctx context.Context, db bun.IDB, paperID, reviewerID int64, by audit.Actor) error {
	if reviewerID <= 0 {
		return ErrNoReviewer
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		p, err := lock(ctx, tx, paperID)
		if err != nil {
			return err
		}
		if p.Status != Submitted && p.Status != Reviewing {
			return ErrState{Status: p.Status, Action: "分配评审专家"}
		}
		var r struct {
			ID        int64 `bun:"id"`
			CompanyID int64 `bun:"company_id"`
		}
		err = tx.NewRaw(`SELECT u.id, coalesce(r.company_id, u.company_id, 0) AS company_id FROM users u
			LEFT JOIN paper_reviewers r ON r.user_id = u.id WHERE u.id = ? AND `+eligible, reviewerID).Scan(ctx, &r)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNoReviewer
		}
		if err != nil {
			return err
		}
		if r.CompanyID != 0 && r.CompanyID == p.CompanyID {
			return ErrOwnCompany
		}
		if _, err := tx.NewInsert().Model(&Review{PaperID: p.ID, ReviewerID: r.ID, Scores: map[string]int{}, AssignedBy: by.ID}).
			On("CONFLICT (paper_id, reviewer_id) DO NOTHING").Exec(ctx); err != nil {
			return err
		}
		if p.Status == Submitted {
			if _, err := store.Move(ctx, tx, p, p.ID, Reviewing, Sources(Reviewing), nil); err != nil {
				return err
			}
		}
		return by.Record(ctx, tx, audit.Entry{Action: "papers.assign", ObjectType: "paper", ObjectID: strconv.FormatInt(p.ID, 10),
			Detail: "reviewer " + strconv.FormatInt(r.ID, 10)})
	})
}

// lock loads and locks a paper by id (staff and reviewers; no company scope).
func lock(ctx context.Context, tx bun.IDB, id int64) (*Paper, error) {
	p := new(Paper)
	err := tx.NewSelect().Model(p).Where("id = ?", id).For("UPDATE").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return p, err
}

// Weighted is the weighted total of scores (each 1–10) on the call's criteria, 0–10 with one
// decimal.
func Weighted(cs []Criterion, scores map[string]int) float64 {
	sum, w := 0, 0
	for _, c := range cs {
		if s, ok := scores[c.Name]; ok {
			sum += s * c.Weight
			w += c.Weight
		}
	}
	if w == 0 {
		return 0
	}
	return math.Round(float64(sum)/float64(w)*10) / 10
}

// Score is a reviewer's 提交评审: a score of 1–10 for each of the call's criteria and a
// comment. Only the assigned reviewer may score (ErrNotAssigned for anyone else), and only
// while the paper is under review.
func Score(ctx context.Context, db bun.IDB, paperID, reviewerID int64, scores map[string]string, comment string, by audit.Actor, now time.Time) (*Review, error) {
	r := new(Review)
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		err := tx.NewSelect().Model(r).Where("paper_id = ? AND reviewer_id = ?", paperID, reviewerID).For("UPDATE").Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotAssigned
		}
		if err != nil {
			return err
		}
		p, err := lock(ctx, tx, paperID)
		if err != nil {
			return err
		}
		if p.Status != Reviewing {
			return ErrNotReviewable
		}
		c, err := GetCall(ctx, tx, p.EventID)
		if err != nil {
			return err
		}
		fe := FieldErrors{}
		got := map[string]int{}
		for _, k := range c.Criteria {
			n, err := strconv.Atoi(strings.TrimSpace(scores[k.Name]))
			if err != nil || n < 1 || n > 10 {
				fe["score."+k.Name] = "请给出1到10分"
				continue
			}
			got[k.Name] = n
		}
		comment = strings.TrimSpace(comment)
		if utf8.RuneCountInString(comment) > 3000 {
			fe["comment"] = "评审意见最多3000字"
		}
		if len(fe) > 0 {
			return fe
		}
		js, _ := json.Marshal(got)
		if _, err := tx.NewUpdate().Model(r).Set("scores = ?::jsonb", string(js)).Set("comment = ?", comment).Set("submitted_at = ?", now).
			WherePK().Returning("*").Exec(ctx); err != nil {
			return err
		}
		r.Total = Weighted(c.Criteria, r.Scores)
		return by.Record(ctx, tx, audit.Entry{Action: "papers.score", ObjectType: "paper", ObjectID: strconv.FormatInt(paperID, 10),
			Detail: fmt.Sprintf("total %.1f", r.Total)})
	})
	return r, err
}
