// Package certificate is 会员证书: issued by the worker after the year's dues are confirmed,
// rendered to PDF with a QR code to the public verification page, superseded when the
// company's name or level changes, revocable by staff.
package certificate

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// Association is the issuer's name printed on certificates.
const Association = "中国电子电路行业协会"

// Content is what a certificate shows.
type Content struct {
	Association string
	CompanyName string
	LevelLabel  string
	Number      string
	Year        int
	IssuedOn    time.Time
	VerifyURL   string
}

// Render draws the certificate on an A4 landscape page. A missing or broken font is an
// error, never a panic (the PDF library panics on some bad font bytes).
func Render(font []byte, c Content) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("render certificate: %v", r)
		}
	}()
	if len(font) < 12 {
		return nil, errors.New("render certificate: no TrueType font loaded")
	}
	qr, err := qrcode.Encode(c.VerifyURL, qrcode.Medium, 512)
	if err != nil {
		return nil, err
	}
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetTitle("会员证书 "+c.Number, true)
	pdf.SetAuthor(c.Association, true)
	pdf.SetCreationDate(c.IssuedOn)
	pdf.AddUTF8FontFromBytes("cjk", "", font)
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddPage()
	w, h := pdf.GetPageSize()

	// Frame: a gold double border.
	pdf.SetDrawColor(176, 141, 59)
	pdf.SetLineWidth(2.2)
	pdf.Rect(10, 10, w-20, h-20, "D")
	pdf.SetLineWidth(0.6)
	pdf.Rect(15, 15, w-30, h-30, "D")

	center := func(y float64, size float64, r, g, b int, text string) {
		pdf.SetFont("cjk", "", size)
		pdf.SetTextColor(r, g, b)
		pdf.SetXY(0, y)
		pdf.CellFormat(w, size*0.5, text, "", 0, "C", false, 0, "")
	}
	center(32, 20, 11, 92, 173, c.Association)
	center(52, 40, 150, 30, 30, "会 员 证 书")
	center(70, 12, 110, 110, 110, "CERTIFICATE OF MEMBERSHIP")
	center(92, 26, 20, 20, 20, c.CompanyName)
	center(112, 15, 40, 40, 40, fmt.Sprintf("为本会%s，特发此证。", c.LevelLabel))
	center(126, 13, 60, 60, 60, fmt.Sprintf("有效期：%d年1月1日 至 %d年12月31日", c.Year, c.Year))

	pdf.SetFont("cjk", "", 11)
	pdf.SetTextColor(60, 60, 60)
	left := 30.0
	pdf.SetXY(left, 160)
	pdf.CellFormat(120, 7, "证书编号："+c.Number, "", 2, "L", false, 0, "")
	pdf.SetX(left)
	pdf.CellFormat(120, 7, "发证日期："+c.IssuedOn.Format("2006年1月2日"), "", 2, "L", false, 0, "")
	pdf.SetX(left)
	pdf.CellFormat(120, 7, "扫描右侧二维码可在线验证证书真伪", "", 2, "L", false, 0, "")

	pdf.SetFont("cjk", "", 14)
	pdf.SetTextColor(20, 20, 20)
	pdf.SetXY(w-150, 165)
	pdf.CellFormat(90, 8, c.Association, "", 2, "C", false, 0, "")
	pdf.SetX(w - 150)
	pdf.SetFont("cjk", "", 11)
	pdf.CellFormat(90, 7, c.IssuedOn.Format("2006年1月2日"), "", 0, "C", false, 0, "")

	pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(qr))
	pdf.ImageOptions("qr", w-55, h-62, 36, 36, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
