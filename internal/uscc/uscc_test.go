package uscc

import "testing"

func TestValidate(t *testing.T) {
	cases := []struct {
		in   string
		want error
	}{
		{"91350100M000100Y43", nil},
		{"91350100m000100y43", nil},
		{"９１３５０１００Ｍ０００１００Ｙ４３", nil}, // full-width
		{" 91350100M000100Y43 ", nil},
		{"91350100M000100Y4Z", ErrCharacter}, // Z is not in the alphabet
		{"91350100M000100Y44", ErrCheck},
		{"91350100M000100Y4", ErrLength},
		{"91350100M000100Y433", ErrLength},
		{"", ErrLength},
		{"91350100I000100Y43", ErrCharacter},
		{"91350100O000100Y43", ErrCharacter},
		{"91350100S000100Y43", ErrCharacter},
		{"91350100V000100Y43", ErrCharacter},
		{"9135010中000100Y43", ErrLength},
	}
	for _, c := range cases {
		_, err := Validate(c.in)
		if err != c.want {
			t.Errorf("Validate(%q) = %v, want %v", c.in, err, c.want)
		}
	}
}

func TestCheckCharAgreesWithValidate(t *testing.T) {
	p := "91440300MA5F00000"
	code := p + string(CheckChar(p))
	if _, err := Validate(code); err != nil {
		t.Fatalf("%s: %v", code, err)
	}
}
