package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"sync"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/text/unicode/norm"
)

// Cost is the bcrypt cost; tests lower it to keep the suite quick.
var Cost = 11

// v2 marks a hash of the pre-hashed password. bcrypt reads at most 72 bytes, which is 24
// Chinese characters in UTF-8: the password is first normalised (NFKC, so a full-width ５ and
// a half-width 5 from two input methods are one password, as NIST 800-63B §5.1.1.2 advises),
// then HMAC-SHA256'd and base64'd (44 ASCII bytes, no NUL), so every character counts.
// The HMAC key is no secret: it only keeps these hashes apart from plain SHA-256 values
// leaked elsewhere ("shucking"). Hashes without the marker are the first version: bcrypt of
// the raw password, still verified, and replaced at the next login (NeedsRehash).
const v2 = "$cpca2$"

var prehashKey = []byte("cpca password v2")

func prehash(password string) []byte {
	m := hmac.New(sha256.New, prehashKey)
	m.Write([]byte(norm.NFKC.String(password)))
	return []byte(base64.StdEncoding.EncodeToString(m.Sum(nil)))
}

// Hash returns the stored form of password: the v2 marker and the bcrypt of the pre-hash.
func Hash(password string) (string, error) {
	b, err := bcrypt.GenerateFromPassword(prehash(password), Cost)
	if err != nil {
		return "", err
	}
	return v2 + string(b), nil
}

// dummyHash makes a failed lookup cost as much as a wrong password (same bcrypt cost), so
// timing does not tell which usernames exist.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("not-a-real-password-0"), Cost)
	return h
})

// Verify reports whether password matches hash, of either version. An empty hash still
// spends the time, and so does a password too long to be anyone's.
func Verify(hash, password string) bool {
	if len(password) > 4*MaxLength {
		hash = ""
	}
	if b, ok := strings.CutPrefix(hash, v2); ok {
		return bcrypt.CompareHashAndPassword([]byte(b), prehash(password)) == nil
	}
	// A first-version password was at most 72 bytes; a longer input only shares its prefix.
	if hash == "" || len(password) > 72 {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), prehash(password))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// NeedsRehash reports whether a verified hash should be replaced: first version, or a bcrypt
// cost below the current one.
func NeedsRehash(hash string) bool {
	b, ok := strings.CutPrefix(hash, v2)
	if !ok {
		return true
	}
	c, err := bcrypt.Cost([]byte(b))
	return err != nil || c < Cost
}
