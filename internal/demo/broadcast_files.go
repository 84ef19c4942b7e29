package demo

import (
	"bytes"
	"fmt"

	"cpca/internal/sheet"
)

// agendaPDF is a one-page PDF (the standard 14 fonts need no embedding, so the text is ASCII):
// the agenda attached to the demo's Markdown message.
func agendaPDF(lines ...string) []byte {
	var content bytes.Buffer
	content.WriteString("BT /F1 14 Tf 72 760 Td 18 TL\n")
	for _, l := range lines {
		fmt.Fprintf(&content, "(%s) Tj T*\n", l)
	}
	content.WriteString("ET\n")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// demoReplyForm is the 参会回执 workbook of the demo message: the heads and one line to fill
// in, text cells so a typed phone keeps its digits.
func demoReplyForm() ([]byte, error) {
	w, err := sheet.New("Sheet1", []string{"单位名称", "参会人", "职务", "手机", "是否住宿"})
	if err != nil {
		return nil, err
	}
	defer w.Close()
	if err := w.Add("", "", "", "", "是 / 否"); err != nil {
		return nil, err
	}
	return w.Bytes()
}
