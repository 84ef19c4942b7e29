package mail

import (
	"context"
	"strings"
	"testing"

	"cpca/internal/mail"
	"cpca/tests/smtpsink"
	"cpca/tests/testenv"
)

// An outbox email with an attachment (the e-ticket's QR code) reaches the server as a
// multipart message with the text still readable.
func TestAttachmentDelivered(t *testing.T) {
	d := smtpsink.Start(t)
	to := testenv.Name("ticket") + "@example.com"
	png := []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("x", 64))
	id, err := mail.Queue(context.Background(), env.DB, mail.Message{To: to, Subject: "电子票", Body: "签到码：E1-A1-XYZ", Kind: "event",
		Attachments: []mail.Attachment{{Name: "电子票-1.png", ContentType: "image/png", Data: png}}})
	if err != nil || id == 0 {
		t.Fatalf("queue: %d %v", id, err)
	}
	if err := mail.Deliver(context.Background(), env.DB, smtpSender(t, d), "noreply@cpca.test", id, true); err != nil {
		t.Fatal(err)
	}
	got := d.To(to)
	if len(got) != 1 {
		t.Fatalf("%d messages received, want 1", len(got))
	}
	if ct := got[0].Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/mixed") || !strings.Contains(got[0].Body, "签到码：E1-A1-XYZ") {
		t.Errorf("received Content-Type %q, body %q", ct, got[0].Body)
	}
}
