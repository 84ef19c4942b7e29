// Package auth holds password rules and hashing, and login throttling.
package auth

import (
	"errors"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/crypto/bcrypt"
)

// Cost is the bcrypt cost; tests lower it to keep the suite quick.
var Cost = 11

// Password rule violations, worded for the form.
var (
	ErrTooShort   = errors.New("密码至少8位")
	ErrTooLong    = errors.New("密码最多64位")
	ErrTooSimple  = errors.New("密码须同时包含字母和数字")
	ErrCommon     = errors.New("密码过于常见，请换一个")
	ErrHasAccount = errors.New("密码不能包含用户名")
)

var common = map[string]bool{}

func init() {
	for _, p := range strings.Fields(`password password1 password123 12345678 123456789 1234567890 qwerty123 qwertyuiop
		abc12345 abcd1234 a1234567 aa123456 1qaz2wsx 1q2w3e4r 1q2w3e4r5t zaq12wsx passw0rd p@ssw0rd admin123 admin1234
		iloveyou1 woaini1314 woaini520 qq123456 asd12345 asdf1234 zxcv1234 zxcvbnm1 123qweasd qweasd123 abc123456
		11111111 00000000 88888888 66666666 12341234 87654321 123123123 a123456789 welcome1 letmein1 monkey123
		dragon123 cpca1234 cpca2026 huawei123 test1234 test12345 user1234 root1234 changeme1 sunshine1 football1`) {
		common[p] = true
	}
}

// CheckRules reports the first rule a new password breaks, or nil.
func CheckRules(password, username string) error {
	n := len([]rune(password))
	if n < 8 {
		return ErrTooShort
	}
	if n > 64 || len(password) > 72 {
		return ErrTooLong
	}
	var letter, digit bool
	for _, r := range password {
		switch {
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r):
			digit = true
		}
	}
	if !letter || !digit {
		return ErrTooSimple
	}
	if common[strings.ToLower(password)] {
		return ErrCommon
	}
	if u := strings.ToLower(strings.TrimSpace(username)); len(u) >= 3 && strings.Contains(strings.ToLower(password), u) {
		return ErrHasAccount
	}
	return nil
}

// Hash returns the bcrypt hash of password.
func Hash(password string) (string, error) {
	b, err := bcrypt.GenerateFromPassword([]byte(password), Cost)
	return string(b), err
}

// dummyHash makes a failed lookup cost as much as a wrong password (same bcrypt cost), so
// timing does not tell which usernames exist.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("not-a-real-password-0"), Cost)
	return h
})

// Verify reports whether password matches hash. An empty hash still spends the time.
func Verify(hash, password string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}
