package imports

import "cpca/internal/sheet"

// resultHead is the header of the per-row result file.
var resultHead = []string{"行号", "统一社会信用代码", "企业名称", "结果", "原因"}

// resultWriter streams the result file; the first error is kept and returned by bytes.
type resultWriter struct {
	w   *sheet.Writer
	err error
}

func newResultWriter() (*resultWriter, error) {
	w, err := sheet.New("导入结果", resultHead, sheet.Width{From: 2, To: 3, Chars: 28}, sheet.Width{From: 5, To: 5, Chars: 60})
	if err != nil {
		return nil, err
	}
	return &resultWriter{w: w}, nil
}

// add writes one row's result; the credit code and name are text cells.
func (r *resultWriter) add(row int, code, name, result, reason string) {
	if r.err == nil {
		r.err = r.w.AddRow(row, r.w.Cell(code), r.w.Cell(name), result, sheet.Text(reason))
	}
}

func (r *resultWriter) bytes() ([]byte, error) {
	if r.err != nil {
		return nil, r.err
	}
	return r.w.Bytes()
}

func (r *resultWriter) Close() { r.w.Close() }
