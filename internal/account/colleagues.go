package account

// Company accounts: the main account of a member company (the one that registered) invites
// colleagues by an emailed one-time link, and can disable them. Every user of a company acts
// for it; the audit log names each.

import (
	"context"
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cpca/internal/audit"
	"cpca/internal/auth"
	"cpca/internal/errs"
	imail "cpca/internal/mail"
	"cpca/internal/session"

	"github.com/uptrace/bun"
)

// Errors of the colleague actions.
var (
	ErrNotMain      = errs.New(errs.Forbidden, "只有单位主账号可以邀请或停用同事账号。")
	ErrNotColleague = errs.New(errs.NotFound, "账号不存在")
	ErrSelf         = errs.New(errs.Conflict, "不能停用主账号。")
	ErrNotPending   = errs.New(errs.Conflict, "该账号已设置密码，无需重新邀请。")
	ErrTooManyUsers = errs.New(errs.Conflict, "每个单位最多20个账号。")
)

// MaxCompanyUsers bounds a company's accounts.
const MaxCompanyUsers = 20

var usernameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{3,31}$`)

// Invitation is a colleague as the main account types them.
type Invitation struct {
	Name, Username, Email string
}

// Validate checks the invitation; messages are keyed by field.
func (i *Invitation) Validate() map[string]string {
	i.Name, i.Username, i.Email = strings.TrimSpace(i.Name), strings.TrimSpace(i.Username), strings.ToLower(strings.TrimSpace(i.Email))
	e := map[string]string{}
	switch {
	case i.Name == "":
		e["name"] = "请填写姓名"
	case utf8.RuneCountInString(i.Name) > 30:
		e["name"] = "姓名最多30个字"
	}
	if i.Username == "" {
		e["username"] = "请填写用户名"
	} else if !usernameRe.MatchString(i.Username) {
		e["username"] = "用户名为4-32位，以字母开头，可含字母、数字、下划线、点和连字符"
	}
	if a, err := mail.ParseAddress(i.Email); err != nil || a.Address != i.Email || len(i.Email) > 100 || !strings.Contains(i.Email, "@") {
		e["email"] = "邮箱格式不正确"
	}
	return e
}

// Colleague is one account of a company, as the accounts page lists it.
type Colleague struct {
	User
	// Pending: invited, no password set yet.
	Pending bool
}

// Colleagues lists the accounts of a company, the main one first.
func Colleagues(ctx context.Context, db bun.IDB, companyID int64) ([]Colleague, error) {
	var us []User
	err := db.NewSelect().Model(&us).Where("company_id = ?", companyID).Where("role <> ?", RoleAdmin).
		OrderExpr("is_main DESC, id").Limit(MaxCompanyUsers + 5).Scan(ctx)
	out := make([]Colleague, len(us))
	for i, u := range us {
		out[i] = Colleague{User: u, Pending: u.PasswordHash == ""}
	}
	return out, err
}

// mainOf loads the inviter and checks it is its company's main account.
func mainOf(ctx context.Context, db bun.IDB, userID int64) (*User, error) {
	u, err := ByID(ctx, db, userID)
	if err != nil {
		return nil, err
	}
	if !u.IsMain || u.CompanyID == 0 || u.Disabled {
		return nil, ErrNotMain
	}
	return u, nil
}

// colleagueOf loads a user of the inviter's company (another company's user is not found).
func colleagueOf(ctx context.Context, db bun.IDB, inviter *User, userID int64) (*User, error) {
	u, err := ByID(ctx, db, userID)
	if err == ErrNotFound || (err == nil && (u.CompanyID != inviter.CompanyID || u.Role == RoleAdmin)) {
		return nil, ErrNotColleague
	}
	return u, err
}

// inviteEmail is the invitation mail.
func inviteEmail(to, inviter, companyName, username, link string) imail.Message {
	return imail.Message{To: to, Kind: "invite", Subject: "邀请您使用 CPCA 会员管理系统 - " + companyName,
		Body: fmt.Sprintf("您好：\n\n%s 邀请您以“%s”同事的身份使用 CPCA 会员管理系统。\n用户名：%s\n\n请在72小时内打开以下链接设置您的登录密码（链接只能使用一次）：\n%s\n\n如果您不认识邀请人，请忽略本邮件。\n\n中国电子电路行业协会（CPCA）\n",
			inviter, companyName, username, link)}
}

// Invite creates a colleague's account of the main account's company, without a password,
// and emails the one-time link with which they set it (valid 72 hours). The username must be
// free (ErrUsernameTaken).
func Invite(ctx context.Context, db bun.IDB, inviterID int64, inv Invitation, companyName, baseURL string, by audit.Actor, now time.Time) (*User, error) {
	var u *User
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		m, err := mainOf(ctx, tx, inviterID)
		if err != nil {
			return err
		}
		if _, err := tx.NewRaw(`SELECT id FROM companies WHERE id = ? FOR UPDATE`, m.CompanyID).Exec(ctx); err != nil {
			return err
		}
		n, err := tx.NewSelect().Model((*User)(nil)).Where("company_id = ?", m.CompanyID).Count(ctx)
		if err != nil {
			return err
		}
		if n >= MaxCompanyUsers {
			return ErrTooManyUsers
		}
		if taken, err := UsernameTaken(ctx, tx, inv.Username); err != nil {
			return err
		} else if taken {
			return ErrUsernameTaken
		}
		u = &User{Username: inv.Username, Name: inv.Name, Email: inv.Email, Role: RoleMember, CompanyID: m.CompanyID, Lang: "zh"}
		if m.Role == RoleApplicant {
			u.Role = RoleApplicant
		}
		if _, err := tx.NewInsert().Model(u).Returning("id, created_at").Exec(ctx); err != nil {
			if strings.Contains(err.Error(), "users_username_key") {
				return ErrUsernameTaken
			}
			return err
		}
		token, err := newLink(ctx, tx, PurposeInvite, u.ID, by.ID, now)
		if err != nil {
			return err
		}
		if _, err := imail.Queue(ctx, tx, inviteEmail(u.Email, inviterName(m), companyName, u.Username, baseURL+"/invite/"+token)); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "account.invite", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10),
			Detail: fmt.Sprintf("company %d: %s <%s>", m.CompanyID, u.Username, u.Email)})
	})
	return u, err
}

func inviterName(u *User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Username
}

// ResendInvite sends a new invitation link to a colleague who has not set a password yet;
// the earlier link stops working.
func ResendInvite(ctx context.Context, db bun.IDB, inviterID, userID int64, companyName, baseURL string, by audit.Actor, now time.Time) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		m, err := mainOf(ctx, tx, inviterID)
		if err != nil {
			return err
		}
		u, err := colleagueOf(ctx, tx, m, userID)
		if err != nil {
			return err
		}
		if u.PasswordHash != "" || u.Disabled {
			return ErrNotPending
		}
		token, err := newLink(ctx, tx, PurposeInvite, u.ID, by.ID, now)
		if err != nil {
			return err
		}
		if _, err := imail.Queue(ctx, tx, inviteEmail(u.Email, inviterName(m), companyName, u.Username, baseURL+"/invite/"+token)); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "account.invite_resend", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10)})
	})
}

// SetDisabled disables (or enables again) a colleague's account. Disabling ends every
// session of the colleague at once and spends their open links. The main account itself is
// never disabled here. It returns how many sessions ended.
func SetDisabled(ctx context.Context, db bun.IDB, inviterID, userID int64, disabled bool, by audit.Actor) (ended int, err error) {
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		m, err := mainOf(ctx, tx, inviterID)
		if err != nil {
			return err
		}
		u, err := colleagueOf(ctx, tx, m, userID)
		if err != nil {
			return err
		}
		if u.IsMain || u.ID == m.ID {
			return ErrSelf
		}
		if _, err := tx.NewUpdate().Model(u).Set("disabled = ?", disabled).Set("updated_at = now()").WherePK().Exec(ctx); err != nil {
			return err
		}
		action := "account.enable"
		if disabled {
			action = "account.disable"
			if ended, err = (&session.Store{DB: tx}).EndOthers(ctx, u.ID, nil); err != nil {
				return err
			}
			if err := dropLinks(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		return by.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10),
			Detail: fmt.Sprintf("%s; %d session(s) ended", u.Username, ended)})
	})
	return ended, err
}

// AcceptInvite sets the invited colleague's password from the link: the password rules of
// internal/auth apply (nothing is spent when they fail), then the link is spent and the
// password stored in one transaction. A link used twice or expired is ErrLinkInvalid.
func AcceptInvite(ctx context.Context, db bun.IDB, token, password string, ip string, now time.Time) (*User, error) {
	u, err := PeekLink(ctx, db, PurposeInvite, token, now)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckRules(password, u.Username); err != nil {
		return nil, err
	}
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		id, err := useLink(ctx, tx, PurposeInvite, token, now)
		if err != nil {
			return err
		}
		if err := setHash(ctx, tx, id, password); err != nil {
			return err
		}
		return audit.Actor{ID: u.ID, Name: u.Username, IP: ip}.Record(ctx, tx, audit.Entry{Action: "account.invite_accept",
			ObjectType: "user", ObjectID: strconv.FormatInt(id, 10)})
	})
	return u, err
}
