package dues

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cpca/internal/notify"
	"cpca/internal/sms"

	"github.com/uptrace/bun"
)

// Schedule is when dues reminders go out: days relative to the yearly deadline.
type Schedule struct {
	DeadlineMonth time.Month
	DeadlineDay   int
	Points        []int // e.g. -30, -7, 7, 30
	BaseURL       string
}

// ParseSchedule reads "03-31" and "-30,-7,7,30".
func ParseSchedule(deadline, points string) (Schedule, error) {
	var s Schedule
	t, err := time.Parse("01-02", deadline)
	if err != nil {
		return s, fmt.Errorf("want MM-DD, such as 03-31")
	}
	s.DeadlineMonth, s.DeadlineDay = t.Month(), t.Day()
	for _, p := range strings.Split(points, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < -365 || n > 365 {
			return s, fmt.Errorf("want day offsets such as -30,-7,7,30")
		}
		s.Points = append(s.Points, n)
	}
	return s, nil
}

// Deadline is the dues deadline of a year, in Shanghai.
func (s Schedule) Deadline(year int, loc *time.Location) time.Time {
	return time.Date(year, s.DeadlineMonth, s.DeadlineDay, 0, 0, 0, 0, loc)
}

// window is how long after its day a missed reminder point still goes out.
const window = 7 * 24 * time.Hour

// SendReminders sends each due reminder point once per unpaid dues row of the current year,
// by email, SMS and site notice. Paid, pending (voucher awaiting confirmation) and waived rows
// are skipped. Two schedulers running at once send nothing twice: the reminder (dues, dues id,
// point) is claimed through notify.Claim in the same transaction as the messages.
func SendReminders(ctx context.Context, db *bun.DB, s Schedule, now time.Time, loc *time.Location) (int, error) {
	year := now.In(loc).Year()
	deadline := s.Deadline(year, loc)
	sent := 0
	for _, p := range s.Points {
		day := deadline.AddDate(0, 0, p)
		if now.Before(day) || now.After(day.Add(window)) {
			continue
		}
		type target struct {
			ID        int64  `bun:"id"`
			CompanyID int64  `bun:"company_id"`
			Company   string `bun:"company"`
			Amount    int64  `bun:"amount_fen"`
		}
		var ts []target
		slot := strconv.Itoa(p)
		err := db.NewRaw(`SELECT d.id, d.company_id, c.name AS company, d.amount_fen
			FROM dues d JOIN companies c ON c.id = d.company_id
			WHERE d.year = ? AND d.status IN ('unpaid', 'rejected') AND c.status = 'member'
			  AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.kind = ? AND r.target_id = d.id AND r.slot = ?)
			ORDER BY d.id LIMIT 5000`, year, notify.ReminderDues, slot).Scan(ctx, &ts)
		if err != nil {
			return sent, err
		}
		for _, t := range ts {
			err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				ok, err := notify.Claim(ctx, tx, notify.ReminderDues, t.ID, slot, now)
				if err != nil || !ok {
					return err
				}
				when := "截止日期为 " + deadline.Format("2006年1月2日")
				if p > 0 {
					when = "已超过截止日期（" + deadline.Format("2006年1月2日") + "）"
				}
				title := fmt.Sprintf("%d年度会费缴纳提醒", year)
				body := fmt.Sprintf("%s：贵单位%d年度会费 %s 元尚未缴纳，%s。请转账后登录会员管理系统，在“会员服务—会员缴费”中上传缴费凭证并填写开票信息：%s/dues",
					t.Company, year, Yuan(t.Amount), when, s.BaseURL)
				out, err := notify.Send(ctx, tx, notify.Note{Kind: notify.DuesReminder, CompanyID: t.CompanyID,
					Key: fmt.Sprintf("dues:%d:reminder:%d", t.ID, p), Title: title, Body: body,
					SMS: &notify.SMS{Template: sms.DuesReminder, Params: map[string]string{
						"company": t.Company, "year": strconv.Itoa(year), "when": when}}})
				if err != nil {
					return err
				}
				if err := notify.Outcome(ctx, tx, notify.ReminderDues, t.ID, slot, out.String()); err != nil {
					return err
				}
				sent++
				return nil
			})
			if err != nil {
				return sent, err
			}
		}
	}
	return sent, nil
}
