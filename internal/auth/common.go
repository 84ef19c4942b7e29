package auth

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"
)

// commonGz is the 47,023 passwords of zxcvbn's ranked list (github.com/trustelem/zxcvbn
// v1.0.1, data/passwords.txt, MIT licence, from the Xato 10-million-password corpus), one a
// line, most frequent first. See COMMON_PASSWORDS.md.
//
//go:embed common_passwords.txt.gz
var commonGz []byte

// commonCN (several a line, # starts a comment line) adds what that English-leaning list lacks: pinyin, keyboard walks and dates that
// Chinese users pick, and words of this site (cpca).
//
//go:embed common_cn.txt
var commonCN string

// commonSet holds the lower-cased entries at least MinLength characters long: a shorter one
// is refused by the length rule already, so it needs no memory here (15,769 + the Chinese list).
var commonSet = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 16384)
	add := func(p string) {
		if p = strings.ToLower(strings.TrimSpace(p)); utf8.RuneCountInString(p) >= MinLength {
			set[p] = struct{}{}
		}
	}
	zr, err := gzip.NewReader(bytes.NewReader(commonGz))
	if err != nil {
		panic("auth: common password list: " + err.Error())
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		add(sc.Text())
	}
	if err := sc.Err(); err != nil {
		panic("auth: common password list: " + err.Error())
	}
	for _, line := range strings.Split(commonCN, "\n") {
		if !strings.HasPrefix(line, "#") {
			for _, p := range strings.Fields(line) {
				add(p)
			}
		}
	}
	return set
})

// CommonCount is how many entries the check holds (for tests and the README).
func CommonCount() int { return len(commonSet()) }

// IsCommon reports whether password is on the list, ignoring case, or is a run that no list
// needs to hold (one repeated character, or a sequence such as abcdefghij or 87654321).
func IsCommon(password string) bool {
	p := strings.ToLower(password)
	if _, ok := commonSet()[p]; ok {
		return true
	}
	return isRun(p)
}

// isRun reports whether every character repeats the one before it, or every one steps by the
// same +1 or -1 from the one before it.
func isRun(p string) bool {
	rs := []rune(p)
	if len(rs) < 2 {
		return true
	}
	step := rs[1] - rs[0]
	if step < -1 || step > 1 {
		return false
	}
	for i := 2; i < len(rs); i++ {
		if rs[i]-rs[i-1] != step {
			return false
		}
	}
	return true
}
