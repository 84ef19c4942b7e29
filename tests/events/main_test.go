// Package events tests 展会活动 against the real database and router: registration and the
// waitlist, the last place taken at once, offer expiry by two schedulers, e-ticket codes and
// check-in, council-only events, bad input, object checks, the staff pages and the export.
package events

import (
	"context"
	"errors"
	"image"
	"testing"
	"time"

	"cpca/internal/audit"
	"cpca/internal/events"
	"cpca/tests/testenv"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "events", &env) }

var by = audit.Actor{Name: "test"}

func ctx() context.Context { return context.Background() }

func register(t *testing.T, ev *events.Event, companyID int64, n int) *events.Registration {
	t.Helper()
	r, err := events.Register(ctx(), env.DB, ev.ID, events.Member{CompanyID: companyID}, testenv.People(n), "", by, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func status(t *testing.T, id int64) string {
	t.Helper()
	var s string
	if err := env.DB.NewRaw(`SELECT status FROM event_registrations WHERE id = ?`, id).Scan(ctx(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func mustIs(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got %v, want %v", what, err, want)
	}
}

// scanQR decodes a QR code image the way a phone app would: gozxing's default pass, then the
// pure-barcode and try-harder passes (the default alone misreads some valid codes).
func scanQR(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	var last error
	for _, hints := range []map[gozxing.DecodeHintType]interface{}{nil,
		{gozxing.DecodeHintType_PURE_BARCODE: true}, {gozxing.DecodeHintType_TRY_HARDER: true}} {
		res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
		if err == nil {
			return res.GetText(), nil
		}
		last = err
	}
	return "", last
}
