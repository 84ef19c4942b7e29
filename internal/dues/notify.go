package dues

import (
	"context"

	"cpca/internal/company"
	"cpca/internal/mail"
	"cpca/internal/notice"

	"github.com/uptrace/bun"
)

// Notify tells a company about its dues: a site notice, and an email to the finance contact
// (else the primary one), both written with tx. key keeps a repeated action from mailing twice.
func Notify(ctx context.Context, tx bun.IDB, companyID int64, key, title, body string) error {
	if _, err := notice.Send(ctx, tx, companyID, title, body); err != nil {
		return err
	}
	fc, err := company.FinanceContact(ctx, tx, companyID)
	if err != nil || fc.Email == "" {
		return err
	}
	_, err = mail.Queue(ctx, tx, mail.Message{To: fc.Email, Subject: title + " - CPCA 会员管理系统",
		Body: fc.Name + "：\n\n" + body + "\n\n中国电子电路行业协会（CPCA）\n", Kind: "dues", DedupeKey: key})
	return err
}
