// Package sheet writes the one streamed sheet of every Excel file the system makes (staff
// exports, the import result file): New with the header row, a row per record (Add for text
// cells, AddRow for typed values that Cell, Money and Percent make), then Bytes. excelize's
// stream writer keeps few rows in memory, so 100,000-row exports stay small.
package sheet

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// Writer is one sheet being written: a header, then rows.
type Writer struct {
	x    *excelize.File
	sw   *excelize.StreamWriter
	text int // "@": text, so leading zeros and 18-character credit codes stay as typed
	yuan int // 0.00
	pct  int // 0.0%
	row  int
}

// Width sets columns From to To (1-based) to Chars characters wide.
type Width struct {
	From, To int
	Chars    float64
}

// New starts the one sheet of a file, named name, with the header row head (text cells) and
// the column widths.
func New(name string, head []string, widths ...Width) (*Writer, error) {
	x := excelize.NewFile()
	_ = x.SetSheetName("Sheet1", name)
	sw, err := x.NewStreamWriter(name)
	if err != nil {
		x.Close()
		return nil, err
	}
	w := &Writer{x: x, sw: sw}
	pct := "0.0%"
	for _, st := range []struct {
		id    *int
		style excelize.Style
	}{
		{&w.text, excelize.Style{NumFmt: 49}},
		{&w.yuan, excelize.Style{NumFmt: 2}},
		{&w.pct, excelize.Style{CustomNumFmt: &pct}},
	} {
		if *st.id, err = x.NewStyle(&st.style); err != nil {
			x.Close()
			return nil, err
		}
	}
	for _, wd := range widths { // before the first row, as the stream writer wants
		if err := sw.SetColWidth(wd.From, wd.To, wd.Chars); err != nil {
			x.Close()
			return nil, err
		}
	}
	if err := w.Add(head...); err != nil {
		x.Close()
		return nil, err
	}
	return w, nil
}

// Add writes one row; every value is a text cell, escaped by Text.
func (w *Writer) Add(vals ...string) error {
	row := make([]any, len(vals))
	for i, v := range vals {
		row[i] = w.Cell(v)
	}
	return w.AddRow(row...)
}

// AddRow writes one row of values as they are (numbers stay numbers), for files whose
// columns are typed; Add is for text cells.
func (w *Writer) AddRow(vals ...any) error {
	w.row++
	cell, _ := excelize.CoordinatesToCellName(1, w.row)
	return w.sw.SetRow(cell, vals)
}

// Cell is v as a text cell of AddRow's values, escaped by Text.
func (w *Writer) Cell(v string) excelize.Cell {
	return excelize.Cell{StyleID: w.text, Value: Text(v)}
}

// Money is an amount in fen as a number of yuan with two decimals, which Excel sums.
func (w *Writer) Money(fen int64) excelize.Cell {
	return excelize.Cell{StyleID: w.yuan, Value: float64(fen) / 100}
}

// Percent is a rate (0.125 for 12.5%) as a number shown as a percentage.
func (w *Writer) Percent(r float64) excelize.Cell {
	return excelize.Cell{StyleID: w.pct, Value: r}
}

// Text makes a text cell safe to open: a value starting with = + - @ (or a tab or carriage
// return) would be read as a formula by a spreadsheet, so it is quoted with '.
func Text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Bytes flushes the sheet and returns the file; the Writer is closed after.
func (w *Writer) Bytes() ([]byte, error) {
	defer w.Close()
	if err := w.sw.Flush(); err != nil {
		return nil, err
	}
	buf, err := w.x.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Close frees the file (and the stream writer's temporary file of a large sheet); a Writer
// given up on an error is closed with it.
func (w *Writer) Close() { _ = w.x.Close() }
