// Package auth holds password rules and hashing, and login throttling.
package auth

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// Length bounds of a new password, in characters (not bytes: a Chinese character is one).
// 256 is far above any passphrase a person types and keeps hashing input small.
const (
	MinLength = 8
	MaxLength = 256
)

// Hint is the rule as the password fields show it (registration, 密码修改, admin create).
const Hint = "至少8个字符，可用中文或空格组成的长句；不能是常见密码，不能包含用户名"

// Password rule violations, worded for the form. The rule is the one of OWASP ASVS 5 (V6.2)
// and NIST SP 800-63B §3.1.1: a length floor, a list of common passwords, no context words
// (the username); no composition rule, because "letters and digits" pushes people to
// Password1, which any guesser tries first.
var (
	ErrTooShort   = errors.New("密码至少8位")
	ErrTooLong    = errors.New("密码最多256个字符")
	ErrCommon     = errors.New("密码过于常见，容易被猜中，请换一个")
	ErrHasAccount = errors.New("密码不能包含用户名")
)

// CheckRules reports the first rule a new password breaks, or nil.
func CheckRules(password, username string) error {
	n := utf8.RuneCountInString(password)
	if n < MinLength {
		return ErrTooShort
	}
	if n > MaxLength {
		return ErrTooLong
	}
	if IsCommon(password) {
		return ErrCommon
	}
	if u := strings.ToLower(strings.TrimSpace(username)); utf8.RuneCountInString(u) >= 3 && strings.Contains(strings.ToLower(password), u) {
		return ErrHasAccount
	}
	return nil
}
