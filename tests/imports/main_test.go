// Package imports tests 会员管理's 导入会员 through the real router: the template, the upload
// (xlsx, GBK and UTF-8 CSV, files that are not spreadsheets), the column mapping, the dry run,
// the import in each mode, the per-row result file, idempotence, the export → import round
// trip, the audit trail and who may use it.
package imports

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"cpca/internal/account"
	"cpca/internal/imports"
	"cpca/tests/testenv"

	"github.com/xuri/excelize/v2"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "imports", &env) }

// staff logs in a 会员部 user.
func staff(t *testing.T) *testenv.Client {
	t.Helper()
	c := env.NewClient(t)
	c.Login(env.CreateStaff(t, account.StaffMembership), testenv.Password)
	c.Get("/admin/members/import")
	return c
}

// upload posts a file and returns the import id it was redirected to.
func upload(t *testing.T, c *testenv.Client, name string, data []byte) int64 {
	t.Helper()
	r := c.PostMultipart("/admin/members/import", nil, map[string][]byte{"file": data}, map[string]string{"file": name})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/admin/members/import/") {
		t.Fatalf("upload %s: status %d %q: %s", name, r.Status, r.Location(), r.Text(".error"))
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(r.Location(), "/admin/members/import/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// mapForm is the mapping form as the page shows it (the automatic matches) with mode.
func mapForm(t *testing.T, c *testenv.Client, id int64, mode string) url.Values {
	t.Helper()
	r := c.Get("/admin/members/import/" + strconv.FormatInt(id, 10))
	if r.Status != http.StatusOK {
		t.Fatalf("import page: %d", r.Status)
	}
	form := url.Values{"mode": {mode}}
	for _, f := range imports.Fields {
		sel := r.Doc.Find(`select[name="map_` + f.Key + `"] option[selected]`)
		if v, ok := sel.Attr("value"); ok {
			form.Set("map_"+f.Key, v)
		}
	}
	return form
}

// dryRun maps with the automatic matches in mode and runs the dry run.
func dryRun(t *testing.T, c *testenv.Client, id int64, mode string) *imports.Job {
	t.Helper()
	r := c.Post("/admin/members/import/"+strconv.FormatInt(id, 10)+"/map", mapForm(t, c, id, mode))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("map: %d %s", r.Status, r.Text(".error"))
	}
	j := env.RunImport(t, id)
	if j.Status != imports.StatusChecked {
		t.Fatalf("dry run ended %s: %s", j.Status, j.Failure)
	}
	return j
}

// start starts the import after its dry run and runs it.
func start(t *testing.T, c *testenv.Client, id int64, invite bool) *imports.Job {
	t.Helper()
	form := url.Values{}
	if invite {
		form.Set("invite", "1")
	}
	r := c.Post("/admin/members/import/"+strconv.FormatInt(id, 10)+"/start", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("start: %d %s", r.Status, r.Text(".flash"))
	}
	j := env.RunImport(t, id)
	if j.Status != imports.StatusDone {
		t.Fatalf("import ended %s: %s", j.Status, j.Failure)
	}
	return j
}

// importFile uploads, dry-runs and imports a file in mode.
func importFile(t *testing.T, c *testenv.Client, name string, data []byte, mode string) (dry, done imports.Job) {
	t.Helper()
	id := upload(t, c, name, data)
	dry = *dryRun(t, c, id, mode)
	if !dry.CanStart() {
		return dry, dry
	}
	return dry, *start(t, c, id, false)
}

// resultRows reads a result file: row number → [USCC, name, result, reason].
func resultRows(t *testing.T, fileID string) map[int][]string {
	t.Helper()
	var data []byte
	if err := env.DB.NewRaw(`SELECT data FROM files WHERE id = ?`, fileID).Scan(context.Background(), &data); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	out := map[int][]string{}
	for _, r := range rows[1:] {
		n, _ := strconv.Atoi(r[0])
		for len(r) < 5 {
			r = append(r, "")
		}
		out[n] = r[1:]
	}
	return out
}

func auditCount(t *testing.T, importID int64) int {
	t.Helper()
	n, err := env.DB.NewSelect().Table("audit_log").Where("action LIKE 'member.import\\_%' AND object_type = 'company'").
		Where("detail LIKE ?", "import #"+strconv.FormatInt(importID, 10)+" %").Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}
