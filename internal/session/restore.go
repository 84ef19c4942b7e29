package session

import (
	"context"
	"encoding/json"
	"time"
)

// Columns is the select list, over the sessions table aliased s, that Restore reads: a caller
// that needs more of the same request (the logged-in principal) reads both in one statement.
const Columns = "s.id_hash, coalesce(s.user_id, 0), s.csrf_token, s.data, s.created_at, s.last_seen_at"

// Row is one session row as Columns reads it.
type Row struct {
	IDHash     []byte
	UserID     int64
	CSRF       string
	Data       []byte
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// Dest is what to scan Columns into, in order.
func (r *Row) Dest() []any {
	return []any{&r.IDHash, &r.UserID, &r.CSRF, &r.Data, &r.CreatedAt, &r.LastSeenAt}
}

// Hash is the key of the row for cookie id (its SHA-256); nil for a value that cannot be a
// session id, which then needs no lookup.
func Hash(id string) []byte {
	if len(id) != 43 {
		return nil
	}
	return hashOf(id)
}

// Restore is Load for a row read elsewhere: the Session, or nil when the row is idle too long
// or past the absolute lifetime (the row is deleted then).
func (st *Store) Restore(ctx context.Context, id string, r Row) *Session {
	if time.Since(r.LastSeenAt) > st.Idle || time.Since(r.CreatedAt) > st.max() {
		_, _ = st.DB.NewDelete().Model((*row)(nil)).Where("id_hash = ?", r.IDHash).Exec(ctx)
		return nil
	}
	s := &Session{ID: id, hash: r.IDHash, UserID: r.UserID, CSRF: r.CSRF, LastSeen: r.LastSeenAt, Data: map[string]string{}, stored: true}
	_ = json.Unmarshal(r.Data, &s.Data)
	return s
}
