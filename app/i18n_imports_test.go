package app

import (
	"database/sql"
	"testing"
	"time"

	"cpca/internal/i18n"
	"cpca/internal/imports"
)

// importSamples are the samples of 导入会员: the upload page with and without imports, and
// an import in every status (mapping with a required field unmapped, busy with and without
// a total, finished with errors, failed).
func importSamples() map[string][]any {
	now := time.Now()
	cols := func(missing bool) []importColumn {
		var out []importColumn
		for i, f := range imports.Fields {
			c := i
			if missing && f.Required {
				c = -1
			}
			out = append(out, importColumn{Field: f, Col: c})
		}
		return out
	}
	var jobs []any
	for _, st := range imports.Statuses {
		j := &imports.Job{ID: 3, Status: st, Mode: imports.ModeFill, FileName: "members.xlsx", Headers: []string{"Name", "Code"},
			Total: 100, Done: 40, Counts: imports.Counts{Created: 50, Filled: 3, Unchanged: 10, Errors: 37, Invited: 50}, SendInvites: true,
			FirstErrors:  []imports.Failure{{Row: 7, USCC: "91350100M000100Y4Z", Reason: "x"}}, // reasons are data (the result file's words), not UI text,
			ResultFileID: sql.NullString{String: "f", Valid: st == imports.StatusChecked || st == imports.StatusDone}, Failure: "x", CreatedAt: now}
		jobs = append(jobs, importJobPage{Job: j, Columns: cols(st == imports.StatusMapping), Mode: imports.ModeFill, Results: imports.Results})
	}
	jobs = append(jobs, importJobPage{Job: &imports.Job{ID: 4, Status: imports.StatusChecking}, Columns: cols(false), Mode: imports.ModeCreate})
	jobs = append(jobs, importJobPage{Job: &imports.Job{ID: 5, Status: imports.StatusChecked, Counts: imports.Counts{Unchanged: 3}}, Columns: cols(false), Mode: imports.ModeCreate})
	home := importHomePage{MaxMB: 20, Recent: []imports.Job{{ID: 1, Status: imports.StatusDone, Mode: imports.ModeCreate, FileName: "a.xlsx", Total: 3, CreatedAt: now}}}
	return map[string][]any{
		"pages/admin_import":       {home, importHomePage{MaxMB: 20}},
		"pages/admin_import_job":   jobs,
		"partials/import_progress": jobs,
	}
}

// TestImportsGoTextTranslated: the labels and messages 导入会员 hands to templates have English.
func TestImportsGoTextTranslated(t *testing.T) {
	var want []string
	for _, f := range imports.Fields {
		want = append(want, f.Label)
	}
	for _, s := range imports.Statuses {
		want = append(want, imports.StatusLabel(s))
	}
	for _, m := range imports.Modes {
		want = append(want, imports.ModeLabel(m))
	}
	want = append(want, imports.Results...)
	for _, err := range []error{imports.ErrNotSheet, imports.ErrXLS, imports.ErrEmpty, imports.ErrNoFile, imports.ErrState, imports.ErrMode, imports.ErrNotFound} {
		want = append(want, err.Error())
	}
	want = append(want, "文件不能超过 %d MB", "试运行已开始：只检查，不写入。", "导入已开始，可以离开此页面，稍后回来查看结果。")
	for _, s := range want {
		if !i18n.Has(s) {
			t.Errorf("no English for %q", s)
		}
	}
}
