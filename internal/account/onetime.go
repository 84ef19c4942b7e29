package account

// One-time links: an invitation to a company account and a password reset are the same
// mechanism. The link carries 256 random bits; the table keeps only their SHA-256, so a
// leaked database copy opens no account. A link is used at most once (one UPDATE that both
// checks and spends it) and expires.

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"time"

	"cpca/internal/errs"

	"github.com/uptrace/bun"
)

// Purposes of a link, and how long each lives.
const (
	PurposeInvite = "invite"
	PurposeReset  = "reset"
	InviteTTL     = 72 * time.Hour
	ResetTTL      = 30 * time.Minute
)

// ErrLinkInvalid is a link that is unknown, used already or expired: one answer for all.
var ErrLinkInvalid = errs.New(errs.Invalid, "链接无效、已使用或已过期。")

func linkHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// newLink makes a link for userID, replacing the user's earlier unused links of the purpose
// (a second invitation or reset request makes the first link worthless).
func newLink(ctx context.Context, tx bun.IDB, purpose string, userID, by int64, now time.Time) (string, error) {
	ttl := InviteTTL
	if purpose == PurposeReset {
		ttl = ResetTTL
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	if _, err := tx.NewRaw(`DELETE FROM onetime_links WHERE user_id = ? AND purpose = ? AND used_at IS NULL`, userID, purpose).Exec(ctx); err != nil {
		return "", err
	}
	_, err := tx.NewRaw(`INSERT INTO onetime_links (purpose, user_id, token_hash, expires_at, created_by) VALUES (?, ?, ?, ?, NULLIF(?, 0))`,
		purpose, userID, linkHash(token), now.Add(ttl), by).Exec(ctx)
	return token, err
}

// dropLinks ends the user's unused links of every purpose (an account disabled).
func dropLinks(ctx context.Context, tx bun.IDB, userID int64) error {
	_, err := tx.NewRaw(`DELETE FROM onetime_links WHERE user_id = ? AND used_at IS NULL`, userID).Exec(ctx)
	return err
}

// PeekLink returns the user a live link of purpose belongs to, without spending it (the form
// behind the link is shown first).
func PeekLink(ctx context.Context, db bun.IDB, purpose, token string, now time.Time) (*User, error) {
	if token == "" || len(token) > 100 {
		return nil, ErrLinkInvalid
	}
	var id int64
	err := db.NewRaw(`SELECT user_id FROM onetime_links WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?`,
		linkHash(token), purpose, now).Scan(ctx, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrLinkInvalid
	}
	if err != nil {
		return nil, err
	}
	u, err := ByID(ctx, db, id)
	if err != nil || u.Disabled {
		return nil, ErrLinkInvalid
	}
	return u, nil
}

// useLink spends a live link in one statement: of two uses at once exactly one gets the user.
func useLink(ctx context.Context, tx bun.IDB, purpose, token string, now time.Time) (int64, error) {
	var id int64
	err := tx.NewRaw(`UPDATE onetime_links SET used_at = ? WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
		RETURNING user_id`, now, linkHash(token), purpose, now).Scan(ctx, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrLinkInvalid
	}
	return id, err
}
