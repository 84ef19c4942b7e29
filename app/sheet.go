package app

import (
	"cpca/internal/files"
	"cpca/internal/sheet"

	"github.com/gofiber/fiber/v2"
)

// Every staff Excel export is one streamed sheet (internal/sheet): sheet.New, a row per
// record, then sendSheet.

// sendSheet answers with the sheet as an attachment named base-YYYYMMDD.xlsx (now is the
// date as YYYYMMDD).
func sendSheet(c *fiber.Ctx, sh *sheet.Writer, base, now string) error {
	b, err := sh.Bytes()
	if err != nil {
		return err
	}
	c.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set("Content-Disposition", files.Disposition(base+"-"+now+".xlsx"))
	return c.Send(b)
}
