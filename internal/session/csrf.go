package session

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
)

// Anonymous forms (login, registration, language) carry a signed double-submit token: the
// browser holds a random nonce in a cookie, the form holds HMAC-SHA256(key, nonce). A forged
// request from another site can neither read the cookie nor compute the HMAC, and nothing is
// stored per visitor. The key lives in app_secrets so every web process accepts the tokens of
// the others; deleting its row (and restarting the web processes) rotates it.

const keyName = "csrf"

// NewNonce returns a value for the anonymous CSRF cookie (256 random bits).
func NewNonce() string { return token() }

// AnonCSRF returns the form token that belongs to the cookie nonce.
func (st *Store) AnonCSRF(ctx context.Context, nonce string) (string, error) {
	key, err := st.csrfKey(ctx)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("anon-csrf\x00" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)), nil
}

// CheckAnonCSRF reports whether tok is the token of nonce.
func (st *Store) CheckAnonCSRF(ctx context.Context, nonce, tok string) (bool, error) {
	if len(nonce) != 43 || tok == "" {
		return false, nil
	}
	want, err := st.AnonCSRF(ctx, nonce)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare([]byte(tok), []byte(want)) == 1, nil
}

// csrfKey loads the shared key, creating it when no process has yet; a failure is retried
// on the next call.
func (st *Store) csrfKey(ctx context.Context) ([]byte, error) {
	st.keyMu.Lock()
	defer st.keyMu.Unlock()
	if st.key != nil {
		return st.key, nil
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	// Two processes starting together: one insert wins, both read the winner's key.
	if _, err := st.DB.NewRaw(`INSERT INTO app_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`,
		keyName, fresh).Exec(ctx); err != nil {
		return nil, err
	}
	var key []byte
	if err := st.DB.NewRaw(`SELECT value FROM app_secrets WHERE name = ?`, keyName).Scan(ctx, &key); err != nil {
		return nil, err
	}
	st.key = key
	return key, nil
}
