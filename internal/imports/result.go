package imports

import (
	"github.com/xuri/excelize/v2"
)

// resultHead is the header of the per-row result file.
var resultHead = []any{"行号", "统一社会信用代码", "企业名称", "结果", "原因"}

// resultWriter streams the result file (excelize's StreamWriter keeps few rows in memory).
type resultWriter struct {
	f    *excelize.File
	sw   *excelize.StreamWriter
	text int
	n    int
	err  error
}

func newResultWriter() (*resultWriter, error) {
	f := excelize.NewFile()
	const sheet = "导入结果"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, err
	}
	_ = sw.SetColWidth(2, 3, 28)
	_ = sw.SetColWidth(5, 5, 60)
	w := &resultWriter{f: f, sw: sw, text: text, n: 1}
	w.err = sw.SetRow("A1", resultHead)
	return w, nil
}

// add writes one row's result; the credit code and name are text cells.
func (w *resultWriter) add(row int, code, name, result, reason string) {
	if w.err != nil {
		return
	}
	w.n++
	cell, _ := excelize.CoordinatesToCellName(1, w.n)
	w.err = w.sw.SetRow(cell, []any{row, excelize.Cell{StyleID: w.text, Value: code}, excelize.Cell{StyleID: w.text, Value: safe(name)}, result, safe(reason)})
}

// safe keeps a text that starts like a formula from being read as one.
func safe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}

func (w *resultWriter) bytes() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if err := w.sw.Flush(); err != nil {
		return nil, err
	}
	buf, err := w.f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (w *resultWriter) Close() { _ = w.f.Close() }
