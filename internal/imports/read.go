package imports

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"cpca/internal/errs"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Formats of an import file.
const (
	FormatXLSX = "xlsx"
	FormatCSV  = "csv"
)

// MaxFile is the size limit of an import file (50,000 rows of the template take about 4 MB
// as .xlsx, 9 MB as CSV).
const MaxFile = 20 << 20

// Errors of the upload, worded for the file field.
var (
	ErrNotSheet = errs.New(errs.Invalid, "文件不是 Excel（.xlsx）或 CSV 表格（按文件内容识别），请使用下载的导入模板。")
	ErrXLS      = errs.New(errs.Invalid, "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再上传。")
	ErrEmpty    = errs.New(errs.Invalid, "表格为空：第一行应为表头，从第二行起每行一家单位。")
	ErrTooLarge = errs.New(errs.Invalid, "文件不能超过 %d MB", MaxFile>>20)
	ErrNoFile   = errs.New(errs.Invalid, "请选择要导入的文件")
)

// Sniff tells an .xlsx (a ZIP holding xl/workbook.xml) from a CSV (text in UTF-8 or GBK
// without binary bytes) by content; anything else is ErrNotSheet (ErrXLS for the old binary
// Excel format).
func Sniff(data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", ErrNoFile
	case len(data) > MaxFile:
		return "", ErrTooLarge
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "", ErrXLS
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return "", ErrNotSheet
		}
		for _, f := range zr.File {
			if f.Name == "xl/workbook.xml" {
				return FormatXLSX, nil
			}
		}
		return "", ErrNotSheet
	}
	head := data[:min(len(data), 8192)]
	text := decodeText(head)
	if strings.TrimSpace(text) == "" {
		return "", ErrEmpty
	}
	for _, r := range text {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == utf8.RuneError || r == 0x7F {
			return "", ErrNotSheet
		}
	}
	first, _, _ := strings.Cut(text, "\n")
	if !strings.ContainsAny(first, ",;\t") {
		return "", ErrNotSheet
	}
	return FormatCSV, nil
}

// decodeText reads a CSV sample: UTF-8 (with or without BOM) when valid, else GBK (GB18030,
// its superset). A sample cut inside a UTF-8 sequence still counts as UTF-8.
func decodeText(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	if isUTF8(b) {
		return string(b)
	}
	out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), b)
	if err != nil {
		return string(utf8.RuneError)
	}
	return string(out)
}

// isUTF8 is utf8.Valid allowing an incomplete sequence at the end (a cut sample).
func isUTF8(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// Source is a file's rows, read one at a time (io.EOF after the last).
type Source interface {
	Next() ([]string, error)
	Close() error
}

// Open starts reading data as format: an .xlsx through excelize's row iterator (the sheet
// is streamed, cells as stored: dates as serial numbers), a CSV through encoding/csv over a
// decoding reader. Neither holds all rows at once.
func Open(data []byte, format string) (Source, error) {
	if format == FormatXLSX {
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, ErrNotSheet
		}
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			f.Close()
			return nil, ErrEmpty
		}
		rows, err := f.Rows(sheets[0])
		if err != nil {
			f.Close()
			return nil, ErrNotSheet
		}
		return &xlsxSource{f: f, rows: rows}, nil
	}
	var r io.Reader = bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))
	if !isUTF8(data[:min(len(data), 1<<20)]) {
		r = transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
	}
	first, _, _ := strings.Cut(decodeText(data[:min(len(data), 8192)]), "\n")
	cr := csv.NewReader(r)
	cr.FieldsPerRecord, cr.LazyQuotes, cr.ReuseRecord = -1, true, false
	switch {
	case strings.Count(first, "\t") > strings.Count(first, ","):
		cr.Comma = '\t'
	case strings.Count(first, ";") > strings.Count(first, ","):
		cr.Comma = ';'
	}
	return &csvSource{r: cr}, nil
}

type xlsxSource struct {
	f    *excelize.File
	rows *excelize.Rows
}

func (s *xlsxSource) Next() ([]string, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	return s.rows.Columns()
}

func (s *xlsxSource) Close() error {
	_ = s.rows.Close()
	return s.f.Close()
}

type csvSource struct{ r *csv.Reader }

func (s *csvSource) Next() ([]string, error) {
	rec, err := s.r.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) && !errors.Is(pe.Err, csv.ErrFieldCount) {
		return nil, ErrNotSheet
	}
	return rec, err
}

func (s *csvSource) Close() error { return nil }

// Headers reads the header row of a file: the first row that is not blank.
func Headers(data []byte, format string) ([]string, error) {
	src, err := Open(data, format)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	for {
		rec, err := src.Next()
		if err == io.EOF {
			return nil, ErrEmpty
		}
		if err != nil {
			return nil, ErrNotSheet
		}
		if !blank(rec) {
			out := make([]string, len(rec))
			for i, h := range rec {
				out[i] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
			}
			return out, nil
		}
	}
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
