// Package uscc validates the 统一社会信用代码 (unified social credit code) of GB 32100-2015.
package uscc

import (
	"errors"
	"strings"
	"unicode"
)

const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var weights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// Errors returned by Validate, each with its own message for the form.
var (
	ErrLength    = errors.New("统一社会信用代码应为18位")
	ErrCharacter = errors.New("统一社会信用代码含有无效字符（不使用 I、O、S、V、Z）")
	ErrCheck     = errors.New("统一社会信用代码校验位不正确，请核对")
)

// Normalize trims spaces, turns full-width characters into half-width ones and upper-cases.
func Normalize(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		if r == 0x3000 || unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// Validate normalises s and checks length, alphabet and check digit. It returns the normalised code.
func Validate(s string) (string, error) {
	code := Normalize(s)
	if len([]rune(code)) != 18 {
		return code, ErrLength
	}
	sum := 0
	for i := 0; i < 18; i++ {
		v := strings.IndexByte(alphabet, code[i])
		if v < 0 {
			return code, ErrCharacter
		}
		if i < 17 {
			sum += v * weights[i]
		}
	}
	check := (31 - sum%31) % 31
	if alphabet[check] != code[17] {
		return code, ErrCheck
	}
	return code, nil
}

// CheckChar computes the 18th character for a 17-character prefix (used to make demo data).
func CheckChar(prefix string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(alphabet, prefix[i]) * weights[i]
	}
	return alphabet[(31-sum%31)%31]
}
