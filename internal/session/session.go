// Package session keeps browser sessions in PostgreSQL, so any web process can serve any
// request. The cookie holds 256 random bits; the table holds only their SHA-256.
//
// A row is written only when there is something to keep (a login, a registration draft, a
// flash message): an anonymous visitor gets a Fresh session that lives in memory for one
// request, so bots and crawlers write nothing. Anonymous forms are protected by a signed
// double-submit token instead (csrf.go).
package session

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/uptrace/bun"
)

// Session is one browser's server-side state.
type Session struct {
	ID       string // raw cookie value; never stored
	hash     []byte
	UserID   int64
	CSRF     string
	Data     map[string]string
	LastSeen time.Time
	dirty    bool
	stored   bool // a row exists
}

// Stored reports whether the session has a row (it was saved or loaded).
func (s *Session) Stored() bool { return s.stored }

// Dirty reports whether the session holds changes not yet written.
func (s *Session) Dirty() bool { return s.dirty }

// Get returns a value stored in the session.
func (s *Session) Get(k string) string { return s.Data[k] }

// Set stores a value; it is written back at the end of the request.
func (s *Session) Set(k, v string) {
	if s.Data[k] == v {
		return
	}
	if v == "" {
		delete(s.Data, k)
	} else {
		s.Data[k] = v
	}
	s.dirty = true
}

// Pop returns a value and removes it (flash messages).
func (s *Session) Pop(k string) string {
	v := s.Data[k]
	if v != "" {
		s.Set(k, "")
	}
	return v
}

// DefaultMax is the absolute lifetime of a session when Store.Max is not set.
const DefaultMax = 12 * time.Hour

// Store reads and writes sessions.
type Store struct {
	DB   bun.IDB
	Idle time.Duration
	// Max ends a session this long after it was created (at login: Rotate creates it anew),
	// however active it is; zero means DefaultMax.
	Max time.Duration

	keyMu sync.Mutex
	key   []byte // the CSRF signing key, loaded once (csrf.go)
}

func (st *Store) max() time.Duration {
	if st.Max > 0 {
		return st.Max
	}
	return DefaultMax
}

func token() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashOf(id string) []byte {
	h := sha256.Sum256([]byte(id))
	return h[:]
}

type row struct {
	bun.BaseModel `bun:"table:sessions"`
	IDHash        []byte          `bun:"id_hash,pk"`
	UserID        sql.NullInt64   `bun:"user_id"`
	CSRFToken     string          `bun:"csrf_token"`
	Data          json.RawMessage `bun:"data,type:jsonb"`
	CreatedAt     time.Time       `bun:"created_at"`
	LastSeenAt    time.Time       `bun:"last_seen_at"`
	IP            string          `bun:"ip"`
	UserAgent     string          `bun:"user_agent"`
}

// Load finds a live session by its cookie value; it returns nil when missing or idle too long.
func (st *Store) Load(ctx context.Context, id string) (*Session, error) {
	h := Hash(id)
	if h == nil {
		return nil, nil
	}
	var r Row
	err := st.DB.QueryRowContext(ctx, "SELECT "+Columns+" FROM sessions s WHERE s.id_hash = ?", h).Scan(r.Dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return st.Restore(ctx, id, r), nil
}

// Fresh returns an anonymous session that has no row yet: Save writes it only once it holds
// something (Dirty). Its CSRF token is the caller's (the signed anonymous token).
func (st *Store) Fresh(csrf string) *Session {
	s := &Session{ID: token(), CSRF: csrf, Data: map[string]string{}, LastSeen: time.Now()}
	s.hash = hashOf(s.ID)
	return s
}

func (st *Store) insert(ctx context.Context, s *Session, ip, ua string) error {
	data, _ := json.Marshal(s.Data)
	if len(ua) > 300 {
		ua = ua[:300]
	}
	r := &row{IDHash: s.hash, CSRFToken: s.CSRF, Data: data, CreatedAt: time.Now(), LastSeenAt: time.Now(), IP: ip, UserAgent: ua}
	if s.UserID != 0 {
		r.UserID = sql.NullInt64{Int64: s.UserID, Valid: true}
	}
	_, err := st.DB.NewInsert().Model(r).Exec(ctx)
	if err == nil {
		s.stored, s.dirty = true, false
	}
	return err
}

// Save writes changed data back, and refreshes last-seen at most once a minute. A Fresh
// session is inserted once it holds something (it returns created true: set the cookie),
// never when it is empty.
func (st *Store) Save(ctx context.Context, s *Session, ip, ua string) (created bool, err error) {
	if !s.stored {
		if !s.dirty {
			return false, nil
		}
		if err := st.insert(ctx, s, ip, ua); err != nil {
			return false, err
		}
		return true, nil
	}
	if !s.dirty && time.Since(s.LastSeen) < time.Minute {
		return false, nil
	}
	data, _ := json.Marshal(s.Data)
	_, err = st.DB.NewUpdate().Model((*row)(nil)).
		Set("data = ?", string(data)).Set("last_seen_at = now()").
		Where("id_hash = ?", s.hash).Exec(ctx)
	s.dirty = false
	return false, err
}

// Rotate replaces the session with a fresh id and CSRF token bound to userID (login), so a
// session id planted before login is worthless after it.
func (st *Store) Rotate(ctx context.Context, s *Session, userID int64, ip, ua string) error {
	if err := st.Destroy(ctx, s); err != nil {
		return err
	}
	s.ID, s.CSRF, s.UserID = token(), token(), userID
	s.hash = hashOf(s.ID)
	delete(s.Data, "draft")
	s.dirty = false
	return st.insert(ctx, s, ip, ua)
}

// Destroy ends a session (logout); a session without a row has nothing to delete.
func (st *Store) Destroy(ctx context.Context, s *Session) error {
	if s == nil || !s.stored {
		return nil
	}
	_, err := st.DB.NewDelete().Model((*row)(nil)).Where("id_hash = ?", s.hash).Exec(ctx)
	s.stored = false
	return err
}

// EndOthers ends every session of userID except keep (after a password change).
func (st *Store) EndOthers(ctx context.Context, userID int64, keep *Session) (int, error) {
	q := st.DB.NewDelete().Model((*row)(nil)).Where("user_id = ?", userID)
	if keep != nil {
		q = q.Where("id_hash <> ?", keep.hash)
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// Purge deletes sessions idle longer than the timeout or older than the absolute lifetime.
func (st *Store) Purge(ctx context.Context) (int64, error) {
	now := time.Now()
	res, err := st.DB.NewDelete().Model((*row)(nil)).
		Where("last_seen_at < ? OR created_at < ?", now.Add(-st.Idle), now.Add(-st.max())).Exec(ctx)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
