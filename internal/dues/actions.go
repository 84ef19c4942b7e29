package dues

// The actions of 会员缴费 and 会员缴费管理, one function each: the transaction, the state
// move, the notice and email to the company, and the audit entry. Handlers, the CLI, the
// demo seed and jobs call these.

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"cpca/internal/audit"
	"cpca/internal/files"

	"github.com/uptrace/bun"
)

// GenerateYear creates a year's dues for every member company (idempotent) and audits it.
// ErrNoSchedule (a conflict) when a level has no fee that year.
func GenerateYear(ctx context.Context, db bun.IDB, year int, by audit.Actor) (int, error) {
	var n int
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if n, err = Generate(ctx, tx, year); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "dues.generate", ObjectType: "dues", ObjectID: strconv.Itoa(year), Detail: strconv.Itoa(n)})
	})
	return n, err
}

// SetFees stores a year's 会费标准 (existing bills keep their amount) and audits it.
func SetFees(ctx context.Context, db bun.IDB, year int, fees []Fee, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, f := range fees {
			f.Year = year
			if err := SetFee(ctx, tx, f); err != nil {
				return err
			}
		}
		return by.Record(ctx, tx, audit.Entry{Action: "dues.fees", ObjectType: "fee_schedule", ObjectID: strconv.Itoa(year)})
	})
}

// Transfer is 上传缴费凭证 as checked by the handler: the bank transfer and its file.
type Transfer struct {
	Date      time.Time
	AmountFen int64
	Payer     string
	Note      string
	FileName  string
	Data      []byte
}

// UploadVoucher stores the voucher file and the transfer (the row becomes 待确认) and audits
// it. The file's type was checked by content before; the company's quota is checked here.
func UploadVoucher(ctx context.Context, db bun.IDB, d *Dues, t Transfer, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		file, err := files.Save(ctx, tx, d.CompanyID, files.KindVoucher, t.FileName, t.Data, by.ID)
		if err != nil {
			return err
		}
		v := &Voucher{FileID: file.ID, TransferDate: t.Date, AmountFen: t.AmountFen, Payer: t.Payer, Note: t.Note, CreatedBy: by.ID}
		if err := AddVoucher(ctx, tx, d, v); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "dues.voucher_upload", ObjectType: "dues", ObjectID: strconv.FormatInt(d.ID, 10), Detail: Yuan(t.AmountFen)})
	})
}

// DeleteVoucher removes a voucher (and its file) before staff confirm, and audits it.
func DeleteVoucher(ctx context.Context, db bun.IDB, d *Dues, voucherID int64, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := RemoveVoucher(ctx, tx, d, voucherID); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "dues.voucher_delete", ObjectType: "voucher", ObjectID: strconv.FormatInt(voucherID, 10)})
	})
}

// SaveInvoiceInfo is 填写开票信息: the profile is kept for next year, this year's request
// becomes 待开票; audited.
func SaveInvoiceInfo(ctx context.Context, db bun.IDB, d *Dues, p InvoiceProfile, by audit.Actor) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := RequestInvoice(ctx, tx, d, p); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "dues.invoice_request", ObjectType: "dues", ObjectID: strconv.FormatInt(d.ID, 10), Detail: p.Title})
	})
}

// ConfirmPayment is 确认到账: the amount and day received, the company told, audited. The
// certificate is rendered afterwards by the worker, never here. Of two staff confirming at
// once one wins; the other gets ErrState.
func ConfirmPayment(ctx context.Context, db bun.IDB, id, amountFen int64, on time.Time, by audit.Actor, now time.Time) (*Dues, error) {
	var d *Dues
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if d, err = Confirm(ctx, tx, id, by.ID, amountFen, on, now); err != nil {
			return err
		}
		body := fmt.Sprintf("贵单位%d年度会费 %s 元已于 %s 确认到账。会员证书生成后可在“信息管理—会员证书”中下载。", d.Year, Yuan(amountFen), on.Format("2006-01-02"))
		if d.IsEvent() {
			body = fmt.Sprintf("贵单位“%s”的参会费 %s 元已于 %s 确认到账。", d.Subject, Yuan(amountFen), on.Format("2006-01-02"))
		}
		if err := Notify(ctx, tx, d.CompanyID, fmt.Sprintf("dues:%d:confirmed", d.ID), d.Label()+"已确认到账", body); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "dues.confirm", ObjectType: "dues", ObjectID: strconv.FormatInt(id, 10), Detail: Yuan(amountFen)})
	})
	return d, err
}

// ReturnVoucher is 退回: the voucher goes back with a reason; the company is told by email and
// site notice, once per uploaded voucher; audited.
func ReturnVoucher(ctx context.Context, db bun.IDB, id int64, reason string, by audit.Actor) (*Dues, error) {
	var d *Dues
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if d, err = reject(ctx, tx, id, reason); err != nil {
			return err
		}
		// The newest voucher's id only grows, so each rejection of a new upload mails once.
		newest, err := newestVoucher(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := Notify(ctx, tx, d.CompanyID, fmt.Sprintf("dues:%d:rejected:%d", d.ID, newest),
			returnedTitle(d),
			fmt.Sprintf("贵单位%s的缴费凭证被退回，原因：%s\n请登录会员管理系统，在“会员服务—会员缴费”中重新上传缴费凭证。", d.Label(), reason)); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "dues.reject", ObjectType: "dues", ObjectID: strconv.FormatInt(id, 10), Detail: reason})
	})
	return d, err
}

// newestVoucher is the id of the newest voucher of a dues row (0 for none).
func newestVoucher(ctx context.Context, db bun.IDB, duesID int64) (int64, error) {
	var n int64
	err := db.NewSelect().Model((*Voucher)(nil)).ColumnExpr("coalesce(max(id), 0)").Where("dues_id = ?", duesID).Scan(ctx, &n)
	return n, err
}

// Waive is 免缴 with a reason; audited.
func Waive(ctx context.Context, db bun.IDB, id int64, reason string, by audit.Actor, now time.Time) (*Dues, error) {
	var d *Dues
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if d, err = waive(ctx, tx, id, by.ID, reason, now); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "dues.waive", ObjectType: "dues", ObjectID: strconv.FormatInt(id, 10), Detail: reason})
	})
	return d, err
}

// IssueInvoice stores the issued invoice PDF (已开票), tells the company and audits it. The
// file was checked to be a PDF by content before.
func IssueInvoice(ctx context.Context, db bun.IDB, id int64, pdf []byte, by audit.Actor) (*Dues, error) {
	var d *Dues
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		cur, err := Get(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		f, err := files.Save(ctx, tx, cur.CompanyID, files.KindInvoice, fmt.Sprintf("%s发票-%s.pdf", cur.Label(), cur.CompanyName), pdf, by.ID)
		if err != nil {
			return err
		}
		if d, err = issueInvoice(ctx, tx, id, f.ID); err != nil {
			return err
		}
		if err := NotifyInvoice(ctx, tx, d.CompanyID, fmt.Sprintf("dues:%d:invoice", d.ID), d.Label()+"发票已开具",
			fmt.Sprintf("贵单位%s发票已开具，请登录会员管理系统，在“会员服务—会员缴费”中下载发票附件。", d.Label())); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "dues.invoice_issue", ObjectType: "dues", ObjectID: strconv.FormatInt(id, 10), Detail: f.ID})
	})
	return d, err
}

// returnedTitle is the title of the 退回 notice: the dues wording staff know, or the event's.
func returnedTitle(d *Dues) string {
	if d.IsEvent() {
		return d.Label() + "缴费凭证被退回"
	}
	return fmt.Sprintf("%d年度缴费凭证被退回", d.Year)
}
