package auth

import "testing"

func TestCheckRules(t *testing.T) {
	cases := []struct {
		pw, user string
		want     error
	}{
		{"short1", "", ErrTooShort},
		{"abcdefgh", "", ErrTooSimple},
		{"12345678", "", ErrTooSimple},
		{"Password1", "", ErrCommon},
		{"zhangsan2026", "zhangsan", ErrHasAccount},
		{"Huadian#2026", "zhangsan", nil},
		{"电路板abc12345", "", nil},
		{string(make([]byte, 80)) + "a1", "", ErrTooLong},
	}
	for _, c := range cases {
		if got := CheckRules(c.pw, c.user); got != c.want {
			t.Errorf("CheckRules(%q,%q) = %v, want %v", c.pw, c.user, got, c.want)
		}
	}
}

func TestHashVerify(t *testing.T) {
	Cost = 4
	h, err := Hash("Huadian#2026")
	if err != nil {
		t.Fatal(err)
	}
	if !Verify(h, "Huadian#2026") || Verify(h, "Huadian#2027") || Verify("", "x") {
		t.Fatal("verify wrong")
	}
}
