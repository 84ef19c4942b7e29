package certificate

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/errs"
	"cpca/internal/files"

	"github.com/uptrace/bun"
)

// Certificate states.
const (
	StatusPending    = "pending"
	StatusIssued     = "issued"
	StatusSuperseded = "superseded"
	StatusRevoked    = "revoked"
)

// ErrNotFound is returned for an unknown certificate (or one of another company).
var ErrNotFound = errs.New(errs.NotFound, "证书不存在")

// Certificate is one issued 会员证书.
type Certificate struct {
	bun.BaseModel `bun:"table:certificates"`
	ID            int64          `bun:"id,pk,autoincrement"`
	CompanyID     int64          `bun:"company_id"`
	DuesID        int64          `bun:"dues_id"`
	Year          int            `bun:"year"`
	Number        string         `bun:"number"`
	Code          string         `bun:"code"`
	CompanyName   string         `bun:"company_name"`
	Level         string         `bun:"level"`
	IssuedOn      time.Time      `bun:"issued_on,type:date"`
	Status        string         `bun:"status"`
	RevokeReason  string         `bun:"revoke_reason"`
	FileID        sql.NullString `bun:"file_id"`
	CreatedAt     time.Time      `bun:"created_at,nullzero,default:now()"`
}

// Issuer renders and stores certificates.
type Issuer struct {
	Font        []byte
	Association string
	BaseURL     string
}

func newCode() string {
	b := make([]byte, 15)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.StdEncoding.EncodeToString(b)) // 24 chars, 120 bits
}

// VerifyURL is the public page a certificate's QR code points to.
func (is *Issuer) VerifyURL(code string) string { return is.BaseURL + "/verify/" + code }

// Issue makes the certificate of a paid dues row, idempotently: if a live certificate with
// the company's current name and level exists, nothing happens; if the name or level changed,
// the old one is superseded and a new one issued. Everything happens in one transaction, so a
// crash mid-render leaves nothing behind and the retry starts clean. It reports whether a
// certificate was issued.
func (is *Issuer) Issue(ctx context.Context, db *bun.DB, duesID int64, now time.Time) (bool, error) {
	issued := false
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var d struct {
			CompanyID int64  `bun:"company_id"`
			Year      int    `bun:"year"`
			Status    string `bun:"status"`
		}
		if err := tx.NewRaw(`SELECT company_id, year, status FROM dues WHERE id = ? FOR UPDATE`, duesID).Scan(ctx, &d); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			return err
		}
		if !dues.Paid(d.Status) || d.Year == 0 { // an event fee (no year) earns no certificate
			return nil
		}
		co, err := company.ByID(ctx, tx, d.CompanyID)
		if err != nil {
			return err
		}
		var live Certificate
		err = tx.NewSelect().Model(&live).Where("dues_id = ?", duesID).Where("status IN (?)", bun.In([]string{StatusPending, StatusIssued})).Scan(ctx)
		switch {
		case err == nil && live.CompanyName == co.Name && live.Level == co.Level && live.FileID.Valid:
			return nil
		case err == nil:
			if _, err := tx.NewUpdate().Model((*Certificate)(nil)).Set("status = ?", StatusSuperseded).Where("id = ?", live.ID).Exec(ctx); err != nil {
				return err
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		var seq int64
		if err := tx.NewRaw("SELECT nextval('certificate_no_seq')").Scan(ctx, &seq); err != nil {
			return err
		}
		local := now.In(calendar.Zone)
		// A date column takes the calendar day of a UTC midnight (bun sends times in UTC).
		today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
		c := &Certificate{CompanyID: co.ID, DuesID: duesID, Year: d.Year, Number: fmt.Sprintf("CPCA-%d-%06d", d.Year, seq),
			Code: newCode(), CompanyName: co.Name, Level: co.Level, IssuedOn: today, Status: StatusIssued}
		pdf, err := Render(is.Font, Content{Association: is.Association, CompanyName: co.Name, LevelLabel: company.LevelLabel(co.Level),
			Number: c.Number, Year: d.Year, IssuedOn: today, VerifyURL: is.VerifyURL(c.Code)})
		if err != nil {
			return err
		}
		f, err := files.SaveGenerated(ctx, tx, co.ID, files.KindCertificate, fmt.Sprintf("会员证书-%d-%s.pdf", d.Year, c.Number), "application/pdf", pdf)
		if err != nil {
			return err
		}
		c.FileID = sql.NullString{String: f.ID, Valid: true}
		if _, err := tx.NewInsert().Model(c).Exec(ctx); err != nil {
			return err
		}
		issued = true
		return nil
	})
	return issued, err
}

// Stale lists paid dues whose live certificate no longer matches the company's name or
// level, or that have none yet (the periodic sweep re-renders them).
func Stale(ctx context.Context, db bun.IDB, minYear int, limit int) ([]int64, error) {
	var ids []int64
	err := db.NewRaw(`SELECT d.id FROM dues d JOIN companies c ON c.id = d.company_id
		LEFT JOIN certificates x ON x.dues_id = d.id AND x.status IN ('pending', 'issued')
		WHERE d.status IN ('confirmed', 'waived') AND d.year >= ?
		  AND (x.id IS NULL OR x.company_name <> c.name OR x.level <> c.level)
		  AND NOT EXISTS (SELECT 1 FROM certificates r WHERE r.dues_id = d.id AND r.status = 'revoked')
		ORDER BY d.id LIMIT ?`, minYear, limit).Scan(ctx, &ids)
	return ids, err
}

// StaleFor is Stale for one company (after its name changed), any year.
func StaleFor(ctx context.Context, db bun.IDB, companyID int64) ([]int64, error) {
	var ids []int64
	err := db.NewRaw(`SELECT d.id FROM dues d JOIN companies c ON c.id = d.company_id
		LEFT JOIN certificates x ON x.dues_id = d.id AND x.status IN ('pending', 'issued')
		WHERE d.company_id = ? AND d.year IS NOT NULL AND d.status IN ('confirmed', 'waived')
		  AND (x.id IS NULL OR x.company_name <> c.name OR x.level <> c.level)
		  AND NOT EXISTS (SELECT 1 FROM certificates r WHERE r.dues_id = d.id AND r.status = 'revoked')
		ORDER BY d.id LIMIT 50`, companyID).Scan(ctx, &ids)
	return ids, err
}

// ForCompany lists a company's certificates, newest year first.
func ForCompany(ctx context.Context, db bun.IDB, companyID int64) ([]Certificate, error) {
	var cs []Certificate
	err := db.NewSelect().Model(&cs).Where("company_id = ?", companyID).OrderExpr("year DESC, id DESC").Scan(ctx)
	return cs, err
}

// Get loads a certificate; companyID other than 0 must own it.
func Get(ctx context.Context, db bun.IDB, id, companyID int64) (*Certificate, error) {
	c := new(Certificate)
	q := db.NewSelect().Model(c).Where("id = ?", id)
	if companyID != 0 {
		q = q.Where("company_id = ?", companyID)
	}
	if err := q.Scan(ctx); errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, err
	}
	return c, nil
}

// revoke withdraws a certificate with a reason.
func revoke(ctx context.Context, db bun.IDB, id int64, reason string) error {
	res, err := db.NewUpdate().Model((*Certificate)(nil)).Set("status = ?", StatusRevoked).Set("revoke_reason = ?", reason).
		Where("id = ?", id).Where("status = ?", StatusIssued).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotLive
	}
	return nil
}

// ErrNotLive is returned when revoking a certificate that is already revoked or superseded.
var ErrNotLive = errs.New(errs.Conflict, "该证书已撤销或已被新证书取代，不能再撤销")

// Verdict is what the public verification page says.
type Verdict struct {
	State       string // valid | expired | revoked | superseded | unknown
	CompanyName string
	Level       string
	Year        int
	Number      string
}

// Verify looks a code up; only the name, level, year and number are ever shown.
func Verify(ctx context.Context, db bun.IDB, code string, now time.Time) (Verdict, error) {
	if len(code) < 16 || len(code) > 40 {
		return Verdict{State: "unknown"}, nil
	}
	c := new(Certificate)
	err := db.NewSelect().Model(c).Where("code = ?", strings.ToLower(code)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Verdict{State: "unknown"}, nil
	}
	if err != nil {
		return Verdict{}, err
	}
	v := Verdict{CompanyName: c.CompanyName, Level: c.Level, Year: c.Year, Number: c.Number}
	switch {
	case c.Status == StatusRevoked:
		v.State = "revoked"
	case c.Status == StatusSuperseded:
		v.State = "superseded"
	case c.Year < calendar.Year(now):
		v.State = "expired"
	default:
		v.State = "valid"
	}
	return v, nil
}

// Revoke withdraws a live certificate with a reason (kept and shown on verification) and
// audits it; ErrNotLive (a conflict) when it is already revoked or superseded.
func Revoke(ctx context.Context, db bun.IDB, id int64, reason string, by audit.Actor) (*Certificate, error) {
	var cert *Certificate
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if cert, err = Get(ctx, tx, id, 0); err != nil {
			return err
		}
		if err := revoke(ctx, tx, id, reason); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "certificate.revoke", ObjectType: "certificate", ObjectID: cert.Number, Detail: reason})
	})
	return cert, err
}
