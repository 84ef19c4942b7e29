package testenv

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"cpca/internal/imports"
	"cpca/internal/uscc"

	"github.com/xuri/excelize/v2"
)

// ImportHeader is the template's header row (our field labels, in order).
func ImportHeader() []string {
	h := make([]string, len(imports.Fields))
	for i, f := range imports.Fields {
		h[i] = f.Label
	}
	return h
}

// ImportRow is a valid import row for company number n: every template column filled.
func ImportRow(n int, code string) []string {
	v := map[string]string{"name": fmt.Sprintf("导入测试电路%06d有限公司", n), "uscc": code, "level": "会员单位",
		"member_no": "", "joined_on": "2019-05-20", "legal_rep": "张三", "reg_capital": "5000", "founded_on": "2008-09-01",
		"nature": "民营企业", "category": "PCB制造", "province": "广东省", "city": "深圳市", "address": "深圳市宝安区示例路1号",
		"postcode": "518103", "website": "", "employees": "120", "intro": "", "main_products": "多层板", "last_year_sales": "",
		"export_ratio": "", "main_markets": "", "certifications": "", "primary_name": "王小明", "primary_title": "经理",
		"primary_mobile": fmt.Sprintf("138%08d", n%100000000), "primary_email": fmt.Sprintf("imp%d@example.cn", n),
		"finance_name": "陈会计", "finance_mobile": "13600001111", "finance_email": ""}
	row := make([]string, len(imports.Fields))
	for i, f := range imports.Fields {
		row[i] = v[f.Key]
	}
	return row
}

// ImportCode is a valid credit code derived from n (the same n gives the same code).
func ImportCode(salt string, n int) string {
	p := fmt.Sprintf("91%s%09d", salt, n)
	for i := range p {
		if p[i] >= 'a' && p[i] <= 'z' {
			p = p[:i] + string(p[i]-32) + p[i+1:]
		}
	}
	p = p[:17]
	return p + string(uscc.CheckChar(p))
}

// XLSX writes rows (the first is the header) as an .xlsx, streamed, every cell text.
func XLSX(t testing.TB, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// RunImport runs the pending phase of import id as the worker would (tests without a worker).
func (e *Env) RunImport(t testing.TB, id int64) *imports.Job {
	t.Helper()
	ctx := context.Background()
	if err := imports.Process(ctx, e.DB, id, e.Cfg.BaseURL, time.Now); err != nil {
		t.Fatal(err)
	}
	j, err := imports.Get(ctx, e.DB, id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// ZipWith is a ZIP archive holding one empty file name (a renamed .docx, not a sheet).
func ZipWith(t testing.TB, name string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	if _, err := w.Create(name); err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	return b.Bytes()
}
