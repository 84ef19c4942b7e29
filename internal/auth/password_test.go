package auth

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// chinesePassphrase is 42 characters, 126 bytes in UTF-8: more than bcrypt reads.
const chinesePassphrase = "春眠不觉晓处处闻啼鸟夜来风雨声花落知多少床前明月光疑是地上霜举头望明月低头思故乡白日依山尽黄河入海"

func TestCheckRules(t *testing.T) {
	cases := []struct {
		pw, user string
		want     error
	}{
		{"short1", "", ErrTooShort},
		{"电路板七个字", "", ErrTooShort},
		{"Password1", "", ErrCommon},
		{"password1", "", ErrCommon},
		{"qwerty123", "", ErrCommon},
		{"QWERTY123", "", ErrCommon},
		{"iloveyou2", "", ErrCommon},
		{"woaini1314", "", ErrCommon},
		{"zhangsan2026", "zhangsan", ErrHasAccount},
		{"Huadian#2026", "zhangsan", nil},
		{"abcdefghij", "", ErrCommon}, // a run
		{"87654321", "", ErrCommon},
		{"aaaaaaaaaa", "", ErrCommon},
		{"correct horse battery staple", "", nil}, // no composition rule: letters only is fine
		{"电路板abc12345", "", nil},
		{chinesePassphrase, "zhangsan", nil},
		{strings.Repeat("印制电路", MaxLength/4), "", nil},
		{strings.Repeat("印制电路", MaxLength/4) + "板", "", ErrTooLong},
	}
	for _, c := range cases {
		if got := CheckRules(c.pw, c.user); got != c.want {
			t.Errorf("CheckRules(%q,%q) = %v, want %v", c.pw, c.user, got, c.want)
		}
	}
}

// The shipped list is a real one (≥ 10,000 entries the length rule lets through).
func TestCommonList(t *testing.T) {
	if n := CommonCount(); n < 10000 {
		t.Fatalf("common password list holds %d entries, want ≥ 10000", n)
	}
	for _, p := range []string{"password1", "qwerty123", "1qaz2wsx", "sunshine", "iloveyou", "baseball1", "woaini1314", "cpca2026"} {
		if !IsCommon(p) {
			t.Errorf("%q is not on the list", p)
		}
	}
}

func TestHashVerify(t *testing.T) {
	Cost = 4
	for _, pw := range []string{"Huadian#2026", chinesePassphrase, strings.Repeat("印制电路", MaxLength/4)} {
		h, err := Hash(pw)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, v2) || NeedsRehash(h) {
			t.Fatalf("hash %q is not of the current version", h)
		}
		if !Verify(h, pw) || Verify(h, pw+"x") || Verify("", pw) {
			t.Fatalf("verify wrong for %q", pw)
		}
	}
	// Every character counts: two passphrases sharing their first 72 bytes differ.
	h, _ := Hash(chinesePassphrase)
	if Verify(h, chinesePassphrase[:72]+"不一样") {
		t.Fatal("only a prefix of the passphrase is checked")
	}
	// Full-width and half-width digits from two input methods are one password (NFKC).
	h, _ = Hash("电路板２０２６年会员")
	if !Verify(h, "电路板2026年会员") {
		t.Fatal("full-width digits are not normalised")
	}
}

// A hash of the first version (bcrypt of the raw password) still verifies, and asks to be
// replaced.
func TestLegacyHash(t *testing.T) {
	Cost = 4
	old, err := bcrypt.GenerateFromPassword([]byte("Huadian#2026"), 4)
	if err != nil {
		t.Fatal(err)
	}
	if !Verify(string(old), "Huadian#2026") || Verify(string(old), "Huadian#2027") {
		t.Fatal("a first-version hash does not verify")
	}
	if !NeedsRehash(string(old)) {
		t.Fatal("a first-version hash is not upgraded")
	}
	// A longer input sharing the first 72 bytes of an old password does not pass.
	long := strings.Repeat("a", 72)
	old, _ = bcrypt.GenerateFromPassword([]byte(long), 4)
	if Verify(string(old), long+"extra") {
		t.Fatal("an input longer than 72 bytes matched a first-version hash")
	}
}
