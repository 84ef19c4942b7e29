package sheet

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A formula-like text is quoted; anything else is kept.
func TestText(t *testing.T) {
	for in, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "+86": "'+86", "-1": "'-1", "@x": "'@x",
		"\tx": "'\tx", "": "", "abc": "abc", "0123": "0123"} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

// The file opens with the header, text cells kept as typed (leading zeros, quotes), money
// in yuan with two decimals and rates as percentages, under the sheet's name.
func TestWriter(t *testing.T) {
	w, err := New("名单", []string{"编号", "金额", "比例"}, Width{From: 1, To: 1, Chars: 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add("0012", "=1+1", "x"); err != nil {
		t.Fatal(err)
	}
	if err := w.AddRow(w.Cell("0013"), w.Money(123456), w.Percent(0.125)); err != nil {
		t.Fatal(err)
	}
	b, err := w.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("名单")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"编号", "金额", "比例"}, {"0012", "'=1+1", "x"}, {"0013", "1234.56", "12.5%"}}
	if len(rows) != len(want) {
		t.Fatalf("rows %q, want %q", rows, want)
	}
	for i := range want {
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("cell %d,%d = %q, want %q", i, j, rows[i][j], want[i][j])
			}
		}
	}
	if wd, _ := x.GetColWidth("名单", "A"); wd != 20 {
		t.Errorf("column A is %v wide, want 20", wd)
	}
}
