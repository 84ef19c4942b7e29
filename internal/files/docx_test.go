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
