package files

import (
	"context"
	"cpca/internal/errs"
	"fmt"
	"sync/atomic"

	"github.com/uptrace/bun"
)

// DefaultQuota is the upload space of one company unless CPCA_UPLOAD_QUOTA says otherwise.
const DefaultQuota = 200 << 20

// ErrQuota is returned when a company's uploads would pass its quota; nothing is stored. It
// is a conflict (the company's stored files, not the form, are in the way) whose message
// names the quota in the viewer's language.
var ErrQuota error = quotaError{}

type quotaError struct{}

func (quotaError) Error() string { return quotaError{}.UserMessage().String() }

// UserMessage is QuotaFull with the configured quota.
func (quotaError) UserMessage() errs.Message { return errs.M(QuotaFull, QuotaLabel()) }

// Is makes a full quota a conflict.
func (quotaError) Is(target error) bool { return target == errs.Conflict }

// QuotaFull is the message shown next to the upload field, a format taking QuotaLabel();
// it is translated where it is shown (i18n.Tf).
const QuotaFull = "本单位上传空间已满（%s），请删除不再需要的文件后再上传，或联系协会。"

// quota is the configured limit in bytes; 0 means DefaultQuota. It is set once at start.
var quota atomic.Int64

// SetQuota sets the per-company upload quota in bytes (from config.UploadQuota); 0 or less
// restores DefaultQuota.
func SetQuota(n int64) { quota.Store(n) }

// Quota is the per-company upload quota in bytes.
func Quota() int64 {
	if n := quota.Load(); n > 0 {
		return n
	}
	return DefaultQuota
}

// QuotaLabel is the quota for people: "200 MB".
func QuotaLabel() string { return SizeLabel(Quota()) }

// SizeLabel writes a byte count in the largest whole unit, as config accepts it back.
func SizeLabel(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// companyUploads are the kinds a company uploads itself; only they count against its quota.
// Invoices staff upload and certificates the system makes are the association's doing and
// never blocked by a company's full space.
var companyUploads = []string{KindVoucher, KindBrochure, KindFeedback, KindEvidence, KindPromotionMaterial}

func counted(companyID int64, kind string) bool {
	if companyID == 0 {
		return false
	}
	for _, k := range companyUploads {
		if k == kind {
			return true
		}
	}
	return false
}

// Used is how many bytes of uploads the company holds.
func Used(ctx context.Context, db bun.IDB, companyID int64) (int64, error) {
	var n int64
	err := db.NewRaw(`SELECT coalesce(sum(size), 0) FROM files WHERE company_id = ? AND kind IN (?)`,
		companyID, bun.In(companyUploads)).Scan(ctx, &n)
	return n, err
}

// CheckQuota tells a form early whether size more bytes of kind fit in the company's space
// (ErrQuota if not). Storing checks again under a lock; this is only for the message.
func CheckQuota(ctx context.Context, db bun.IDB, companyID int64, kind string, size int) error {
	if !counted(companyID, kind) {
		return nil
	}
	used, err := Used(ctx, db, companyID)
	if err != nil {
		return err
	}
	if used+int64(size) > Quota() {
		return ErrQuota
	}
	return nil
}

// insertWithinQuota stores f if the company's uploads stay within the quota. A transaction
// level advisory lock per company makes parallel uploads of one company wait for each other,
// so two of them can not both fit in the last free megabytes.
func insertWithinQuota(ctx context.Context, db bun.IDB, f *File) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('files.quota'), (?::bigint % 2147483647)::int)`, f.CompanyID); err != nil {
			return err
		}
		if err := CheckQuota(ctx, tx, f.CompanyID, f.Kind, f.Size); err != nil {
			return err
		}
		return insert(ctx, tx, f)
	})
}
