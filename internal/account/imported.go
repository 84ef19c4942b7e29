package account

// 导入会员 (会员管理): a member company imported from the association's old records gets its
// main account without a password, so nobody can log in with it until the contact sets one
// through the same one-time invitation link colleagues get (72 hours, single use).

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"cpca/internal/audit"
	imail "cpca/internal/mail"

	"github.com/uptrace/bun"
)

// Imported is the main account of an imported company: username the company's credit code,
// no password (Pending until the invitation is accepted).
func Imported(companyID int64, username, name, email, mobile string) User {
	return User{Username: username, Name: name, Email: email, Mobile: mobile, Role: RoleMember, CompanyID: companyID, IsMain: true, Lang: "zh"}
}

// SendImportInvite mails the one-time link with which an imported company's main account
// sets its password, in the transaction of the import's row; earlier unused links stop
// working.
func SendImportInvite(ctx context.Context, tx bun.IDB, u *User, companyName, baseURL string, by audit.Actor, now time.Time) error {
	if u.Email == "" {
		return ErrNoEmail
	}
	token, err := newLink(ctx, tx, PurposeInvite, u.ID, by.ID, now)
	if err != nil {
		return err
	}
	m := imail.Message{To: u.Email, Kind: "invite", Subject: "欢迎使用 CPCA 会员管理系统 - " + companyName,
		Body: fmt.Sprintf("您好：\n\n中国电子电路行业协会已为贵单位“%s”开通会员管理系统账号。\n用户名：%s（统一社会信用代码）\n\n请在72小时内打开以下链接设置登录密码（链接只能使用一次）：\n%s\n\n链接过期后，请联系协会会员部重新发送。\n\n中国电子电路行业协会（CPCA）\n",
			companyName, u.Username, baseURL+"/invite/"+token)}
	if _, err := imail.Queue(ctx, tx, m); err != nil {
		return err
	}
	return by.Record(ctx, tx, audit.Entry{Action: "account.invite", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10),
		Detail: fmt.Sprintf("imported company %d: %s <%s>", u.CompanyID, u.Username, u.Email)})
}
