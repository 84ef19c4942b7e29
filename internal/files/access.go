package files

import (
	"context"
	"crypto/sha256"
	"errors"

	"github.com/uptrace/bun"
)

// Kinds the association publishes itself (no owner company): each file carries its own
// Visibility. Brochures are a member company's 附件简介 for the 通讯录.
const (
	KindPromotionTemplate = "promotion_template" // 晋升材料 templates (会员晋升)
	KindEventAttachment   = "event_attachment"   // 展会活动 attachments
	KindProjectAttachment = "project_attachment" // 项目申报 attachments
	KindBrochure          = "brochure"           // 通讯录 — 附件简介
	KindFeedback          = "feedback"           // 反馈信息 attachments (the member's or staff's)
	// KindEvidence is a company's 营业执照 or other proof sent with a change request of its
	// key profile fields (会员信息), read by the company and 会员部.
	KindEvidence = "evidence"
	// KindBroadcastAttachment is a file staff attach to a 站内信 (PDF, DOCX, XLSX, images):
	// read by staff and by the companies the message was sent to, and nobody else.
	KindBroadcastAttachment = "broadcast_attachment"
	// KindPaper is the full paper of 参会投稿: read by the submitting company, 会展 staff and
	// the reviewers assigned to the paper (MayReadIn).
	KindPaper = "paper"
	// KindImportSource and KindImportResult are 会员管理's 导入会员 files: the uploaded sheet
	// and its per-row result, read by 会员部 only (no owner company).
	KindImportSource = "import_source"
	KindImportResult = "import_result"
)

// Kinds of 会员晋升 a company's reviewers read: its 审核材料, and the meeting's resolution
// (决议) that conferred its seat.
const (
	KindPromotionMaterial   = "promotion_material"
	KindPromotionResolution = "promotion_resolution"
)

// Visibility of an association-published file.
const (
	Public  = "public"  // anyone, without logging in
	Members = "members" // logged-in member companies (and staff)
	// Brochures (通讯录 附件简介) also take the directory's narrower audiences.
	Council   = "council" // council member companies (and staff)
	StaffOnly = "staff"   // association staff only
)

// Viewer is who asks to read a file, as far as the rule needs to know.
type Viewer struct {
	CompanyID int64 // the company the viewer acts for; 0 for staff and anonymous
	Member    bool  // acts for an approved member company (council included)
	Council   bool  // acts for a council member company (理事单位 and above)
	Staff     bool  // association staff, any department
	Finance   bool  // staff of 财务 (or above it in the policy: 系统管理员)
	Info      bool  // staff of 信息 (or above it: 系统管理员), who handle 反馈建议管理
	// Membership: staff of 会员部 (or 系统管理员), who decide change requests.
	Membership bool
	// Events: staff of 会展 (or 系统管理员), who run the calls for papers.
	Events bool
	// UserID is the viewer's user, for the rules that depend on an assignment (reviewers).
	UserID int64
}

// access is the rule of one kind.
type access int

const (
	ownerAndFinance    access = iota + 1 // the owner company, and finance staff
	published                            // the file's Visibility
	directory                            // the owner, staff, and the brochure's own directory audience
	ownerAndInfo                         // the owner company, and 信息 staff (feedback threads)
	ownerAndMembership                   // the owner company, and 会员部 staff
	recipients                           // staff, and the live recipient companies of a broadcast carrying it
	paperAccess                          // the owner company, 会展 staff, and assigned reviewers (MayReadIn)
)

// rules is the one table of who may read which kind. A kind missing here is read by nobody.
var rules = map[string]access{
	KindVoucher:             ownerAndFinance,
	KindInvoice:             ownerAndFinance,
	KindCertificate:         ownerAndFinance,
	KindPromotionTemplate:   published,
	KindEventAttachment:     published,
	KindProjectAttachment:   published,
	KindBrochure:            directory,
	KindFeedback:            ownerAndInfo,
	KindEvidence:            ownerAndMembership,
	KindPromotionMaterial:   ownerAndMembership,
	KindPromotionResolution: ownerAndMembership,
	KindBroadcastAttachment: recipients,
	KindPaper:               paperAccess,
	KindImportSource:        ownerAndMembership,
	KindImportResult:        ownerAndMembership,
}

// MayRead decides whether v may download f, by f's kind. Vouchers, invoices and certificates
// are the company's and 财务's business, not every department's; what the association
// publishes is public or for members, per file; a brochure follows its own visibility (the
// 通讯录 audience of the company's 附件简介, kept on the file by internal/directory); a feedback
// attachment is the company's and the 信息 staff's who answer it.
func MayRead(f *File, v Viewer) bool {
	switch rules[f.Kind] {
	case ownerAndFinance:
		return v.Finance || (f.CompanyID != 0 && f.CompanyID == v.CompanyID)
	case published:
		switch f.Visibility {
		case Public:
			return true
		case Members:
			return v.Member || v.Staff
		case Council: // published to council members only (a council-only event's attachments)
			return v.Council || v.Staff
		}
		return v.Staff // not published yet
	case directory:
		if v.Staff || (f.CompanyID != 0 && f.CompanyID == v.CompanyID) {
			return true
		}
		switch f.Visibility {
		case Public:
			return true
		case Members:
			return v.Member
		case Council:
			return v.Council
		}
		return false
	case ownerAndInfo:
		return v.Info || (f.CompanyID != 0 && f.CompanyID == v.CompanyID)
	case ownerAndMembership:
		return v.Membership || (f.CompanyID != 0 && f.CompanyID == v.CompanyID)
	case recipients:
		return v.Staff // a company's right depends on the recipient lists: see Allowed
	case paperAccess:
		return v.Events || (f.CompanyID != 0 && f.CompanyID == v.CompanyID)
	}
	return false
}

// Allowed is MayRead with the rules that need the database: a 站内信 attachment is read by
// staff and by a company that is on the live recipient list of a broadcast carrying the file
// (a retracted message's attachments go with it); a full paper as MayReadIn says. Everything
// else is MayRead.
func Allowed(ctx context.Context, db bun.IDB, f *File, v Viewer) (bool, error) {
	if rules[f.Kind] == paperAccess {
		return MayReadIn(ctx, db, f, v)
	}
	if rules[f.Kind] != recipients || v.Staff || v.CompanyID == 0 {
		return MayRead(f, v), nil
	}
	return db.NewSelect().TableExpr("broadcast_files AS bf").
		Join("JOIN broadcast_recipients AS r ON r.broadcast_id = bf.broadcast_id").
		Where("bf.file_id = ?", f.ID).Where("r.company_id = ?", v.CompanyID).Where("r.live").Exists(ctx)
}

// MayReadIn is MayRead plus the rules that need the database: a reviewer reads a full paper
// (any of its versions) only while assigned to a paper that is not withdrawn.
func MayReadIn(ctx context.Context, db bun.IDB, f *File, v Viewer) (bool, error) {
	if MayRead(f, v) {
		return true, nil
	}
	if rules[f.Kind] != paperAccess || v.UserID == 0 {
		return false, nil
	}
	return db.NewSelect().TableExpr("paper_reviews AS r").Join("JOIN papers p ON p.id = r.paper_id").
		Where("r.reviewer_id = ? AND p.status <> 'withdrawn'", v.UserID).
		Where("p.file_id = ? OR EXISTS (SELECT 1 FROM paper_versions pv WHERE pv.paper_id = p.id AND pv.file_id = ?)", f.ID, f.ID).Exists(ctx)
}

// ErrVisibility is returned for a published file without a valid visibility.
var ErrVisibility = errors.New("visibility must be public or members")

// SavePublished checks and stores a file the association publishes (kind one of the
// published kinds), readable per visibility (Public or Members).
func SavePublished(ctx context.Context, db bun.IDB, kind, visibility, name string, data []byte, by int64) (*File, error) {
	if rules[kind] != published || (visibility != Public && visibility != Members) {
		return nil, ErrVisibility
	}
	ct, err := SniffFor(kind, data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	f := &File{ID: NewID(), Kind: kind, Name: CleanName(name, ct), ContentType: ct, Size: len(data),
		SHA256: sum[:], Data: data, CreatedBy: by, Visibility: visibility}
	_, err = db.NewInsert().Model(f).Exec(ctx)
	return f, err
}
