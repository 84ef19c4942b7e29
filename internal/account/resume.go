package account

import (
	"context"
	"database/sql"
	"errors"

	"cpca/internal/session"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// resumeSQL reads a session and its user's principal in one round trip. It is sent with $1
// through pgx (not with the value written into the text, as bun's builder does), so every
// request runs the same prepared statement: planned once per connection, kept in the
// driver's statement cache.
const resumeSQL = "SELECT " + session.Columns + ", " + principalColumns + `
	FROM sessions s LEFT JOIN users u ON u.id = s.user_id LEFT JOIN companies c ON c.id = u.company_id
	WHERE s.id_hash = $1`

// Resume finds the browser's live session for the cookie value and who is logged in with
// it: nil and Anonymous without one. A session whose user was removed or disabled comes back
// with the anonymous principal and UserID still set, for the caller to end it.
func Resume(ctx context.Context, db *bun.DB, st *session.Store, cookie string) (*session.Session, Principal, error) {
	h := session.Hash(cookie)
	if h == nil {
		return nil, Anonymous, nil
	}
	var sr session.Row
	var pr principalRow
	err := db.DB.QueryRowContext(ctx, resumeSQL, store.Prepared, h).Scan(append(sr.Dest(), pr.dest()...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, Anonymous, nil
	}
	if err != nil {
		return nil, Anonymous, err
	}
	sess := st.Restore(ctx, cookie, sr)
	if sess == nil || sess.UserID == 0 {
		return sess, Anonymous, nil
	}
	return sess, pr.principal(), nil
}
