package campaign

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"cpca/internal/errs"

	"github.com/uptrace/bun"
)

const unsubscribeKeyName = "unsubscribe"

// ErrBadToken is shown on /unsubscribe/:token for a link that was changed or made up.
var ErrBadToken = errs.New(errs.NotFound, "退订链接无效，请使用邮件中的完整链接。")

// Key loads (creating once) the key that signs unsubscribe links, shared by every process
// through app_secrets.
func Key(ctx context.Context, db bun.IDB) ([]byte, error) {
	var key []byte
	err := db.NewRaw(`SELECT value FROM app_secrets WHERE name = ?`, unsubscribeKeyName).Scan(ctx, &key)
	if err == nil {
		return key, nil
	}
	fresh := make([]byte, 32)
	_, _ = rand.Read(fresh)
	if _, err := db.NewRaw(`INSERT INTO app_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, unsubscribeKeyName, fresh).Exec(ctx); err != nil {
		return nil, err
	}
	err = db.NewRaw(`SELECT value FROM app_secrets WHERE name = ?`, unsubscribeKeyName).Scan(ctx, &key)
	return key, err
}

func mac(key []byte, address string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("unsubscribe:" + address))
	return h.Sum(nil)[:16]
}

// Token is the signed token of an address: the address itself (so no row is needed) and a
// MAC only the server can make, so nobody unsubscribes someone else by editing a link.
func Token(key []byte, address string) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(address)) + "." + enc.EncodeToString(mac(key, address))
}

// ParseToken returns the address of a valid token.
func ParseToken(key []byte, tok string) (string, error) {
	a, m, ok := strings.Cut(tok, ".")
	if !ok {
		return "", ErrBadToken
	}
	enc := base64.RawURLEncoding
	addr, err1 := enc.DecodeString(a)
	sig, err2 := enc.DecodeString(m)
	if err1 != nil || err2 != nil || !hmac.Equal(sig, mac(key, string(addr))) {
		return "", ErrBadToken
	}
	return string(addr), nil
}

// UnsubscribeURL is the link in the footer and in List-Unsubscribe.
func UnsubscribeURL(baseURL string, key []byte, address string) string {
	return strings.TrimRight(baseURL, "/") + "/unsubscribe/" + Token(key, address)
}

// Unsubscribe puts the address of tok on the suppression list (退订): no campaign mails it
// again. Transactional mail (a dues confirmation, an invoice) still goes out. It is
// idempotent and returns the address.
func Unsubscribe(ctx context.Context, db bun.IDB, tok string) (string, error) {
	key, err := Key(ctx, db)
	if err != nil {
		return "", err
	}
	addr, err := ParseToken(key, tok)
	if err != nil {
		return "", err
	}
	return addr, Suppress(ctx, db, addr, ReasonUnsubscribe, "收件人点击退订链接")
}
