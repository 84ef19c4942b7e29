// Package session keeps browser sessions in PostgreSQL, so any web process can serve any
// request. The cookie holds 256 random bits; the table holds only their SHA-256.
package session

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
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
}

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

// Store reads and writes sessions.
type Store struct {
	DB   bun.IDB
	Idle time.Duration
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
	if len(id) != 43 {
		return nil, nil
	}
	var r row
	err := st.DB.NewSelect().Model(&r).Where("id_hash = ?", hashOf(id)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if time.Since(r.LastSeenAt) > st.Idle {
		_, _ = st.DB.NewDelete().Model((*row)(nil)).Where("id_hash = ?", r.IDHash).Exec(ctx)
		return nil, nil
	}
	s := &Session{ID: id, hash: r.IDHash, UserID: r.UserID.Int64, CSRF: r.CSRFToken, LastSeen: r.LastSeenAt, Data: map[string]string{}}
	_ = json.Unmarshal(r.Data, &s.Data)
	return s, nil
}

// New creates an anonymous session.
func (st *Store) New(ctx context.Context, ip, ua string) (*Session, error) {
	s := &Session{ID: token(), CSRF: token(), Data: map[string]string{}, LastSeen: time.Now()}
	s.hash = hashOf(s.ID)
	return s, st.insert(ctx, s, ip, ua)
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
	return err
}

// Save writes changed data back, and refreshes last-seen at most once a minute.
func (st *Store) Save(ctx context.Context, s *Session) error {
	if !s.dirty && time.Since(s.LastSeen) < time.Minute {
		return nil
	}
	data, _ := json.Marshal(s.Data)
	_, err := st.DB.NewUpdate().Model((*row)(nil)).
		Set("data = ?", string(data)).Set("last_seen_at = now()").
		Where("id_hash = ?", s.hash).Exec(ctx)
	s.dirty = false
	return err
}

// Rotate replaces the session with a fresh id and CSRF token bound to userID (login), so a
// session id planted before login is worthless after it.
func (st *Store) Rotate(ctx context.Context, s *Session, userID int64, ip, ua string) error {
	if _, err := st.DB.NewDelete().Model((*row)(nil)).Where("id_hash = ?", s.hash).Exec(ctx); err != nil {
		return err
	}
	s.ID, s.CSRF, s.UserID = token(), token(), userID
	s.hash = hashOf(s.ID)
	delete(s.Data, "draft")
	s.dirty = false
	return st.insert(ctx, s, ip, ua)
}

// Destroy ends a session (logout).
func (st *Store) Destroy(ctx context.Context, s *Session) error {
	_, err := st.DB.NewDelete().Model((*row)(nil)).Where("id_hash = ?", s.hash).Exec(ctx)
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

// Purge deletes sessions idle longer than the timeout.
func (st *Store) Purge(ctx context.Context) (int64, error) {
	res, err := st.DB.NewDelete().Model((*row)(nil)).Where("last_seen_at < ?", time.Now().Add(-st.Idle)).Exec(ctx)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
