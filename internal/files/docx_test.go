package files

import (
	"archive/zip"
	"bytes"
	"testing"
)

func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = f.Write([]byte("<x/>"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A Word document is accepted by content for the kinds that take documents, and only there; a
// ZIP without word/document.xml (an XLSX, a renamed archive) is not a Word document.
func TestSniffDocument(t *testing.T) {
	docx := zipOf(t, "[Content_Types].xml", "word/document.xml")
	xlsx := zipOf(t, "[Content_Types].xml", "xl/workbook.xml")
	if ct, err := SniffDocument(docx); err != nil || ct != DOCX {
		t.Errorf("docx: %q %v", ct, err)
	}
	if _, err := SniffDocument(xlsx); err != ErrDocType {
		t.Errorf("xlsx: %v, want ErrDocType", err)
	}
	if _, err := SniffDocument([]byte("PK\x03\x04 broken")); err != ErrDocType {
		t.Errorf("broken zip: %v", err)
	}
	if _, err := SniffDocument([]byte("hello")); err != ErrDocType {
		t.Errorf("text: %v", err)
	}
	if ct, err := SniffDocument([]byte("%PDF-1.4")); err != nil || ct != "application/pdf" {
		t.Errorf("pdf: %q %v", ct, err)
	}
	if _, err := SniffFor(KindVoucher, docx); err != ErrType {
		t.Errorf("a voucher may not be a Word document: %v", err)
	}
	if ct, err := SniffFor(KindPromotionMaterial, docx); err != nil || ct != DOCX {
		t.Errorf("promotion material docx: %q %v", ct, err)
	}
	if n := CleanName("申请表", DOCX); n != "申请表.docx" {
		t.Errorf("name %q", n)
	}
}

// 审核材料 are read by their company and 会员部, not by another company or 财务.
func TestMaterialAccess(t *testing.T) {
	f := &File{Kind: KindPromotionMaterial, CompanyID: 7}
	for _, tc := range []struct {
		v    Viewer
		want bool
	}{
		{Viewer{CompanyID: 7, Member: true}, true},
		{Viewer{CompanyID: 8, Member: true}, false},
		{Viewer{Staff: true, Membership: true}, true},
		{Viewer{Staff: true, Finance: true}, false},
		{Viewer{}, false},
	} {
		if got := MayRead(f, tc.v); got != tc.want {
			t.Errorf("%+v: %v, want %v", tc.v, got, tc.want)
		}
	}
}

// 站内信 attachments take PDF, images, Word and Excel by content; an executable, a renamed ZIP
// or an empty file is refused with the message that names the accepted types.
func TestSniffOffice(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		ct   string
		err  error
	}{
		{"pdf", []byte("%PDF-1.7 x"), "application/pdf", nil},
		{"png", []byte("\x89PNG\r\n\x1a\nxx"), "image/png", nil},
		{"docx", zipOf(t, "word/document.xml"), DOCX, nil},
		{"xlsx", zipOf(t, "[Content_Types].xml", "xl/workbook.xml"), XLSX, nil},
		{"renamed zip", zipOf(t, "a.txt"), "", ErrOfficeType},
		{"executable", []byte("MZ\x90\x00\x03 this program"), "", ErrOfficeType},
		{"elf", []byte("\x7fELF\x02\x01"), "", ErrOfficeType},
		{"empty", nil, "", ErrEmpty},
	}
	for _, c := range cases {
		ct, err := SniffFor(KindBroadcastAttachment, c.data)
		if ct != c.ct || err != c.err {
			t.Errorf("%s: %q %v, want %q %v", c.name, ct, err, c.ct, c.err)
		}
	}
	if CleanName("报表.exe", XLSX) != "报表.xlsx" {
		t.Error("the name does not follow the content")
	}
}
