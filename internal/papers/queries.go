package papers

import (
	"context"
	"database/sql"
	"errors"

	"github.com/uptrace/bun"
)

// ListLimit bounds the lists of this package (a company's papers, an event's papers).
const ListLimit = 500

func paperQuery(db bun.IDB, out any) *bun.SelectQuery {
	return db.NewSelect().Model(out).ModelTableExpr("papers AS p").
		ColumnExpr("p.*, e.name AS event_name, c.name AS company_name").
		Join("JOIN events e ON e.id = p.event_id").Join("JOIN companies c ON c.id = p.company_id")
}

// Own lists the company's papers (我的投稿), newest first; eventID 0 for every event.
func Own(ctx context.Context, db bun.IDB, companyID, eventID int64) ([]Paper, error) {
	var ps []Paper
	q := paperQuery(db, &ps).Where("p.company_id = ?", companyID)
	if eventID != 0 {
		q = q.Where("p.event_id = ?", eventID)
	}
	err := q.OrderExpr("p.id DESC").Limit(ListLimit).Scan(ctx)
	return ps, err
}

// OwnPaper loads one of the company's papers; another company's id is not found.
func OwnPaper(ctx context.Context, db bun.IDB, id, companyID int64) (*Paper, error) {
	p := new(Paper)
	err := paperQuery(db, p).Where("p.id = ? AND p.company_id = ?", id, companyID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return p, err
}

// Get loads a paper for staff.
func Get(ctx context.Context, db bun.IDB, id int64) (*Paper, error) {
	p := new(Paper)
	err := paperQuery(db, p).Where("p.id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return p, err
}

// ForEvent lists an event's papers for staff (drafts left out: they are the company's own
// business until submitted), with reviewers assigned and done, the staged outcome and the
// average weighted score.
func ForEvent(ctx context.Context, db bun.IDB, c *Call, status string) ([]Paper, error) {
	var ps []Paper
	q := paperQuery(db, &ps).Where("p.event_id = ? AND p.status <> 'draft'", c.EventID).
		ColumnExpr("(SELECT count(*) FROM paper_reviews r WHERE r.paper_id = p.id) AS reviewers").
		ColumnExpr("(SELECT count(*) FROM paper_reviews r WHERE r.paper_id = p.id AND r.submitted_at IS NOT NULL) AS reviewed").
		ColumnExpr("coalesce((SELECT d.outcome FROM paper_decisions d WHERE d.paper_id = p.id AND d.released_at IS NULL AND d.superseded_at IS NULL), '') AS staged")
	if status != "" {
		q = q.Where("p.status = ?", status)
	}
	if err := q.OrderExpr("p.id").Limit(ListLimit).Scan(ctx); err != nil || len(ps) == 0 {
		return ps, err
	}
	ids := make([]int64, len(ps))
	for i := range ps {
		ids[i] = ps[i].ID
	}
	var rs []Review
	if err := db.NewSelect().Model(&rs).Where("paper_id IN (?) AND submitted_at IS NOT NULL", bun.In(ids)).Scan(ctx); err != nil {
		return nil, err
	}
	sum, n := map[int64]float64{}, map[int64]int{}
	for _, r := range rs {
		sum[r.PaperID] += Weighted(c.Criteria, r.Scores)
		n[r.PaperID]++
	}
	for i := range ps {
		if k := n[ps[i].ID]; k > 0 {
			ps[i].Score = float64(int(sum[ps[i].ID]/float64(k)*10+0.5)) / 10
		}
	}
	return ps, nil
}

// Versions lists a paper's submitted versions, newest first.
func Versions(ctx context.Context, db bun.IDB, paperID int64) ([]Version, error) {
	var vs []Version
	err := db.NewSelect().Model(&vs).Where("paper_id = ?", paperID).Order("number DESC").Limit(100).Scan(ctx)
	return vs, err
}

// Reviews lists a paper's assignments with the reviewers' names and weighted totals.
func Reviews(ctx context.Context, db bun.IDB, c *Call, paperID int64) ([]Review, error) {
	var rs []Review
	err := db.NewSelect().Model(&rs).ModelTableExpr("paper_reviews AS r").
		ColumnExpr("r.*, coalesce(nullif(u.name, ''), u.username) AS reviewer_name").
		Join("JOIN users u ON u.id = r.reviewer_id").Where("r.paper_id = ?", paperID).OrderExpr("r.id").Scan(ctx)
	for i := range rs {
		rs[i].Total = Weighted(c.Criteria, rs[i].Scores)
	}
	return rs, err
}

func decisionQuery(db bun.IDB, out any) *bun.SelectQuery {
	return db.NewSelect().Model(out).ModelTableExpr("paper_decisions AS d").
		ColumnExpr("d.*, coalesce(m.status, '') AS email_status, m.sent_at AS email_sent_at").
		Join("LEFT JOIN emails m ON m.id = d.email_id")
}

// Decisions lists a paper's decisions for staff, newest first, with their mails' states.
func Decisions(ctx context.Context, db bun.IDB, paperID int64) ([]Decision, error) {
	var ds []Decision
	err := decisionQuery(db, &ds).Where("d.paper_id = ?", paperID).OrderExpr("d.id DESC").Limit(50).Scan(ctx)
	return ds, err
}

// Released is the decision the author sees: the newest released one, nil before release.
func Released(ctx context.Context, db bun.IDB, paperID int64) (*Decision, error) {
	d := new(Decision)
	err := decisionQuery(db, d).Where("d.paper_id = ? AND d.released_at IS NOT NULL AND d.superseded_at IS NULL", paperID).
		OrderExpr("d.id DESC").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return d, err
}

// Assignment is a paper as its reviewer sees it in 评审任务.
type Assignment struct {
	Paper
	Done bool `bun:"done,scanonly"`
}

// Assigned lists the papers assigned to a reviewer (withdrawn ones left out).
func Assigned(ctx context.Context, db bun.IDB, reviewerID int64) ([]Assignment, error) {
	var as []Assignment
	err := db.NewSelect().Model(&as).ModelTableExpr("paper_reviews AS r").
		ColumnExpr("p.*, e.name AS event_name, r.submitted_at IS NOT NULL AS done").
		Join("JOIN papers p ON p.id = r.paper_id").Join("JOIN events e ON e.id = p.event_id").
		Where("r.reviewer_id = ? AND p.status <> 'withdrawn'", reviewerID).OrderExpr("r.id DESC").Limit(ListLimit).Scan(ctx)
	return as, err
}

// AssignedPaper loads a paper for its reviewer with their review; a paper not assigned to
// them (or withdrawn) is ErrNotAssigned.
func AssignedPaper(ctx context.Context, db bun.IDB, paperID, reviewerID int64) (*Paper, *Review, error) {
	r := new(Review)
	err := db.NewSelect().Model(r).Where("paper_id = ? AND reviewer_id = ?", paperID, reviewerID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ErrNotAssigned
	}
	if err != nil {
		return nil, nil, err
	}
	p, err := Get(ctx, db, paperID)
	if err != nil {
		return nil, nil, err
	}
	if p.Status == Withdrawn {
		return nil, nil, ErrNotAssigned
	}
	return p, r, nil
}
