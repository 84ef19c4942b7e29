package imports

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cpca/internal/account"
	"cpca/internal/company"
	"cpca/internal/imports"
	"cpca/tests/testenv"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The template from the page imports as it is: its two example rows become two member
// companies with their people and a main account without a password; with 发送邀请邮件
// each gets its invitation, and every change is audited with the import's id.
func TestTemplateImportCreatesMembersWithInvitations(t *testing.T) {
	ctx := context.Background()
	c := staff(t)
	if r := c.Get("/admin/members"); r.Doc.Find(`a#members-import[href="/admin/members/import"]`).Length() != 1 {
		t.Fatal("会员管理 has no 导入会员 button")
	}
	r := c.Get("/admin/members/import/template")
	if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("template: %d %q", r.Status, r.Header.Get("Content-Disposition"))
	}
	tpl, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := tpl.GetRows("会员导入")
	if len(rows) != 3 || rows[0][0] != "企业名称*" || rows[0][1] != "统一社会信用代码*" {
		t.Fatalf("template rows: %v", rows)
	}
	if st, _ := tpl.GetCellStyle("会员导入", "B2"); st == 0 {
		t.Error("the credit code column is not a text cell")
	}
	// the examples are the fixed ones; make them unique for this test
	code1, code2 := testenv.ImportCode("440399", 1), testenv.ImportCode("440399", 2)
	rows[1][1], rows[2][1] = code1, code2
	rows[1][3] = "CPCA-TPL-" + code1[10:]
	data := testenv.XLSX(t, rows)

	id := upload(t, c, "模板.xlsx", data)
	page := c.Get("/admin/members/import/" + strconv.FormatInt(id, 10))
	if v, _ := page.Doc.Find(`select[name="map_uscc"] option[selected]`).Attr("value"); v != "1" {
		t.Errorf("统一社会信用代码 is not mapped to column 2 automatically: %q", v)
	}
	dry := dryRun(t, c, id, imports.ModeCreate)
	if dry.Created != 2 || dry.Errors != 0 || dry.Total != 2 {
		t.Fatalf("dry run: %+v", dry.Counts)
	}
	var n int
	n, _ = env.DB.NewSelect().Table("companies").Where("uscc IN (?, ?)", code1, code2).Count(ctx)
	if n != 0 {
		t.Fatal("the dry run wrote companies")
	}
	page = c.Get("/admin/members/import/" + strconv.FormatInt(id, 10))
	if page.Doc.Find("#import-start").Length() != 1 || !strings.Contains(page.Text("#import-counts"), "2") {
		t.Fatalf("the dry run page has no start button or counts: %s", page.Text("#import-progress"))
	}
	done := start(t, c, id, true)
	if done.Created != 2 || done.Invited != 2 {
		t.Fatalf("import: %+v", done.Counts)
	}
	co := new(company.Company)
	if err := env.DB.NewSelect().Model(co).Where("uscc = ?", code1).Relation("People").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if co.Status != company.StatusMember || co.Level != company.LevelMember || !co.JoinedOn.Valid || co.MemberNo.String != rows[1][3] || len(co.People) != 2 {
		t.Errorf("imported company: status %s level %s joined %v no %q people %d", co.Status, co.Level, co.JoinedOn, co.MemberNo.String, len(co.People))
	}
	u, err := account.ByUsername(ctx, env.DB, code1)
	if err != nil || u.PasswordHash != "" || !u.IsMain || u.CompanyID != co.ID || u.Email != "wang@example.cn" {
		t.Fatalf("imported account: %+v %v", u, err)
	}
	if n, _ := env.DB.NewSelect().Table("emails").Where("to_addr = ? AND kind = 'invite'", "wang@example.cn").Count(ctx); n != 1 {
		t.Errorf("%d invitation emails for the first company", n)
	}
	if n := auditCount(t, id); n != 2 {
		t.Errorf("%d audit entries with the import's id, want 2", n)
	}
	// the account cannot log in before the invitation is accepted
	m := env.NewClient(t)
	m.Get("/login")
	if r := m.Post("/login", url.Values{"username": {code1}, "password": {""}}); r.Status == http.StatusSeeOther && !strings.Contains(r.Location(), "login") {
		t.Error("an imported account logged in without a password")
	}
	// the invitation link sets the password; then the contact logs in and sees the company
	var body string
	if err := env.DB.NewRaw(`SELECT body FROM emails WHERE to_addr = ? AND kind = 'invite' ORDER BY id DESC LIMIT 1`, "wang@example.cn").Scan(ctx, &body); err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`/invite/[A-Za-z0-9_-]+`).FindString(body)
	inv := env.NewClient(t)
	inv.IP = "10.7.0.1"
	if p := inv.Get(link); p.Status != http.StatusOK || p.Text("#link-username") != code1 {
		t.Fatalf("invitation page %q: %d %q", link, p.Status, p.Text("#link-username"))
	}
	const pw = "导入会员的新密码 2026 ok"
	if r := inv.Post(link, url.Values{"password": {pw}, "confirm": {pw}}); r.Status != http.StatusSeeOther {
		t.Fatalf("set password: %d", r.Status)
	}
	in := env.NewClient(t)
	in.IP = "10.7.0.2"
	in.Login(code1, pw)
	if p := in.Get("/company"); p.Status != http.StatusOK || p.Text("#key-name") != rows[1][0] {
		t.Errorf("the imported member does not see its company: %d %q", p.Status, p.Text("#key-name"))
	}
	// the result file says 新建 for both rows
	res := resultRows(t, done.ResultFileID.String)
	if res[2][0] != code1 || res[2][2] != imports.ResultCreated || res[3][2] != imports.ResultCreated {
		t.Errorf("result file: %v", res)
	}
}

// A file that is not a spreadsheet is refused next to the field, by its content whatever
// its name; nothing is stored.
func TestNotASpreadsheetRefused(t *testing.T) {
	c := staff(t)
	var before int
	before, _ = env.DB.NewSelect().Table("import_jobs").Count(context.Background())
	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"会员.xlsx", "不是 Excel", []byte("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\x00\x01\x02")},
		{"会员.csv", "不是 Excel", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")},
		{"会员.xls", ".xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}},
		{"会员.xlsx", "不是 Excel", testenv.ZipWith(t, "word/document.xml")},
		{"会员.csv", "不是 Excel", []byte("just one line without separators")},
		{"空.csv", "表格为空", []byte("\n\n")},
	} {
		r := c.PostMultipart("/admin/members/import", nil, map[string][]byte{"file": tc.data}, map[string]string{"file": tc.name})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.FieldError("file"), tc.want) {
			t.Errorf("%s: status %d, message %q", tc.name, r.Status, r.FieldError("file"))
		}
	}
	after, _ := env.DB.NewSelect().Table("import_jobs").Count(context.Background())
	if after != before {
		t.Error("a refused file opened an import")
	}
}

// A CSV in GBK (as Excel saves it in China) and one in UTF-8 with a BOM both import with
// their Chinese intact.
func TestCSVInGBKAndUTF8(t *testing.T) {
	c := staff(t)
	ctx := context.Background()
	for i, enc := range []string{"gbk", "utf8bom"} {
		code := testenv.ImportCode("440398", i)
		row := testenv.ImportRow(900000+i, code)
		var b strings.Builder
		b.WriteString(strings.Join(testenv.ImportHeader(), ",") + "\r\n")
		b.WriteString(strings.Join(row, ",") + "\r\n")
		data := []byte(b.String())
		if enc == "gbk" {
			var err error
			if data, err = simplifiedchinese.GBK.NewEncoder().Bytes(data); err != nil {
				t.Fatal(err)
			}
		} else {
			data = append([]byte("\xEF\xBB\xBF"), data...)
		}
		_, done := importFile(t, c, "会员-"+enc+".csv", data, imports.ModeCreate)
		if done.Created != 1 {
			t.Fatalf("%s: %+v %v", enc, done.Counts, done.FirstErrors)
		}
		var name, city string
		if err := env.DB.NewRaw(`SELECT name, city FROM companies WHERE uscc = ?`, code).Scan(ctx, &name, &city); err != nil {
			t.Fatal(err)
		}
		if name != row[0] || city != "深圳市" {
			t.Errorf("%s: name %q city %q", enc, name, city)
		}
	}
}

// 37 bad rows among 600: each is reported with its row number and reason (page and result
// file), none of them is imported, all the others are.
func TestBadRowsReportedWithRowNumbers(t *testing.T) {
	c := staff(t)
	ctx := context.Background()
	rows := [][]string{testenv.ImportHeader()}
	bad := map[int]string{} // file row → expected reason fragment
	kinds := []struct {
		want string
		edit func(r []string)
	}{
		{"校验位", func(r []string) { r[1] = r[1][:17] + map[bool]string{true: "1", false: "2"}[r[1][17] != '1'] }},
		{"手机号应为11位", func(r []string) { r[24] = "1380013800" }},
		{"邮箱格式", func(r []string) { r[25] = "not-an-email" }},
		{"会员级别", func(r []string) { r[2] = "金牌会员" }},
		{"入会日期", func(r []string) { r[4] = "2019-13-45" }},
		{"缺少企业名称", func(r []string) { r[0] = "" }},
		{"缺少主要联系人手机", func(r []string) { r[24] = "" }},
		{"重复", nil},
	}
	for i := 0; i < 600; i++ {
		r := testenv.ImportRow(700000+i, testenv.ImportCode("440397", i))
		fileRow := i + 2
		if i%16 == 5 && len(bad) < 37 {
			k := kinds[len(bad)%len(kinds)]
			if k.edit == nil {
				r[1] = rows[1][1] // the credit code of the file's first row
			} else {
				k.edit(r)
			}
			bad[fileRow] = k.want
		}
		rows = append(rows, r)
	}
	if len(bad) != 37 {
		t.Fatalf("made %d bad rows", len(bad))
	}
	dry, done := importFile(t, c, "37.xlsx", testenv.XLSX(t, rows), imports.ModeCreate)
	if dry.Errors != 37 || dry.Created != 600-37 {
		t.Fatalf("dry run: %+v", dry.Counts)
	}
	if done.Errors != 37 || done.Created != 600-37 {
		t.Fatalf("import: %+v", done.Counts)
	}
	res := resultRows(t, done.ResultFileID.String)
	if len(res) != 600 {
		t.Fatalf("%d rows in the result file", len(res))
	}
	for row, want := range bad {
		if res[row][2] != imports.ResultError || !strings.Contains(res[row][3], want) {
			t.Errorf("row %d: %v, want an error about %s", row, res[row], want)
		}
	}
	page := c.Get("/admin/members/import/" + strconv.FormatInt(done.ID, 10))
	first := page.Text("#import-errors tbody tr td")
	if first != "7" || !strings.Contains(page.Text("#import-errors"), "校验位") {
		t.Errorf("the page's first error row is %q", first)
	}
	// nothing of a refused row was stored: its company name is nowhere
	var n int
	n, _ = env.DB.NewSelect().Table("companies").Where("name = ?", rows[7-1][0]).Count(ctx)
	if n != 0 {
		t.Error("a refused row was imported")
	}
	n, _ = env.DB.NewSelect().Table("companies").Where("uscc LIKE ?", "91440397%").Count(ctx)
	if n != 600-37 {
		t.Errorf("%d companies imported, want %d", n, 600-37)
	}
}

// The same file twice: the second run finds every row unchanged, writes nothing and audits
// nothing, in every mode.
func TestSameFileTwiceChangesNothing(t *testing.T) {
	c := staff(t)
	rows := [][]string{testenv.ImportHeader()}
	for i := 0; i < 40; i++ {
		rows = append(rows, testenv.ImportRow(600000+i, testenv.ImportCode("440396", i)))
	}
	data := testenv.XLSX(t, rows)
	_, first := importFile(t, c, "a.xlsx", data, imports.ModeFill)
	if first.Created != 40 {
		t.Fatalf("first: %+v", first.Counts)
	}
	for _, mode := range imports.Modes {
		dry, _ := importFile(t, c, "a.xlsx", data, mode)
		if dry.Unchanged != 40 || dry.Imported() != 0 || dry.Errors != 0 || dry.CanStart() {
			t.Errorf("%s, second time: %+v %v", mode, dry.Counts, dry.FirstErrors)
		}
		if n := auditCount(t, dry.ID); n != 0 {
			t.Errorf("%s: %d audit entries", mode, n)
		}
	}
}

// Fill blank fields fills only what is empty; override replaces what differs; both audit
// with the import's id and keep the profile's change history; the level is never changed by
// an import.
func TestFillAndOverride(t *testing.T) {
	c := staff(t)
	ctx := context.Background()
	code := testenv.ImportCode("440395", 1)
	row := testenv.ImportRow(500001, code)
	head := testenv.ImportHeader()
	if _, done := importFile(t, c, "one.xlsx", testenv.XLSX(t, [][]string{head, row}), imports.ModeCreate); done.Created != 1 {
		t.Fatal("not created")
	}
	if _, err := env.DB.NewRaw(`UPDATE companies SET website = '', city = '东莞市' WHERE uscc = ?`, code).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	row2 := append([]string{}, row...)
	row2[14], row2[11], row2[2] = "https://imp.example.cn", "广州市", "理事单位" // website blank in ours, city differs, level differs
	file := testenv.XLSX(t, [][]string{head, row2})

	dry, done := importFile(t, c, "fill.xlsx", file, imports.ModeFill)
	if dry.Filled != 1 || done.Filled != 1 {
		t.Fatalf("fill: %+v", done.Counts)
	}
	var website, city, level string
	_ = env.DB.NewRaw(`SELECT website, city, level FROM companies WHERE uscc = ?`, code).Scan(ctx, &website, &city, &level)
	if website != "https://imp.example.cn" || city != "东莞市" || level != company.LevelMember {
		t.Errorf("after fill: %q %q %q", website, city, level)
	}
	res := resultRows(t, done.ResultFileID.String)
	if !strings.Contains(res[2][3], "网址") || !strings.Contains(res[2][3], "城市") || !strings.Contains(res[2][3], "会员级别") {
		t.Errorf("fill reason: %q", res[2][3])
	}
	_, done = importFile(t, c, "override.xlsx", file, imports.ModeOverride)
	if done.Overridden != 1 {
		t.Fatalf("override: %+v", done.Counts)
	}
	_ = env.DB.NewRaw(`SELECT city, level FROM companies WHERE uscc = ?`, code).Scan(ctx, &city, &level)
	if city != "广州市" || level != company.LevelMember {
		t.Errorf("after override: %q %q", city, level)
	}
	if n := auditCount(t, done.ID); n != 1 {
		t.Errorf("%d audit entries for the override", n)
	}
	var hist int
	hist, _ = env.DB.NewSelect().Table("company_changes").Join("JOIN companies c ON c.id = company_changes.company_id").
		Where("c.uscc = ? AND company_changes.kind = 'profile'", code).Count(ctx)
	if hist != 2 {
		t.Errorf("%d profile history rows, want 2 (fill and override)", hist)
	}
}

// The member list exported and imported back in 补全空白字段 changes nothing: every row is
// 未变 and no change is audited.
func TestExportImportRoundTrip(t *testing.T) {
	c := staff(t)
	for i := 0; i < 2; i++ {
		env.Member(t) // registered members, with every registration field
	}
	rows := [][]string{testenv.ImportHeader()}
	for i := 0; i < 5; i++ {
		rows = append(rows, testenv.ImportRow(400000+i, testenv.ImportCode("440394", i)))
	}
	importFile(t, c, "seed.xlsx", testenv.XLSX(t, rows), imports.ModeCreate)

	exp := c.Get("/admin/members/export")
	if exp.Status != http.StatusOK {
		t.Fatalf("export: %d", exp.Status)
	}
	var members int
	members, _ = env.DB.NewSelect().Table("companies").Where("status IN ('member', 'suspended', 'withdrawn')").Count(context.Background())
	dry, _ := importFile(t, c, "export.xlsx", []byte(exp.Body), imports.ModeFill)
	if dry.Total != members || dry.Unchanged != members || dry.Imported() != 0 || dry.Errors != 0 {
		t.Fatalf("round trip of %d members: %+v %v", members, dry.Counts, dry.FirstErrors)
	}
	if n := auditCount(t, dry.ID); n != 0 {
		t.Errorf("%d audit entries", n)
	}
}

// A required field left unmapped blocks the dry run with a message; a mapping the staff
// change by hand is used.
func TestMappingRequiredAndEditable(t *testing.T) {
	c := staff(t)
	head := testenv.ImportHeader()
	head[1] = "代码（旧系统）" // not matched automatically
	code := testenv.ImportCode("440393", 1)
	id := upload(t, c, "m.xlsx", testenv.XLSX(t, [][]string{head, testenv.ImportRow(300001, code)}))
	page := c.Get("/admin/members/import/" + strconv.FormatInt(id, 10))
	if !strings.Contains(page.Text("#mapping-err"), "统一社会信用代码") {
		t.Errorf("the page does not say 统一社会信用代码 is unmapped: %q", page.Text("#mapping-err"))
	}
	form := mapForm(t, c, id, imports.ModeCreate)
	r := c.Post("/admin/members/import/"+strconv.FormatInt(id, 10)+"/map", form)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("#mapping-err"), "统一社会信用代码") {
		t.Fatalf("unmapped required field: %d %q", r.Status, r.Text("#mapping-err"))
	}
	form.Set("map_uscc", "1")
	if r := c.Post("/admin/members/import/"+strconv.FormatInt(id, 10)+"/map", form); r.Status != http.StatusSeeOther {
		t.Fatalf("mapped by hand: %d", r.Status)
	}
	if j := env.RunImport(t, id); j.Created != 1 {
		t.Errorf("dry run with the hand mapping: %+v %v", j.Counts, j.FirstErrors)
	}
	// starting twice: the second is refused (the state moved on)
	start(t, c, id, false)
	r = c.Post("/admin/members/import/"+strconv.FormatInt(id, 10)+"/start", url.Values{})
	if r.Status != http.StatusSeeOther || !strings.Contains(fmt.Sprint(r.Header), "") {
		t.Errorf("second start: %d", r.Status)
	}
	if j := env.RunImport(t, id); j.Created != 1 {
		t.Errorf("after a second start: %+v", j.Counts)
	}
}

// Only 会员部 and 系统管理员 may import, see an import or download its files.
func TestOnlyMembershipStaff(t *testing.T) {
	c := staff(t)
	code := testenv.ImportCode("440392", 1)
	_, done := importFile(t, c, "r.xlsx", testenv.XLSX(t, [][]string{testenv.ImportHeader(), testenv.ImportRow(200001, code)}), imports.ModeCreate)
	path := "/admin/members/import/" + strconv.FormatInt(done.ID, 10)
	admin := env.NewClient(t)
	admin.Login(env.CreateAdmin(t), testenv.Password)
	if r := admin.Get(path); r.Status != http.StatusOK {
		t.Errorf("系统管理员: %d", r.Status)
	}
	if r := admin.Get("/files/" + done.ResultFileID.String); r.Status != http.StatusOK {
		t.Errorf("系统管理员 result file: %d", r.Status)
	}
	fin := env.NewClient(t)
	fin.Login(env.CreateStaff(t, account.StaffFinance), testenv.Password)
	m, _ := env.Member(t)
	for who, cl := range map[string]*testenv.Client{"财务": fin, "member": m} {
		for _, p := range []string{path, "/admin/members/import", "/admin/members/import/template", "/files/" + done.ResultFileID.String, "/files/" + done.FileID} {
			if r := cl.Get(p); r.Status == http.StatusOK {
				t.Errorf("%s read %s", who, p)
			}
		}
		r := cl.PostMultipart("/admin/members/import", nil, map[string][]byte{"file": bytes.Repeat([]byte("a,b\n"), 3)}, map[string]string{"file": "x.csv"})
		if r.Status == http.StatusSeeOther && strings.HasPrefix(r.Location(), "/admin/members/import/") {
			t.Errorf("%s uploaded an import", who)
		}
	}
}

// A CSV larger than the 5 MB of other uploads is taken (the import allows 20 MB); one over
// 20 MB is refused next to the field.
func TestLargeFileLimit(t *testing.T) {
	c := staff(t)
	var b strings.Builder
	b.WriteString(strings.Join(testenv.ImportHeader(), ",") + "\n")
	for i := 0; b.Len() < 8<<20; i++ {
		r := testenv.ImportRow(100000+i, testenv.ImportCode("440391", i))
		r[16] = strings.Repeat("简介", 600)
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	id := upload(t, c, "big.csv", []byte(b.String()))
	if j := mapForm(t, c, id, imports.ModeCreate); j.Get("map_uscc") != "1" {
		t.Errorf("big CSV not mapped: %v", j)
	}
	big := append([]byte(b.String()), bytes.Repeat([]byte("x,y\n"), (imports.MaxFile-b.Len())/4+1000)...)
	r := c.PostMultipart("/admin/members/import", nil, map[string][]byte{"file": big}, map[string]string{"file": "huge.csv"})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.FieldError("file"), "20 MB") {
		t.Errorf("a file over 20 MB: %d %q", r.Status, r.FieldError("file"))
	}
}
