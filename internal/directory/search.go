package directory

import (
	"context"
	"strings"

	"cpca/internal/company"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Filter is a directory search.
type Filter struct {
	Q        string // 2-character fragments of the company name
	Province string
	Category string // 企业类别
	Product  string // 主要产品 contains (only where products are visible to the viewer)
	Level    string
	Page     int
	Size     int
}

// Contact is a consenting person as the viewer may see them: Mobile is masked unless the
// viewer may see it in full; Email is empty unless visible.
type Contact struct {
	ID                      int64
	Name, Title, Department string
	Mobile                  string // always masked in the list; "显示" reveals it where allowed
	Masked                  bool
	Revealable              bool // the viewer may see the full number (one logged click each)
	Email                   string
}

// Entry is one company as the viewer may see it: a field the viewer may not see is empty and
// its name is in Withheld.
type Entry struct {
	ID                         int64
	Name, Province, City       string
	Category, Level            string
	Address, Website, Products string
	Intro                      string
	BrochureID                 string // set when the viewer may download the brochure
	Contacts                   []Contact
	Withheld                   []string
}

// row is a search row with the company's own settings.
type row struct {
	company.Company `bun:",extend"`
	OwnFields       []byte `bun:"own_fields"`
	BrochureID      string `bun:"brochure_id"`
}

// rankSQL is the SQL rank of an audience expression, like rank.
const rankSQL = "array_position(ARRAY['public','members','council','staff']::text[], %s)"

func rankOf(expr string) string { return strings.Replace(rankSQL, "%s", expr, 1) }

// Search returns the member companies shown to a viewer of audience viewer, with the total
// (store.Unknown when counting was skipped for a name search).
func Search(ctx context.Context, db bun.IDB, viewer string, f Filter) ([]Entry, int, error) {
	if f.Size <= 0 || f.Size > 50 {
		f.Size = 20
	}
	if f.Page < 1 {
		f.Page = 1
	}
	defs, err := Defaults(ctx, db)
	if err != nil {
		return nil, 0, err
	}
	var rows []row
	q := db.NewSelect().Model(&rows).ModelTableExpr("companies AS company").
		Join("LEFT JOIN directory_settings AS ds ON ds.company_id = company.id").
		Where("company.status = ?", company.StatusMember).
		Where("NOT coalesce(ds.hidden, false)")
	if f.Province != "" {
		q = q.Where("company.province = ?", f.Province)
	}
	if f.Category != "" {
		q = q.Where("company.category = ?", f.Category)
	}
	if f.Level != "" {
		q = q.Where("company.level = ?", f.Level)
	}
	if f.Product != "" {
		// Only companies whose products the viewer may see are matched by them, so a search
		// can not tell what a company chose to withhold.
		d := defs[FieldProducts]
		eff := "?"
		if !d.Locked {
			eff = "greatest(?, coalesce(" + rankOf("ds.fields->>'products'") + ", 0))"
		}
		q = q.Where("company.main_products ILIKE ?", "%"+store.EscapeLike(f.Product)+"%").
			Where(eff+" <= ?", rank(d.Audience)+1, rank(viewer)+1)
	}
	total, extra := 0, 0
	if f.Q != "" {
		cond, args := store.NameMatch("company.name", "company.name_bigrams", f.Q)
		q = q.Where(cond, args...)
		total, extra = store.Unknown, 1
	} else {
		n, err := store.CappedCount(ctx, db, q.Clone())
		if err != nil {
			return nil, 0, err
		}
		total = n
	}
	err = q.Column("company.*").ColumnExpr("coalesce(ds.fields, '{}') AS own_fields, coalesce(ds.brochure_id, '') AS brochure_id").
		OrderExpr("company.name, company.id").Limit(f.Size + extra).Offset((f.Page - 1) * f.Size).Scan(ctx)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	people, err := consenting(ctx, db, ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Entry, len(rows))
	for i, r := range rows {
		out[i] = View(&r.Company, people[r.ID], Effective(defs, parseFields(r.OwnFields)), viewer, r.BrochureID)
	}
	return out, total, nil
}

// consenting loads the people of the companies who gave the directory consent (and have
// not withdrawn it: withdrawal clears consent_at at once).
func consenting(ctx context.Context, db bun.IDB, ids []int64) (map[int64][]company.Person, error) {
	out := map[int64][]company.Person{}
	if len(ids) == 0 {
		return out, nil
	}
	var ps []company.Person
	err := db.NewSelect().Model(&ps).Where("company_id IN (?)", bun.In(ids)).Where("consent_at IS NOT NULL").
		Order("company_id", "position", "id").Scan(ctx)
	for _, p := range ps {
		out[p.CompanyID] = append(out[p.CompanyID], p)
	}
	return out, err
}

// View is a company's entry as a viewer of audience viewer sees it, with the fields'
// visibility vis; people are the consenting ones, brochureID the company's 附件简介 ("" for none).
func View(co *company.Company, people []company.Person, vis map[string]string, viewer, brochureID string) Entry {
	e := Entry{ID: co.ID, Name: co.Name, Province: co.Province, City: co.City, Category: co.Category, Level: co.Level}
	show := func(field, v string) string {
		if Sees(viewer, vis[field]) {
			return v
		}
		e.Withheld = append(e.Withheld, field)
		return ""
	}
	e.Address, e.Website = show(FieldAddress, co.Address), show(FieldWebsite, co.Website)
	e.Products, e.Intro = show(FieldProducts, co.MainProducts), show(FieldIntro, co.Intro)
	if brochureID != "" {
		e.BrochureID = show(FieldBrochure, brochureID)
	}
	if !Sees(viewer, vis[FieldContacts]) {
		e.Withheld = append(e.Withheld, FieldContacts, FieldMobile, FieldEmail)
		return e
	}
	full, mail := Sees(viewer, vis[FieldMobile]), Sees(viewer, vis[FieldEmail])
	for _, p := range people {
		ct := Contact{ID: p.ID, Name: p.Name, Title: p.Title, Department: p.Department,
			Mobile: Mask(p.Mobile), Masked: true, Revealable: full}
		if mail {
			ct.Email = p.Email
		}
		e.Contacts = append(e.Contacts, ct)
	}
	if !full {
		e.Withheld = append(e.Withheld, FieldMobile)
	}
	if !mail {
		e.Withheld = append(e.Withheld, FieldEmail)
	}
	return e
}

// Mask keeps a mobile's first three and last four digits (138****5678); anything else that
// is not an 11-digit number is hidden entirely.
func Mask(m string) string {
	if len(m) != 11 {
		return "****"
	}
	return m[:3] + "****" + m[7:]
}
