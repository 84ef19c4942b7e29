package files

import (
	"bytes"
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string
		err  error
	}{
		{"pdf", []byte("%PDF-1.7\n..."), "application/pdf", nil},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0}, "image/jpeg", nil},
		{"png", []byte("\x89PNG\r\n\x1a\nxxxx"), "image/png", nil},
		{"exe renamed .pdf", []byte("MZ\x90\x00\x03\x00\x00\x00"), "", ErrType},
		{"html", []byte("<html><script>"), "", ErrType},
		{"empty", nil, "", ErrEmpty},
		{"too large", append([]byte("%PDF-"), bytes.Repeat([]byte{0}, MaxUpload)...), "", ErrTooLarge},
	}
	for _, c := range cases {
		got, err := Sniff(c.data)
		if got != c.want || err != c.err {
			t.Errorf("%s: got %q %v", c.name, got, err)
		}
	}
}

func TestCleanNameAndDisposition(t *testing.T) {
	if n := CleanName(`..\..\etc/转账凭证.exe`, "application/pdf"); n != "转账凭证.pdf" {
		t.Errorf("CleanName = %q", n)
	}
	d := Disposition("2027年会费发票.pdf")
	if !strings.HasPrefix(d, "attachment;") || !strings.Contains(d, "filename*=UTF-8''2027%E5%B9%B4") {
		t.Errorf("Disposition = %q", d)
	}
}
