// Package browserimport drives 会员管理's 导入会员 in Debian's Chromium against the real app
// and the real worker: 会员部 opens 会员管理 from the menu, clicks 导入会员, uploads an .xlsx,
// checks the automatic column mapping, runs the dry run (counts and the first errors with
// their row numbers), starts the import after the confirmation and watches the progress bar
// reach 100% and the result. With CPCA_SHOTS=1 it saves screenshots (desktop and phone).
package browserimport

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_import", &env) }

// startWorker runs the real worker (as cpca serve builds it) until the test ends.
func startWorker(t *testing.T) {
	w, err := env.Sys.Worker()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

func TestUploadDryRunImportProgress(t *testing.T) {
	startWorker(t)
	b := browserenv.Start(t, env.App, 150*time.Second)
	b.FailPrefix = "FAILED-import-"
	const n, bad = 1500, 3
	rows := [][]string{testenv.ImportHeader()}
	for i := 0; i < n; i++ {
		r := testenv.ImportRow(800000+i, testenv.ImportCode("440388", i))
		if i == 4 || i == 700 || i == 1200 {
			r[24] = "1380013800" // 10 digits
		}
		rows = append(rows, r)
	}
	file := filepath.Join(t.TempDir(), "会员名单.xlsx")
	if err := os.WriteFile(file, testenv.XLSX(t, rows), 0o644); err != nil {
		t.Fatal(err)
	}

	s := b.NewTab(t, "会员部")
	s.At("open 导入会员 from 会员管理")
	s.Login(env.CreateStaff(t, account.StaffMembership))
	s.ClickTextAndLoad("nav.menu a", "^会员管理$")
	s.ClickTextAndLoad("#members-import", "^导入会员$")
	s.ElText("h1", "^导入会员$")
	s.Shot("import-01-upload")
	s.PhoneShot("import-01-upload-phone")

	s.At("a file that is not a spreadsheet is refused next to the field")
	notSheet := filepath.Join(t.TempDir(), "名单.xlsx")
	_ = os.WriteFile(notSheet, []byte("%PDF-1.4 not a sheet\x00\x01"), 0o644)
	s.Files("#f-file", notSheet)
	s.ClickTextAndLoad("#import-upload", "上传并核对列")
	s.ElText("#f-file-err", "不是 Excel")

	s.At("upload the xlsx: the columns are matched by name")
	s.Files("#f-file", file)
	s.ClickTextAndLoad("#import-upload", "上传并核对列")
	s.ElText("h1", `导入会员 #\d+`)
	if v := s.Value(`select[name="map_uscc"]`); v != "1" {
		s.Fail("统一社会信用代码 maps to %q, want column 2 (value 1)", v)
	}
	if v := s.Value(`select[name="map_primary_mobile"]`); v != "24" {
		s.Fail("主要联系人手机 maps to %q", v)
	}
	s.Shot("import-02-mapping")
	s.PhoneShot("import-02-mapping-phone")

	s.At("dry run")
	s.ClickTextAndLoad("#import-check", "^试运行$")
	s.WaitJS("the dry run's result", `() => !!document.querySelector('#import-start')`)
	if got := s.Text("#import-counts"); !regexp.MustCompile(`新建\s*`+strconv.Itoa(n-bad)+`\b`).MatchString(got) || !regexp.MustCompile(`错误\s*3\b`).MatchString(got) {
		s.Fail("dry run counts read %q", got)
	}
	s.ElText("#import-errors tbody tr:first-child td:first-child", "^6$")
	s.ElText("#import-errors", "手机号应为11位数字")
	s.ElText("main", "其余各行照常导入")
	s.Shot("import-03-dryrun")
	s.PhoneShot("import-03-dryrun-phone")

	s.At("start: the progress bar reaches 100%")
	s.ConfirmClickAndLoad(s.El("#import-start"), "确认开始导入")
	s.El("progress#import-bar")
	s.Shot("import-04-progress")
	s.WaitJS("the import finished at 100%", `() => { const p = document.querySelector('progress#import-bar'); const st = document.querySelector('#import-status');
		return p && p.value === 100 && st && st.textContent.trim() === '导入完成' }`)
	if got := s.Text("#import-counts"); !regexp.MustCompile(`新建\s*` + strconv.Itoa(n-bad) + `\b`).MatchString(got) {
		s.Fail("import counts read %q", got)
	}
	s.El("#import-result")
	s.Shot("import-05-done")
	s.PhoneShot("import-05-done-phone")
	s.CheckConsole()

	var c int
	c, _ = env.DB.NewSelect().Table("companies").Where("uscc LIKE '91440388%'").Count(context.Background())
	if c != n-bad {
		t.Errorf("%d companies imported, want %d", c, n-bad)
	}
}
