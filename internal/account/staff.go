package account

import (
	"context"
	"fmt"
	"strconv"

	"cpca/internal/audit"
	"cpca/internal/auth"

	"github.com/uptrace/bun"
)

// Staff sub-roles (协会工作人员的岗位), stored in users.staff_role next to role "admin". Each
// is a casbin role of its own (staff_<sub-role>, see policies/policy.csv), so what a
// department may do is written in the policy, never tested by name in code or templates.
const (
	StaffMembership = "membership" // 会员部: applications, members
	StaffFinance    = "finance"    // 财务: dues, fees, invoices, certificates
	StaffEvents     = "events"     // 会展: exhibitions and conferences
	StaffInfo       = "info"       // 信息: site messages, emails, SMS, feedback
	StaffSysadmin   = "sysadmin"   // 系统管理员: all of the above, the audit log, users
)

// StaffRoles lists the sub-roles in the order they are offered and shown.
var StaffRoles = []string{StaffMembership, StaffFinance, StaffEvents, StaffInfo, StaffSysadmin}

var staffLabels = map[string]string{
	StaffMembership: "会员部",
	StaffFinance:    "财务",
	StaffEvents:     "会展",
	StaffInfo:       "信息",
	StaffSysadmin:   "系统管理员",
}

// StaffLabel names a sub-role in Chinese (translated where it is shown); "" for none.
func StaffLabel(sub string) string { return staffLabels[sub] }

// ValidStaffRole reports whether sub is one of StaffRoles.
func ValidStaffRole(sub string) bool { _, ok := staffLabels[sub]; return ok }

// ParseStaffRole accepts a sub-role by its English key or its Chinese label (for the CLI).
func ParseStaffRole(s string) (string, error) {
	for _, r := range StaffRoles {
		if s == r || s == staffLabels[r] {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown staff role %q: want one of membership (会员部), finance (财务), events (会展), info (信息), sysadmin (系统管理员)", s)
}

// Subjects of the policy that no user row names directly.
const (
	// SubjectStaff is the base role every staff sub-role inherits (staff home, 个人中心).
	SubjectStaff = "staff"
)

// StaffSubject is the casbin subject of a staff sub-role.
func StaffSubject(sub string) string { return "staff_" + sub }

// Subjects lists every casbin subject a principal can have, for tests and for caches
// that are filled per subject.
func Subjects() []string {
	out := []string{RoleAnonymous, RoleApplicant, RoleMember, RoleCouncil, SubjectClosed, RoleReviewer}
	for _, r := range StaffRoles {
		out = append(out, StaffSubject(r))
	}
	return out
}

// IsStaff reports whether the principal is association staff, whatever the department.
// Code that asked Role == RoleAdmin asks this: it stays true for every sub-role.
func (p Principal) IsStaff() bool { return p.Role == RoleAdmin }

// IsMember reports whether the principal acts for a member company (council included).
func (p Principal) IsMember() bool { return p.Role == RoleMember || p.Role == RoleCouncil }

// Subject is the principal's casbin subject: the role, or for staff the role of their
// department (staff_finance, ...). A staff row without a valid sub-role gets the base staff
// role only, never more.
func (p Principal) Subject() string {
	if p.Closed != "" {
		return SubjectClosed
	}
	if p.Role != RoleAdmin {
		return p.Role
	}
	if ValidStaffRole(p.Staff) {
		return StaffSubject(p.Staff)
	}
	return SubjectStaff
}

// StaffLabel names the principal's department, "" for non-staff.
func (p Principal) StaffLabel() string {
	if !p.IsStaff() {
		return ""
	}
	if l := StaffLabel(p.Staff); l != "" {
		return l
	}
	return "协会管理员"
}

// SetStaffRole moves a staff user to another department.
func SetStaffRole(ctx context.Context, db bun.IDB, userID int64, sub string) error {
	if !ValidStaffRole(sub) {
		_, err := ParseStaffRole(sub)
		return err
	}
	_, err := db.NewUpdate().Model((*User)(nil)).Set("staff_role = ?", sub).Set("updated_at = now()").
		Where("id = ?", userID).Where("role = ?", RoleAdmin).Exec(ctx)
	return err
}

// StaffIn lists the active staff of the given departments, for mail to a department.
func StaffIn(ctx context.Context, db bun.IDB, departments ...string) ([]User, error) {
	var us []User
	err := db.NewSelect().Model(&us).Where("role = ?", RoleAdmin).Where("staff_role IN (?)", bun.In(departments)).
		Where("NOT disabled").Order("id").Scan(ctx)
	return us, err
}

// CreateStaff adds a staff account (cpca admin create): the password must pass the rules,
// and the account and its audit entry commit together.
func CreateStaff(ctx context.Context, db *bun.DB, u *User, password string, by audit.Actor) error {
	if err := auth.CheckRules(password, u.Username); err != nil {
		return err
	}
	u.Role = RoleAdmin
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := Create(ctx, tx, u, password); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "account.admin_create", ObjectType: "user",
			ObjectID: strconv.FormatInt(u.ID, 10), Detail: u.Username + " " + u.StaffRole})
	})
}

// SubjectClosed is the casbin subject of a user whose company is suspended (暂停) or withdrawn
// (已退会): the company's data is kept, but only the home page, messages and the personal
// settings stay open; every other member page answers with ClosedMessage.
const SubjectClosed = "member_closed"

// ClosedMessage is what a closed company's user reads on a member page.
func (p Principal) ClosedMessage() string {
	if p.Closed == "withdrawn" {
		return "贵单位已退会，会员服务已关闭。如有疑问，请联系协会会员部。"
	}
	return "贵单位的会员服务已暂停，单位资料会保留。如有疑问，请联系协会会员部。"
}
