// Package files stores uploaded and generated files in PostgreSQL under random ids. Uploads
// are checked by content (magic bytes), not by name or declared type.
package files

import (
	"archive/zip"
	"bytes"
	"context"
	"cpca/internal/errs"
	dbstore "cpca/internal/store"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"
)

// MaxUpload is the size limit of one uploaded file.
const MaxUpload = 5 << 20

// Upload errors, worded for the form.
var (
	ErrEmpty    = errs.New(errs.Invalid, "文件为空，请重新选择")
	ErrTooLarge = errs.New(errs.Invalid, "文件不能超过 %d MB", MaxUpload>>20)
	ErrType     = errs.New(errs.Invalid, "只支持 PDF、JPG、PNG 格式的文件（按文件内容识别）")
	ErrNotFound = errs.New(errs.NotFound, "文件不存在")
	// ErrDocType is ErrType for the kinds that also take Word documents (DocumentKinds).
	ErrDocType = errs.New(errs.Invalid, "只支持 PDF、JPG、PNG、DOCX 格式的文件（按文件内容识别）")
)

// Kinds of file.
const (
	KindVoucher     = "voucher"
	KindInvoice     = "invoice"
	KindCertificate = "certificate"
)

// File is one stored file.
type File struct {
	bun.BaseModel `bun:"table:files"`
	ID            string `bun:"id,pk"`
	CompanyID     int64  `bun:"company_id,nullzero"`
	Kind          string `bun:"kind"`
	Name          string `bun:"name"`
	ContentType   string `bun:"content_type"`
	Size          int    `bun:"size"`
	SHA256        []byte `bun:"sha256"`
	Data          []byte `bun:"data"`
	CreatedBy     int64  `bun:"created_by,nullzero"`
	// Visibility is Public or Members for association-published kinds, "" otherwise.
	Visibility string    `bun:"visibility,nullzero"`
	CreatedAt  time.Time `bun:"created_at,nullzero,default:now()"`
}

// Sniff returns the content type of an allowed document (PDF, JPEG, PNG) by its first bytes.
func Sniff(data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", ErrEmpty
	case len(data) > MaxUpload:
		return "", ErrTooLarge
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf", nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg", nil
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", nil
	}
	return "", ErrType
}

// DOCX is the content type of a Word document.
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// SniffDocument is Sniff that also accepts a Word document (.docx): a ZIP archive holding
// word/document.xml. A renamed ZIP, XLSX or old .doc is refused.
func SniffDocument(data []byte) (string, error) {
	ct, err := Sniff(data)
	if err != ErrType {
		return ct, err
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return "", ErrDocType
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", ErrDocType
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return DOCX, nil
		}
	}
	return "", ErrDocType
}

// DocumentKinds take Word documents besides PDF and images: 晋升材料 templates and the
// 审核材料 a company uploads for a promotion.
// 展会活动 attachments too (参会回执 templates are often Word files).
var DocumentKinds = map[string]bool{KindPromotionTemplate: true, KindPromotionMaterial: true, KindProjectAttachment: true, KindEventAttachment: true}

// XLSX is the content type of an Excel workbook.
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ErrOfficeType is ErrType for the kinds that also take Word and Excel files (OfficeKinds).
var ErrOfficeType = errs.New(errs.Invalid, "只支持 PDF、JPG、PNG、DOCX、XLSX 格式的文件（按文件内容识别）")

// OfficeKinds take Excel workbooks too: 站内信 attachments.
var OfficeKinds = map[string]bool{KindBroadcastAttachment: true}

// SniffOffice is SniffDocument that also accepts an Excel workbook (.xlsx): a ZIP archive
// holding xl/workbook.xml. A renamed ZIP, an old .xls or an executable is refused.
func SniffOffice(data []byte) (string, error) {
	ct, err := SniffDocument(data)
	if err != ErrDocType {
		return ct, err
	}
	zr, zerr := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if zerr != nil {
		return "", ErrOfficeType
	}
	for _, f := range zr.File {
		if f.Name == "xl/workbook.xml" {
			return XLSX, nil
		}
	}
	return "", ErrOfficeType
}

// SniffFor checks data as the kind accepts it (SniffOffice, SniffDocument or Sniff).
func SniffFor(kind string, data []byte) (string, error) {
	if OfficeKinds[kind] {
		return SniffOffice(data)
	}
	if DocumentKinds[kind] {
		return SniffDocument(data)
	}
	return Sniff(data)
}

var extOf = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", DOCX: ".docx", XLSX: ".xlsx"}

// NewID returns a random 26-character id.
func NewID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// CleanName keeps a display name safe: no path, no control characters, bounded length, and
// the extension that matches the content.
func CleanName(name, contentType string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == 127 || strings.ContainsRune(`"/\:*?<>|`, r) {
			return -1
		}
		return r
	}, name)
	ext := extOf[contentType]
	base := strings.TrimSuffix(name, path.Ext(name))
	if base == "" || base == "." {
		base = "file"
	}
	for utf8.RuneCountInString(base) > 80 {
		r := []rune(base)
		base = string(r[:80])
	}
	return base + ext
}

// Save checks data and stores it; kind and companyID say what it is and whose. A company's own
// uploads (vouchers, brochures, evidence) must fit in its quota (ErrQuota).
func Save(ctx context.Context, db bun.IDB, companyID int64, kind, name string, data []byte, by int64) (*File, error) {
	ct, err := SniffFor(kind, data)
	if err != nil {
		return nil, err
	}
	return store(ctx, db, companyID, kind, CleanName(name, ct), ct, data, by)
}

// SaveGenerated stores a file the system made (certificates), bypassing the upload check.
func SaveGenerated(ctx context.Context, db bun.IDB, companyID int64, kind, name, contentType string, data []byte) (*File, error) {
	return store(ctx, db, companyID, kind, name, contentType, data, 0)
}

// insertFile binds the data as a parameter instead of letting bun inline it: an inlined 5 MB
// file is a 10 MB SQL text, which pgx's per-connection statement cache and PostgreSQL's
// prepared statement then kept (25 uploads left the web process at 400 MB).
const insertFile = `INSERT INTO files (id, company_id, kind, name, content_type, size, sha256, data, created_by)
VALUES ($1, NULLIF($2, 0), $3, $4, $5, $6, $7, $8, NULLIF($9, 0)) RETURNING created_at`

func store(ctx context.Context, db bun.IDB, companyID int64, kind, name, ct string, data []byte, by int64) (*File, error) {
	sum := sha256.Sum256(data)
	f := &File{ID: NewID(), CompanyID: companyID, Kind: kind, Name: name, ContentType: ct, Size: len(data),
		SHA256: sum[:], Data: data, CreatedBy: by}
	var err error
	if counted(companyID, kind) {
		err = insertWithinQuota(ctx, db, f)
	} else {
		err = insert(ctx, db, f)
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// insert writes the row with its data as a bound parameter (insertFile).
func insert(ctx context.Context, db bun.IDB, f *File) error {
	args := []any{dbstore.Prepared, f.ID, f.CompanyID, f.Kind, f.Name, f.ContentType, f.Size, f.SHA256, f.Data, f.CreatedBy}
	var row *sql.Row
	switch d := db.(type) {
	case *bun.DB:
		row = d.DB.QueryRowContext(ctx, insertFile, args...)
	case bun.Tx:
		row = d.Tx.QueryRowContext(ctx, insertFile, args...)
	case bun.Conn:
		row = d.Conn.QueryRowContext(ctx, insertFile, args...)
	default:
		_, err := db.NewInsert().Model(f).Exec(ctx)
		return err
	}
	return row.Scan(&f.CreatedAt)
}

// Get loads a file with its data.
func Get(ctx context.Context, db bun.IDB, id string) (*File, error) {
	f := new(File)
	err := db.NewSelect().Model(f).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return f, err
}

// Meta loads a file without its data (for the ownership check before a download).
func Meta(ctx context.Context, db bun.IDB, id string) (*File, error) {
	f := new(File)
	err := db.NewSelect().Model(f).ExcludeColumn("data").Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return f, err
}

// Disposition is the Content-Disposition of a download: attachment, with an ASCII fallback
// and the UTF-8 name per RFC 6266 / RFC 5987.
func Disposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r > 126 || r < 32 || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name))
}
