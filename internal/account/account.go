// Package account holds the people who log in (users) and their roles.
package account

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"cpca/internal/auth"
	"cpca/internal/errs"

	"github.com/uptrace/bun"
)

// Roles stored on a user. Council is derived from the company's level (see Role).
const (
	RoleApplicant = "applicant"
	RoleMember    = "member"
	RoleAdmin     = "admin"
	RoleCouncil   = "council"
	RoleAnonymous = "anonymous"
)

// ErrNotFound is returned when no user matches.
var ErrNotFound = errs.New(errs.NotFound, "用户不存在")

// ErrUsernameTaken is returned when a username is in use (case-insensitive).
var ErrUsernameTaken = errs.New(errs.Conflict, "该用户名已被使用")

// User is one login.
type User struct {
	bun.BaseModel     `bun:"table:users"`
	ID                int64        `bun:"id,pk,autoincrement"`
	Username          string       `bun:"username"`
	PasswordHash      string       `bun:"password_hash"`
	Name              string       `bun:"name"`
	Email             string       `bun:"email"`
	Mobile            string       `bun:"mobile"`
	Lang              string       `bun:"lang"`
	Role              string       `bun:"role"`
	StaffRole         string       `bun:"staff_role"` // staff only: the department (see staff.go)
	CompanyID         int64        `bun:"company_id,nullzero"`
	Disabled          bool         `bun:"disabled"`
	IsMain            bool         `bun:"is_main"` // the company's main account (the one that registered): invites colleagues
	PrivacyAcceptedAt sql.NullTime `bun:"privacy_accepted_at"`
	CreatedAt         time.Time    `bun:"created_at,nullzero,default:now()"`
	UpdatedAt         time.Time    `bun:"updated_at,nullzero,default:now()"`
}

// Principal is the user as the authorizer sees them: the casbin subject plus ids.
type Principal struct {
	UserID    int64
	Username  string
	Name      string
	Role      string // anonymous | applicant | member | council | admin
	Staff     string // admin only: the department (StaffFinance, ...); Subject() is the casbin role
	CompanyID int64
	Lang      string
	// Closed is the company's status when its member services are closed (会员管理:
	// suspended or withdrawn); its users then get the subject SubjectClosed.
	Closed string
}

// Anonymous is the principal of a request without a login.
var Anonymous = Principal{Role: RoleAnonymous, Lang: "zh"}

// ByID loads a user.
func ByID(ctx context.Context, db bun.IDB, id int64) (*User, error) {
	u := new(User)
	err := db.NewSelect().Model(u).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return u, err
}

// ByUsername loads a user by username, ignoring case.
func ByUsername(ctx context.Context, db bun.IDB, username string) (*User, error) {
	u := new(User)
	err := db.NewSelect().Model(u).Where("lower(username) = lower(?)", strings.TrimSpace(username)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return u, err
}

// UsernameTaken reports whether a username is in use.
func UsernameTaken(ctx context.Context, db bun.IDB, username string) (bool, error) {
	return db.NewSelect().Model((*User)(nil)).Where("lower(username) = lower(?)", strings.TrimSpace(username)).Exists(ctx)
}

// Create inserts u, hashing password.
func Create(ctx context.Context, db bun.IDB, u *User, password string) error {
	h, err := auth.Hash(password)
	if err != nil {
		return err
	}
	u.PasswordHash = h
	if u.Role == RoleAdmin && u.StaffRole == "" {
		u.StaffRole = StaffSysadmin // staff created without a department keep the full rights staff had before sub-roles
	}
	if u.Lang == "" {
		u.Lang = "zh"
	}
	_, err = db.NewInsert().Model(u).Returning("id, created_at").Exec(ctx)
	if err != nil && strings.Contains(err.Error(), "users_username_key") {
		return ErrUsernameTaken
	}
	return err
}

// Admins lists the staff who review applications (会员部 and 系统管理员): they get the digest
// of applications waiting. Other departments are not sent it (StaffIn for them).
func Admins(ctx context.Context, db bun.IDB) ([]User, error) {
	return StaffIn(ctx, db, StaffMembership, StaffSysadmin)
}

// PrincipalOf loads the principal for a session's user: the role comes from the user row,
// and a member whose company is at a council level (理事单位 and above) is a council member.
// A disabled or missing user is anonymous.
func PrincipalOf(ctx context.Context, db bun.IDB, userID int64) (Principal, error) {
	var r principalRow
	err := db.QueryRowContext(ctx, "SELECT "+principalColumns+" FROM users u LEFT JOIN companies c ON c.id = u.company_id WHERE u.id = ?", userID).Scan(r.dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return Anonymous, nil
	}
	if err != nil {
		return Anonymous, err
	}
	return r.principal(), nil
}

// principalColumns is the select list, over users u LEFT JOIN companies c, a principal is
// made of (principalRow).
const principalColumns = `coalesce(u.id, 0), coalesce(u.username, ''), coalesce(u.name, ''), coalesce(u.role, ''),
	coalesce(u.staff_role, ''), coalesce(u.company_id, 0), coalesce(u.lang, ''), coalesce(u.disabled, true),
	coalesce(c.level, ''), coalesce(c.status, '')`

type principalRow struct {
	ID                   int64
	Username, Name, Role string
	Staff                string
	CompanyID            int64
	Lang                 string
	Disabled             bool
	Level, Status        string
}

func (r *principalRow) dest() []any {
	return []any{&r.ID, &r.Username, &r.Name, &r.Role, &r.Staff, &r.CompanyID, &r.Lang, &r.Disabled, &r.Level, &r.Status}
}

// principal is the Principal of the row; a disabled or missing user is anonymous.
func (r *principalRow) principal() Principal {
	if r.ID == 0 || r.Disabled {
		return Anonymous
	}
	p := Principal{UserID: r.ID, Username: r.Username, Name: r.Name, Role: r.Role, Staff: r.Staff, CompanyID: r.CompanyID, Lang: r.Lang}
	if p.Role == RoleMember && r.Level != "" && r.Level != "member" {
		p.Role = RoleCouncil
	}
	if (p.Role == RoleMember || p.Role == RoleCouncil) && (r.Status == "suspended" || r.Status == "withdrawn") {
		p.Closed = r.Status
	}
	return p
}
