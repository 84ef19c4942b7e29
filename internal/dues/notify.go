package dues

import (
	"context"

	"cpca/internal/notify"

	"github.com/uptrace/bun"
)

// Notify tells a company about its dues through notify (kind Dues): a site notice, and an email
// to the finance contact (else the primary one), both written with tx. key keeps a repeated
// action from mailing twice.
func Notify(ctx context.Context, tx bun.IDB, companyID int64, key, title, body string) error {
	_, err := notify.Send(ctx, tx, notify.Note{Kind: notify.Dues, CompanyID: companyID, Key: key, Title: title, Body: body})
	return err
}

// NotifyInvoice tells a company its invoice is ready (kind Invoice): the email goes to the
// address typed in 接收电子发票的邮箱, which is where the company asked for it.
func NotifyInvoice(ctx context.Context, tx bun.IDB, companyID int64, key, title, body string) error {
	_, err := notify.Send(ctx, tx, notify.Note{Kind: notify.Invoice, CompanyID: companyID, Key: key, Title: title, Body: body})
	return err
}
