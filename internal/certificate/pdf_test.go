package certificate

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRenderHasChineseTextAndNumber(t *testing.T) {
	font, err := LoadFont(DefaultFont)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := Render(font, Content{Association: "中国电子电路行业协会", CompanyName: "深圳华电电路有限公司", LevelLabel: "理事单位",
		Number: "CPCA-2027-000123", Year: 2027, IssuedOn: time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC), VerifyURL: "http://x/verify/abc"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "c.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	for _, want := range []string{"深圳华电电路有限公司", "CPCA-2027-000123", "理事单位", "会"} {
		if !strings.Contains(text, want) {
			t.Errorf("certificate text lacks %q:\n%s", want, text)
		}
	}
	if dst := os.Getenv("CPCA_CERT_OUT"); dst != "" {
		_ = os.WriteFile(dst, pdf, 0o600)
	}
}
