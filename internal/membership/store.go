package membership

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cpca/internal/account"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/errs"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// ErrNotFound is returned when no application or draft matches.
var ErrNotFound = errs.New(errs.NotFound, "入会申请不存在")

// ErrUSCCTaken is returned when the credit code belongs to a member or another application.
var ErrUSCCTaken = errs.New(errs.Conflict, "该统一社会信用代码已有会员或入会申请，请勿重复注册；如需修改，请用原账号登录")

type draftRow struct {
	bun.BaseModel `bun:"table:registration_drafts"`
	ID            string          `bun:"id,pk"`
	Step          int             `bun:"step"`
	Data          json.RawMessage `bun:"data,type:jsonb"`
	UpdatedAt     time.Time       `bun:"updated_at"`
}

// LoadDraft returns the draft with id, or ErrNotFound.
func LoadDraft(ctx context.Context, db bun.IDB, id string) (*Draft, error) {
	var r draftRow
	err := db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	d := new(Draft)
	if err := json.Unmarshal(r.Data, d); err != nil {
		return nil, err
	}
	d.Step = r.Step
	return d, nil
}

// SaveDraft stores d under id.
func SaveDraft(ctx context.Context, db bun.IDB, id string, d *Draft) error {
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	r := &draftRow{ID: id, Step: d.Step, Data: data, UpdatedAt: time.Now()}
	_, err = db.NewInsert().Model(r).On("CONFLICT (id) DO UPDATE").
		Set("step = EXCLUDED.step, data = EXCLUDED.data, updated_at = now()").Exec(ctx)
	return err
}

// DeleteDraft removes a draft once submitted.
func DeleteDraft(ctx context.Context, db bun.IDB, id string) error {
	_, err := db.NewDelete().Model((*draftRow)(nil)).Where("id = ?", id).Exec(ctx)
	return err
}

// PurgeDrafts removes drafts untouched for 30 days.
func PurgeDrafts(ctx context.Context, db bun.IDB) error {
	_, err := db.NewDelete().Model((*draftRow)(nil)).Where("updated_at < now() - interval '30 days'").Exec(ctx)
	return err
}

// USCCTaken reports whether code belongs to a company other than except.
func USCCTaken(ctx context.Context, db bun.IDB, code string, except int64) (bool, error) {
	return db.NewSelect().Model((*company.Company)(nil)).Where("uscc = ?", code).Where("id <> ?", except).Exists(ctx)
}

func nullStr(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// apply copies the three company steps onto c.
func (s Snapshot) apply(c *company.Company) {
	ci, si := s.Company, s.Sales
	c.Name, c.USCC, c.LegalRep, c.RegCapital = ci.Name, ci.USCC, ci.LegalRep, nullStr(ci.RegCapital)
	// A date column takes the calendar date of the value as sent in UTC: parse as UTC midnight,
	// or Shanghai midnight (16:00 UTC the day before) would be stored as the previous day.
	if d, err := time.Parse("2006-01-02", ci.FoundedOn); err == nil {
		c.FoundedOn = sql.NullTime{Time: d, Valid: true}
	}
	c.Nature, c.Category, c.Province, c.City = ci.Nature, ci.Category, ci.Province, ci.City
	c.Address, c.Postcode, c.Website, c.Intro = ci.Address, ci.Postcode, ci.Website, ci.Intro
	if n, err := strconv.Atoi(ci.Employees); err == nil {
		c.Employees = sql.NullInt64{Int64: int64(n), Valid: true}
	}
	c.MainProducts, c.LastYearSales, c.ExportRatio = si.MainProducts, nullStr(si.LastYearSales), nullStr(si.ExportRatio)
	c.MainMarkets, c.Certifications = si.MainMarkets, si.Certifications
}

// Apply writes the snapshot's company and sales fields into c (会员信息 edits reuse it; the
// caller chooses which columns to store).
func (s Snapshot) Apply(c *company.Company) { s.apply(c) }

// SnapshotOf reads a company back into form values (for editing and for revisions).
func SnapshotOf(c *company.Company) Snapshot {
	s := Snapshot{}
	s.Company = CompanyInfo{Name: c.Name, USCC: c.USCC, LegalRep: c.LegalRep, RegCapital: trimDec(c.RegCapital.String),
		Nature: c.Nature, Category: c.Category, Province: c.Province, City: c.City, Address: c.Address,
		Postcode: c.Postcode, Website: c.Website, Intro: c.Intro}
	if c.FoundedOn.Valid {
		s.Company.FoundedOn = c.FoundedOn.Time.Format("2006-01-02")
	}
	if c.Employees.Valid {
		s.Company.Employees = strconv.FormatInt(c.Employees.Int64, 10)
	}
	s.Sales = SalesInfo{MainProducts: c.MainProducts, LastYearSales: trimDec(c.LastYearSales.String),
		ExportRatio: trimDec(c.ExportRatio.String), MainMarkets: c.MainMarkets, Certifications: c.Certifications}
	for i, p := range c.People {
		s.People.People = append(s.People.People, Person{Name: p.Name, Title: p.Title, Mobile: p.Mobile, Email: p.Email})
		if p.IsPrimary {
			s.People.Primary = i
		}
		if p.IsFinance {
			s.People.Finance = i
		}
	}
	return s
}

// trimDec turns "100.00" into "100" and "12.50" into "12.5".
func trimDec(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func replacePeople(ctx context.Context, tx bun.IDB, companyID int64, p PeopleInfo) error {
	if _, err := tx.NewDelete().Model((*company.Person)(nil)).Where("company_id = ?", companyID).Exec(ctx); err != nil {
		return err
	}
	rows := make([]company.Person, 0, len(p.People))
	for i, x := range p.People {
		rows = append(rows, company.Person{CompanyID: companyID, Position: i, Name: x.Name, Title: x.Title,
			Mobile: x.Mobile, Email: x.Email, IsPrimary: i == p.Primary, IsFinance: i == p.Finance})
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// submit turns a complete draft into a company, its people, an applicant login and an
// application in revision 1. Run it inside a transaction.
func submit(ctx context.Context, tx bun.IDB, d *Draft, password string) (*Application, *account.User, error) {
	snap := Snapshot{Company: d.Company, Sales: d.Sales, People: d.People}
	c := &company.Company{Status: company.StatusApplicant, Level: company.LevelMember}
	snap.apply(c)
	if _, err := tx.NewInsert().Model(c).Returning("id").Exec(ctx); err != nil {
		if strings.Contains(err.Error(), "companies_uscc_key") {
			return nil, nil, ErrUSCCTaken
		}
		return nil, nil, err
	}
	if err := replacePeople(ctx, tx, c.ID, d.People); err != nil {
		return nil, nil, err
	}
	primary := d.People.People[d.People.Primary]
	u := &account.User{Username: d.Account.Username, Email: d.Account.Email, Mobile: d.Account.Mobile,
		Name: primary.Name, Role: account.RoleApplicant, CompanyID: c.ID, IsMain: true,
		PrivacyAcceptedAt: sql.NullTime{Time: time.Now(), Valid: true}}
	if err := account.Create(ctx, tx, u, password); err != nil {
		return nil, nil, err
	}
	a := &Application{CompanyID: c.ID, UserID: u.ID, Status: StatusSubmitted, Revision: 1,
		SearchName: c.Name, USCC: c.USCC}
	if _, err := tx.NewInsert().Model(a).Returning("id, submitted_at").Exec(ctx); err != nil {
		return nil, nil, err
	}
	if _, err := tx.NewInsert().Model(&Revision{ApplicationID: a.ID, Revision: 1, Snapshot: snap}).Exec(ctx); err != nil {
		return nil, nil, err
	}
	return a, u, nil
}

// move changes an application's state atomically: exactly one of two concurrent reviewers wins.
func move(ctx context.Context, tx bun.IDB, id int64, to string, set func(q *bun.UpdateQuery) *bun.UpdateQuery) (*Application, error) {
	a := new(Application)
	moved, err := store.Move(ctx, tx, a, id, to, sources(to), set)
	if err != nil {
		return nil, err
	}
	if moved {
		return a, nil
	}
	cur, err := Get(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	return nil, ErrTransition{From: cur.Status, To: to}
}

// approve accepts an application: the company becomes a member with a member number and a
// join date, its logins become members.
func approve(ctx context.Context, tx bun.IDB, id, staffID int64, now time.Time) (*Application, *company.Company, error) {
	a, err := move(ctx, tx, id, StatusApproved, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("reviewed_at = ?", now).Set("reviewed_by = ?", staffID).Set("reject_reason = ''")
	})
	if err != nil {
		return nil, nil, err
	}
	var seq int64
	if err := tx.NewRaw("SELECT nextval('member_no_seq')").Scan(ctx, &seq); err != nil {
		return nil, nil, err
	}
	today := now.In(calendar.Zone)
	c := new(company.Company)
	_, err = tx.NewUpdate().Model(c).
		Set("status = ?", company.StatusMember).
		Set("member_no = ?", fmt.Sprintf("CPCA%d%05d", today.Year(), seq)).
		Set("joined_on = ?", today.Format("2006-01-02")).
		Set("updated_at = now()").
		Where("id = ?", a.CompanyID).Returning("*").Exec(ctx)
	if err != nil {
		return nil, nil, err
	}
	_, err = tx.NewUpdate().Model((*account.User)(nil)).Set("role = ?", account.RoleMember).Set("updated_at = now()").
		Where("company_id = ?", a.CompanyID).Where("role = ?", account.RoleApplicant).Exec(ctx)
	return a, c, err
}

// reject returns an application to the applicant with a reason.
func reject(ctx context.Context, tx bun.IDB, id, staffID int64, reason string, now time.Time) (*Application, error) {
	return move(ctx, tx, id, StatusRejected, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("reviewed_at = ?", now).Set("reviewed_by = ?", staffID).Set("reject_reason = ?", reason)
	})
}

// resubmit stores the corrected company data as a new revision and puts the application
// back in the queue.
func resubmit(ctx context.Context, tx bun.IDB, id int64, snap Snapshot) (*Application, error) {
	cur, err := Get(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if taken, err := USCCTaken(ctx, tx, snap.Company.USCC, cur.CompanyID); err != nil {
		return nil, err
	} else if taken {
		return nil, ErrUSCCTaken
	}
	a, err := move(ctx, tx, id, StatusResubmitted, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		// Back in the queue as new: staff see it on top, the waiting time counts from now.
		return q.Set("revision = revision + 1").Set("search_name = ?", snap.Company.Name).Set("uscc = ?", snap.Company.USCC).
			Set("submitted_at = now()")
	})
	if err != nil {
		return nil, err
	}
	c, err := company.ByID(ctx, tx, a.CompanyID)
	if err != nil {
		return nil, err
	}
	snap.apply(c)
	if _, err := tx.NewUpdate().Model(c).ExcludeColumn("id", "status", "level", "member_no", "joined_on", "created_at", "updated_at").
		Set("updated_at = now()").WherePK().Exec(ctx); err != nil {
		if strings.Contains(err.Error(), "companies_uscc_key") {
			return nil, ErrUSCCTaken // taken by a registration that committed in between
		}
		return nil, err
	}
	if err := replacePeople(ctx, tx, c.ID, snap.People); err != nil {
		return nil, err
	}
	_, err = tx.NewInsert().Model(&Revision{ApplicationID: a.ID, Revision: a.Revision, Snapshot: snap}).Exec(ctx)
	return a, err
}

// Paper is the record of the mailed documents with the company stamp (纸质材料).
type Paper struct {
	Received   bool
	ReceivedOn sql.NullTime
	CourierNo  string
	Note       string
}

// setPaper records the paper documents.
func setPaper(ctx context.Context, db bun.IDB, id int64, p Paper) error {
	res, err := db.NewUpdate().Model((*Application)(nil)).
		Set("paper_received = ?", p.Received).Set("paper_received_on = ?", p.ReceivedOn).
		Set("courier_no = ?", p.CourierNo).Set("paper_note = ?", p.Note).Set("updated_at = now()").
		Where("id = ?", id).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// Get loads an application.
func Get(ctx context.Context, db bun.IDB, id int64) (*Application, error) {
	a := new(Application)
	err := db.NewSelect().Model(a).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return a, err
}

// ByCompany loads the application of a company.
func ByCompany(ctx context.Context, db bun.IDB, companyID int64) (*Application, error) {
	a := new(Application)
	err := db.NewSelect().Model(a).Where("company_id = ?", companyID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return a, err
}

// Revisions returns the snapshots of an application, newest first.
func Revisions(ctx context.Context, db bun.IDB, id int64) ([]Revision, error) {
	var rs []Revision
	err := db.NewSelect().Model(&rs).Where("application_id = ?", id).Order("revision DESC").Scan(ctx)
	return rs, err
}
