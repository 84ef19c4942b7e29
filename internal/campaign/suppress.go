package campaign

import (
	"context"
	"net/mail"
	"strings"
	"time"

	"cpca/internal/audit"
	"cpca/internal/errs"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Suppression reasons.
const (
	ReasonBounce      = "bounce"      // hard bounce: 5xx on RCPT for this address
	ReasonUnsubscribe = "unsubscribe" // 退订
	ReasonStaff       = "staff"       // added by staff
)

// ReasonLabel is the Chinese label of a reason.
func ReasonLabel(r string) string {
	switch r {
	case ReasonBounce:
		return "退信（地址无效）"
	case ReasonUnsubscribe:
		return "收件人退订"
	case ReasonStaff:
		return "工作人员添加"
	}
	return r
}

// Suppression is one address no campaign mails.
type Suppression struct {
	bun.BaseModel `bun:"table:mail_suppressions"`
	Address       string    `bun:"address,pk"`
	Reason        string    `bun:"reason"`
	Detail        string    `bun:"detail"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
}

// Suppress adds address (any case) to the list; an address already there keeps its first reason.
func Suppress(ctx context.Context, db bun.IDB, address, reason, detail string) error {
	_, err := db.NewRaw(`INSERT INTO mail_suppressions (address, reason, detail) VALUES (?, ?, ?) ON CONFLICT (address) DO NOTHING`,
		strings.ToLower(strings.TrimSpace(address)), reason, detail).Exec(ctx)
	return err
}

// ErrBadAddress is returned when staff add something that is not an email address.
var ErrBadAddress = errs.New(errs.Invalid, "请填写正确的邮箱地址")

// AddSuppression is staff adding an address by hand, audited.
func AddSuppression(ctx context.Context, db *bun.DB, address, detail string, by audit.Actor) error {
	a, err := mail.ParseAddress(strings.TrimSpace(address))
	if err != nil || strings.ContainsAny(a.Address, " <>") {
		return ErrBadAddress
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := Suppress(ctx, tx, a.Address, ReasonStaff, detail); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "suppression.add", ObjectType: "mail_suppression", ObjectID: strings.ToLower(a.Address)})
	})
}

// RemoveSuppression takes an address off the list (the owner asked to receive mail again, or a
// bounce was a mistake), audited.
func RemoveSuppression(ctx context.Context, db *bun.DB, address string, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.NewDelete().Model((*Suppression)(nil)).Where("address = ?", strings.ToLower(address)).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.Conflict, "该地址不在退订/退信名单中")
		}
		return by.Record(ctx, tx, audit.Entry{Action: "suppression.remove", ObjectType: "mail_suppression", ObjectID: strings.ToLower(address)})
	})
}

// Suppressed reports whether address is on the list.
func Suppressed(ctx context.Context, db bun.IDB, address string) (bool, error) {
	return db.NewSelect().Model((*Suppression)(nil)).Where("address = ?", strings.ToLower(strings.TrimSpace(address))).Exists(ctx)
}

// SuppressionFilter narrows the staff list.
type SuppressionFilter struct {
	Reason, Q string
	Page      int
}

// Suppressions returns one page of the list, newest first, and the (capped) total.
func Suppressions(ctx context.Context, db bun.IDB, f SuppressionFilter, size int) ([]Suppression, int, error) {
	var ss []Suppression
	q := db.NewSelect().Model(&ss)
	if f.Reason != "" {
		q = q.Where("reason = ?", f.Reason)
	}
	if f.Q != "" {
		q = q.Where("address LIKE ?", "%"+store.EscapeLike(strings.ToLower(f.Q))+"%")
	}
	n, err := store.CappedCount(ctx, db, q.Clone())
	if err != nil {
		return nil, 0, err
	}
	err = q.OrderExpr("created_at DESC, address").Limit(size).Offset((max(f.Page, 1) - 1) * size).Scan(ctx)
	return ss, n, err
}
