package app

import (
	"cpca/internal/files"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"
)

// Every staff Excel export is one streamed sheet: newSheet, a row per record (add for text
// cells, addRow for typed values), send.

// sheetOut is one sheet being written: a header, then rows of text cells.
type sheetOut struct {
	x    *excelize.File
	sw   *excelize.StreamWriter
	text int
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
	text, err := x.NewStyle(&excelize.Style{NumFmt: 49}) // "@": a text cell
	if err != nil {
		x.Close()
		return nil, err
	}
	s := &sheetOut{x: x, sw: sw, text: text}
	cells := make([]string, len(head))
	copy(cells, head)
	return s, s.add(cells...)
}

// add writes one row; every value is a text cell, escaped.
func (s *sheetOut) add(vals ...string) error {
	s.row++
	row := make([]any, len(vals))
	for i, v := range vals {
		row[i] = excelize.Cell{StyleID: s.text, Value: sheetText(v)}
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
