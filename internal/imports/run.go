package imports

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"cpca/internal/audit"
	"cpca/internal/company"
	"cpca/internal/files"

	"github.com/uptrace/bun"
)

// batchSize is how many rows share one lookup and one transaction.
const batchSize = 500

// maxFirstErrors is how many refused rows the page lists (all are in the result file).
const maxFirstErrors = 50

// item is one data row on its way through a pass.
type item struct {
	rec    Record
	bad    []string
	plan   plan
	userID int64
}

// pass is one reading of the file: the dry run or the import.
type pass struct {
	db      *bun.DB
	job     *Job
	dry     bool
	by      audit.Actor
	baseURL string
	now     time.Time
	out     *resultWriter
	counts  Counts
	done    int
	first   []Failure
	seen    map[string]int // credit code → first row
	seenNo  map[string]int // member number → first row
}

// Process runs the phase an import is in: its dry run (checking) or the import itself
// (running). It reads the file row by row and handles the rows in batches, storing the
// progress after each; the result file and the counts are stored at the end. A phase that is
// over already is not run again (a retried task).
func Process(ctx context.Context, db *bun.DB, id int64, baseURL string, now func() time.Time) error {
	j, err := Get(ctx, db, id)
	if err != nil {
		return err
	}
	if !j.Busy() {
		return nil
	}
	p := &pass{db: db, job: j, dry: j.Status == StatusChecking, baseURL: baseURL, now: now(), first: []Failure{},
		seen: map[string]int{}, seenNo: map[string]int{}}
	if err := p.run(ctx); err != nil {
		_, _ = db.NewUpdate().Model((*Job)(nil)).Set("status = ?", StatusFailed).Set("failure = ?", audit.Cut(err.Error(), 500)).
			Set("finished_at = now(), updated_at = now()").Where("id = ?", id).Exec(ctx)
		return err
	}
	return nil
}

func (p *pass) run(ctx context.Context) error {
	j := p.job
	p.by = audit.Actor{ID: j.CreatedBy, Name: "import"}
	if j.CreatedBy != 0 {
		_ = p.db.NewRaw(`SELECT username FROM users WHERE id = ?`, j.CreatedBy).Scan(ctx, &p.by.Name)
	}
	var data []byte
	if err := p.db.NewRaw(`SELECT data FROM files WHERE id = ?`, j.FileID).Scan(ctx, &data); err != nil {
		return err
	}
	src, err := Open(data, j.Format)
	if err != nil {
		return err
	}
	defer src.Close()
	if p.out, err = newResultWriter(); err != nil {
		return err
	}
	defer p.out.Close()
	row, header := 0, false
	var batch []*item
	for {
		rec, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("row %d: %w", row+1, err)
		}
		row++
		if blank(rec) {
			continue
		}
		if !header {
			header = true
			continue
		}
		r, bad := Parse(row, rec, j.Mapping)
		batch = append(batch, p.dedupe(&item{rec: r, bad: bad}))
		if len(batch) == batchSize {
			if err := p.flush(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if err := p.flush(ctx, batch); err != nil {
		return err
	}
	data = nil
	return p.finish(ctx)
}

// dedupe refuses a second row with a credit code (or member number) already seen in the file.
func (p *pass) dedupe(it *item) *item {
	if len(it.bad) > 0 {
		return it
	}
	code := it.rec.Values["uscc"]
	if first, ok := p.seen[code]; ok {
		it.bad = append(it.bad, fmt.Sprintf("统一社会信用代码与第 %d 行重复", first))
		return it
	}
	p.seen[code] = it.rec.Row
	if no := it.rec.Values["member_no"]; no != "" {
		if first, ok := p.seenNo[no]; ok {
			it.bad = append(it.bad, fmt.Sprintf("会员编号与第 %d 行重复", first))
			return it
		}
		p.seenNo[no] = it.rec.Row
	}
	return it
}

// flush plans a batch against the stored companies, applies it (unless dry), writes its
// results and stores the progress.
func (p *pass) flush(ctx context.Context, batch []*item) error {
	if len(batch) == 0 {
		return nil
	}
	if err := p.planBatch(ctx, batch); err != nil {
		return err
	}
	if !p.dry {
		if err := p.applyBatch(ctx, batch); err != nil {
			return err
		}
	}
	for _, it := range batch {
		p.record(it)
	}
	p.done += len(batch)
	return execSimple(ctx, p.db, p.db.NewUpdate().Model((*Job)(nil)).Set("done = ?", p.done).
		Set("created = ?, filled = ?, overridden = ?, unchanged = ?, errors = ?, invited = ?", p.counts.Created, p.counts.Filled,
			p.counts.Overridden, p.counts.Unchanged, p.counts.Errors, p.counts.Invited).
		Set("updated_at = now()").Where("id = ?", p.job.ID))
}

// planBatch loads the batch's companies by credit code (and the owners of its member
// numbers) in two queries and plans each row.
func (p *pass) planBatch(ctx context.Context, batch []*item) error {
	var codes, nos []string
	for _, it := range batch {
		if len(it.bad) == 0 {
			codes = append(codes, it.rec.Values["uscc"])
			if no := it.rec.Values["member_no"]; no != "" {
				nos = append(nos, no)
			}
		}
	}
	byCode := map[string]*company.Company{}
	if len(codes) > 0 {
		var cs []company.Company
		if err := querySimple(ctx, p.db, p.db, p.db.NewSelect().Model(&cs).Where("uscc IN (?)", bun.In(codes)), &cs); err != nil {
			return err
		}
		byID := map[int64]*company.Company{}
		ids := make([]int64, len(cs))
		for i := range cs {
			byCode[cs[i].USCC], byID[cs[i].ID], ids[i] = &cs[i], &cs[i], cs[i].ID
		}
		if len(ids) > 0 {
			var ps []company.Person
			if err := querySimple(ctx, p.db, p.db, p.db.NewSelect().Model(&ps).Where("company_id IN (?)", bun.In(ids)).OrderExpr("company_id, position, id"), &ps); err != nil {
				return err
			}
			for _, pp := range ps {
				byID[pp.CompanyID].People = append(byID[pp.CompanyID].People, pp)
			}
		}
	}
	noOwner := map[string]string{}
	if len(nos) > 0 {
		var rows []struct{ USCC, MemberNo string }
		if err := querySimple(ctx, p.db, p.db, p.db.NewRaw(`SELECT uscc, member_no FROM companies WHERE member_no IN (?)`, bun.In(nos)), &rows); err != nil {
			return err
		}
		for _, r := range rows {
			noOwner[r.MemberNo] = r.USCC
		}
	}
	for _, it := range batch {
		if len(it.bad) > 0 {
			it.plan = plan{result: ResultError}
			continue
		}
		v := it.rec.Values
		if owner, ok := noOwner[v["member_no"]]; ok && owner != v["uscc"] {
			it.plan = plan{result: ResultError, reason: "会员编号 " + v["member_no"] + " 已属于其他单位"}
			continue
		}
		it.plan = planRow(p.job.Mode, it.rec, byCode[v["uscc"]])
		if it.plan.result == ResultError {
			it.bad = append(it.bad, it.plan.reason)
		}
	}
	return nil
}

// record counts a row's result and writes its line of the result file.
func (p *pass) record(it *item) {
	res, reason := it.plan.result, it.plan.reason
	if res == ResultCreated {
		reason = "将新建单位及登录账号（用户名为统一社会信用代码，无密码）"
		if !p.dry {
			reason = "已新建单位及登录账号（用户名为统一社会信用代码，无密码）"
			if it.plan.invited {
				reason += "，已发送邀请邮件"
			} else if p.job.SendInvites {
				reason += "，无邮箱，未发送邀请邮件"
			}
		}
	}
	if len(it.bad) > 0 {
		res, reason = ResultError, joinCN(it.bad)
	}
	switch res {
	case ResultCreated:
		p.counts.Created++
		if it.plan.invited {
			p.counts.Invited++
		}
	case ResultFilled:
		p.counts.Filled++
	case ResultOverridden:
		p.counts.Overridden++
	case ResultUnchanged:
		p.counts.Unchanged++
	case ResultError:
		p.counts.Errors++
		if len(p.first) < maxFirstErrors {
			p.first = append(p.first, Failure{Row: it.rec.Row, USCC: it.rec.Values["uscc"], Reason: reason})
		}
	}
	p.out.add(it.rec.Row, it.rec.Values["uscc"], it.rec.Values["name"], res, reason)
}

// finish stores the result file and ends the phase with its counts.
func (p *pass) finish(ctx context.Context) error {
	data, err := p.out.bytes()
	if err != nil {
		return err
	}
	name := fmt.Sprintf("导入结果-%d.xlsx", p.job.ID)
	to := StatusDone
	if p.dry {
		name, to = fmt.Sprintf("试运行结果-%d.xlsx", p.job.ID), StatusChecked
	}
	first, _ := json.Marshal(p.first)
	return p.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		f, err := files.SaveGenerated(ctx, tx, 0, KindResult, name, contentType(FormatXLSX), data)
		if err != nil {
			return err
		}
		q := tx.NewUpdate().Model((*Job)(nil)).Set("status = ?", to).Set("result_file_id = ?", f.ID).Set("first_errors = ?", string(first)).
			Set("done = ?", p.done).Set("created = ?, filled = ?, overridden = ?, unchanged = ?, errors = ?, invited = ?", p.counts.Created, p.counts.Filled,
			p.counts.Overridden, p.counts.Unchanged, p.counts.Errors, p.counts.Invited).Set("updated_at = now()").Where("id = ?", p.job.ID)
		if p.dry {
			q = q.Set("total = ?", p.done).Set("checked_at = now()")
		} else {
			q = q.Set("finished_at = now()")
		}
		if _, err := q.Exec(ctx); err != nil {
			return err
		}
		if p.dry {
			return nil
		}
		return p.by.Record(ctx, tx, audit.Entry{Action: "member.import_done", ObjectType: "import", ObjectID: strconv.FormatInt(p.job.ID, 10),
			Detail: fmt.Sprintf("%d rows: %d created, %d filled, %d overridden, %d unchanged, %d errors, %d invited", p.done,
				p.counts.Created, p.counts.Filled, p.counts.Overridden, p.counts.Unchanged, p.counts.Errors, p.counts.Invited)})
	})
}
