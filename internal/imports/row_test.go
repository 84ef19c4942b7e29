package imports

import (
	"strings"
	"testing"
)

// Each field's rule, as Parse applies it to one cell.
func TestNormal(t *testing.T) {
	for _, tc := range []struct {
		key, in, want, err string
	}{
		{"uscc", " 91350100m000100y43 ", "91350100M000100Y43", ""},
		{"uscc", "９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43", ""},
		{"uscc", "91350100M000100Y44", "", "校验位"},
		{"uscc", "91350100M000100Y4Z", "", "无效字符"},
		{"uscc", "91350100M000100Y4", "", "18位"},
		{"level", "理事单位", "council", ""},
		{"level", "会员", "member", ""},
		{"level", "金牌会员", "", "应为"},
		{"joined_on", "2019/5/20", "2019-05-20", ""},
		{"joined_on", "2019年5月20日", "2019-05-20", ""},
		{"joined_on", "20190520", "2019-05-20", ""},
		{"joined_on", "43605", "2019-05-20", ""}, // an Excel date cell's raw value
		{"joined_on", "2019-13-01", "", "日期"},
		{"reg_capital", "1,200.50", "1200.5", ""},
		{"reg_capital", "5000万元", "5000", ""},
		{"reg_capital", "-1", "", "数字"},
		{"export_ratio", "101", "", "0-100"},
		{"employees", "12.5", "", "整数"},
		{"primary_mobile", "+86 138-0013-8000", "13800138000", ""},
		{"primary_mobile", "1380013800", "", "11位"},
		{"primary_email", "Li@Example.CN", "li@example.cn", ""},
		{"primary_email", "li@", "", "邮箱"},
		{"postcode", "51810", "", "6位"},
		{"province", "广东", "", "全称"},
		{"category", "PCB制造", "PCB制造", ""},
		{"nature", "私企", "", "之一"},
		{"member_no", "cpca-01", "CPCA-01", ""},
	} {
		got, err := normal(tc.key, tc.in)
		if tc.err == "" && (err != "" || got != tc.want) {
			t.Errorf("%s %q: got %q, %q; want %q", tc.key, tc.in, got, err, tc.want)
		}
		if tc.err != "" && !strings.Contains(err, tc.err) {
			t.Errorf("%s %q: error %q, want one about %q", tc.key, tc.in, err, tc.err)
		}
	}
}

// The quote the member export puts before a formula-like text is taken off again.
func TestCellUnquotesExport(t *testing.T) {
	if cell("'=SUM(A1)") != "=SUM(A1)" || cell("'abc") != "'abc" || cell(" x ") != "x" {
		t.Error("cell does not undo sheet.Text")
	}
}

// Headers match by label or alias, with required markers, spaces and full-width brackets
// ignored; the first column of a field wins; required fields left out are named.
func TestAutoMap(t *testing.T) {
	m := AutoMap([]string{"单位名称", " 统一社会信用代码* ", "注册资本（万元）", "单位名称", "备注"})
	if m["name"] != 0 || m["uscc"] != 1 || m["reg_capital"] != 2 || len(m) != 3 {
		t.Errorf("mapping %v", m)
	}
	if got := strings.Join(m.Missing(), ","); got != "入会日期,主要联系人姓名,主要联系人手机" {
		t.Errorf("missing %q", got)
	}
}

// Files are told apart by content: xlsx, CSV in UTF-8 or GBK, and what is neither.
func TestSniff(t *testing.T) {
	gbk := []byte{0xc6, 0xf3, 0xd2, 0xb5, 0xc3, 0xfb, 0xb3, 0xc6, ',', 'x', '\n'} // 企业名称,x in GBK
	for _, tc := range []struct {
		name string
		data []byte
		want string
		err  error
	}{
		{"utf8", []byte("企业名称,统一社会信用代码\n甲,1\n"), FormatCSV, nil},
		{"bom", []byte("\xEF\xBB\xBF企业名称;代码\n"), FormatCSV, nil},
		{"gbk", gbk, FormatCSV, nil},
		{"pdf", []byte("%PDF-1.7\n\x00\x01"), "", ErrNotSheet},
		{"xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0, 0}, "", ErrXLS},
		{"zip", []byte("PK\x03\x04garbage"), "", ErrNotSheet},
		{"text", []byte("hello world\n"), "", ErrNotSheet},
		{"empty", nil, "", ErrNoFile},
	} {
		got, err := Sniff(tc.data)
		if got != tc.want || err != tc.err {
			t.Errorf("%s: %q %v, want %q %v", tc.name, got, err, tc.want, tc.err)
		}
	}
	h, err := Headers(gbk, FormatCSV)
	if err != nil || h[0] != "企业名称" {
		t.Errorf("GBK header %q %v", h, err)
	}
}
