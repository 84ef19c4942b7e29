package events

// E-tickets: each confirmed attendee's check-in code is the event, the attendee and an HMAC of
// event, registration and attendee under a key kept in app_secrets (shared by every process,
// created by the first that needs it). A code cannot be guessed or made for another attendee;
// changing the attendees makes new ids and so voids the old tickets.

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/mail"
	"cpca/internal/notify"

	qrcode "github.com/skip2/go-qrcode"
	"github.com/uptrace/bun"
)

const ticketKeyName = "event_ticket"

// ticketKey loads the signing key, creating it when no process has yet (pages only read it).
func ticketKey(ctx context.Context, db bun.IDB) ([]byte, error) {
	var key []byte
	err := db.NewRaw(`SELECT value FROM app_secrets WHERE name = ?`, ticketKeyName).Scan(ctx, &key)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	if _, err := db.NewRaw(`INSERT INTO app_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, ticketKeyName, fresh).Exec(ctx); err != nil {
		return nil, err
	}
	err = db.NewRaw(`SELECT value FROM app_secrets WHERE name = ?`, ticketKeyName).Scan(ctx, &key)
	return key, err
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

func sign(key []byte, eventID, registrationID, attendeeID int64) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "event-ticket\x00%d\x00%d\x00%d", eventID, registrationID, attendeeID)
	return b32.EncodeToString(m.Sum(nil)[:10])
}

// code is the check-in code of an attendee: E<event>-A<attendee>-<signature>.
func code(key []byte, eventID, registrationID, attendeeID int64) string {
	return fmt.Sprintf("E%d-A%d-%s", eventID, attendeeID, sign(key, eventID, registrationID, attendeeID))
}

// parseCode reads a typed or scanned code (case and spaces forgiven).
func parseCode(s string) (eventID, attendeeID int64, sig string, ok bool) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	parts := strings.Split(s, "-")
	if len(parts) != 3 || !strings.HasPrefix(parts[0], "E") || !strings.HasPrefix(parts[1], "A") {
		return 0, 0, "", false
	}
	e, err1 := strconv.ParseInt(parts[0][1:], 10, 64)
	a, err2 := strconv.ParseInt(parts[1][1:], 10, 64)
	if err1 != nil || err2 != nil || e <= 0 || a <= 0 {
		return 0, 0, "", false
	}
	return e, a, parts[2], true
}

// Codes fills the check-in codes of a confirmed registration's attendees (no codes otherwise).
func Codes(ctx context.Context, db bun.IDB, r *Registration) error {
	if r == nil || r.Status != Confirmed {
		return nil
	}
	key, err := ticketKey(ctx, db)
	if err != nil {
		return err
	}
	for i := range r.Attendees {
		r.Attendees[i].Code = code(key, r.EventID, r.ID, r.Attendees[i].ID)
	}
	return nil
}

// QR is the PNG of a check-in code.
func QR(code string) ([]byte, error) { return qrcode.Encode(code, qrcode.Medium, 320) }

// sendTickets mails the e-tickets of a confirmed registration (one QR PNG per attendee) and
// leaves a site notice; the key carries the newest attendee id, so changed attendees get new
// tickets and a repeated call sends nothing twice.
func sendTickets(ctx context.Context, tx bun.IDB, e *Event, r *Registration, lead string) error {
	if err := Codes(ctx, tx, r); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "贵单位报名的“%s”%s\n\n时间：%s\n地点：%s\n\n", e.Name, lead, e.Dates(), e.Venue)
	var atts []mail.Attachment
	var newest int64
	for i, a := range r.Attendees {
		fmt.Fprintf(&b, "%d. %s %s  签到码：%s\n", i+1, a.Name, a.Title, a.Code)
		png, err := QR(a.Code)
		if err != nil {
			return err
		}
		atts = append(atts, mail.Attachment{Name: fmt.Sprintf("电子票-%d-%s.png", i+1, a.Name), ContentType: "image/png", Data: png})
		newest = max(newest, a.ID)
	}
	b.WriteString("\n签到时请出示二维码或报出签到码。也可登录会员管理系统，在“会员服务—展会活动”中查看电子票。")
	if err := feeLine(ctx, tx, &b, r); err != nil {
		return err
	}
	return tell(ctx, tx, e, r, "tickets:"+strconv.FormatInt(newest, 10), "活动报名已确认（电子票）", b.String(), &notify.Note{Attachments: atts})
}

// CheckIn is what the check-in page finds for a code.
type CheckIn struct {
	Attendee    Attendee
	CompanyName string
	// Already is set when the attendee had checked in before (a second scan): At is then the
	// first check-in.
	Already bool
	At      time.Time
}

// Scan is 签到: the code is verified (signature, event, a confirmed registration) and the
// attendee checked in; a second scan of the same code is reported, not counted again.
func Scan(ctx context.Context, db bun.IDB, eventID int64, typed string, by audit.Actor, now time.Time) (*CheckIn, error) {
	ev, aid, sig, ok := parseCode(typed)
	if !ok {
		return nil, ErrBadCode
	}
	if ev != eventID {
		return nil, ErrOtherEvent
	}
	var out *CheckIn
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var row struct {
			Attendee
			RegStatus   string `bun:"reg_status"`
			CompanyName string `bun:"company_name"`
		}
		err := tx.NewRaw(`SELECT a.*, r.status AS reg_status, c.name AS company_name FROM event_attendees a
			JOIN event_registrations r ON r.id = a.registration_id JOIN companies c ON c.id = r.company_id
			WHERE a.id = ? AND r.event_id = ? FOR UPDATE OF a`, aid, eventID).Scan(ctx, &row)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrBadCode
		}
		if err != nil {
			return err
		}
		key, err := ticketKey(ctx, tx)
		if err != nil {
			return err
		}
		if !hmac.Equal([]byte(sig), []byte(sign(key, eventID, row.RegistrationID, aid))) || row.RegStatus != Confirmed {
			return ErrBadCode
		}
		out = &CheckIn{Attendee: row.Attendee, CompanyName: row.CompanyName}
		if row.CheckedInAt != nil {
			out.Already, out.At = true, *row.CheckedInAt
			return by.Record(ctx, tx, audit.Entry{Action: "event.checkin_again", ObjectType: "event_attendee", ObjectID: regID(aid)})
		}
		if _, err := tx.NewRaw(`UPDATE event_attendees SET checked_in_at = ?, checked_in_by = ? WHERE id = ?`, now, by.ID, aid).Exec(ctx); err != nil {
			return err
		}
		out.At = now
		return by.Record(ctx, tx, audit.Entry{Action: "event.checkin", ObjectType: "event_attendee", ObjectID: regID(aid)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Local formats a time for the check-in page.
func Local(t time.Time) string { return t.In(calendar.Zone).Format("2006-01-02 15:04") }

// CheckedIn counts the attendees of an event checked in.
func CheckedIn(ctx context.Context, db bun.IDB, eventID int64) (int, error) {
	var n int
	err := db.NewRaw(`SELECT count(*) FROM event_attendees a JOIN event_registrations r ON r.id = a.registration_id
		WHERE r.event_id = ? AND a.checked_in_at IS NOT NULL`, eventID).Scan(ctx, &n)
	return n, err
}
