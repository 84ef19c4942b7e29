package app

import (
	"strings"

	"cpca/internal/files"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"
)

// Every Excel export is one streamed sheet: newSheet, a row per record (add for text
// cells, addRow for typed values: cell, money and percent make them), send.

// sheetOut is one sheet being written: a header, then rows.
type sheetOut struct {
	x    *excelize.File
	sw   *excelize.StreamWriter
	text int // "@": text, so leading zeros and 18-character credit codes stay as typed
	yuan int // 0.00
	pct  int // 0.0%
	row  int
}

// newSheet starts the one sheet of an export, named name, with the header row head.
func newSheet(name string, head []string) (*sheetOut, error) {
	x := excelize.NewFile()
	_ = x.SetSheetName("Sheet1", name)
	sw, err := x.NewStreamWriter(name)
	if err != nil {
		x.Close()
		return nil, err
	}
	s := &sheetOut{x: x, sw: sw}
	pct := "0.0%"
	for _, st := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.text, excelize.Style{NumFmt: 49}},
		{&s.yuan, excelize.Style{NumFmt: 2}},
		{&s.pct, excelize.Style{CustomNumFmt: &pct}},
	} {
		if *st.id, err = x.NewStyle(&st.style); err != nil {
			x.Close()
			return nil, err
		}
	}
	cells := make([]string, len(head))
	copy(cells, head)
	return s, s.add(cells...)
}

// add writes one row; every value is a text cell, escaped.
func (s *sheetOut) add(vals ...string) error {
	s.row++
	row := make([]any, len(vals))
	for i, v := range vals {
		row[i] = s.cell(v)
	}
	cell, _ := excelize.CoordinatesToCellName(1, s.row)
	return s.sw.SetRow(cell, row)
}

// addRow writes one row of values as they are (numbers stay numbers), for exports whose
// columns are typed; add is for text cells.
func (s *sheetOut) addRow(vals ...any) error {
	s.row++
	cell, _ := excelize.CoordinatesToCellName(1, s.row)
	return s.sw.SetRow(cell, vals)
}

// cell is v as a text cell of addRow's values, escaped by sheetText.
func (s *sheetOut) cell(v string) excelize.Cell {
	return excelize.Cell{StyleID: s.text, Value: sheetText(v)}
}

// money is an amount in fen as a number of yuan with two decimals, which Excel sums.
func (s *sheetOut) money(fen int64) excelize.Cell {
	return excelize.Cell{StyleID: s.yuan, Value: float64(fen) / 100}
}

// percent is a rate (0.125 for 12.5%) as a number shown as a percentage.
func (s *sheetOut) percent(r float64) excelize.Cell {
	return excelize.Cell{StyleID: s.pct, Value: r}
}

// sheetText makes a text cell safe to open: a value starting with = + - @ (or a tab or
// carriage return) would be read as a formula by a spreadsheet, so it is quoted with '.
func sheetText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// send flushes the sheet and answers with it as an attachment named base-YYYYMMDD.xlsx.
func (s *sheetOut) send(c *fiber.Ctx, base string, now string) error {
	defer s.x.Close()
	if err := s.sw.Flush(); err != nil {
		return err
	}
	buf, err := s.x.WriteToBuffer()
	if err != nil {
		return err
	}
	c.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set("Content-Disposition", files.Disposition(base+"-"+now+".xlsx"))
	return c.Send(buf.Bytes())
}
