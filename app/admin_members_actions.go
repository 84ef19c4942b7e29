package app

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/members"
	"cpca/internal/sheet"

	"github.com/gofiber/fiber/v2"
)

func memberURL(id int64) string { return "/admin/members/" + strconv.FormatInt(id, 10) }

// memberMove runs one status action (暂停, 恢复, 退会); a missing reason is shown next to
// the field of the action's form.
func (s *Server) memberMove(c *fiber.Ctx, do func(id int64, reason string) error, field string, ok string) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	reason := c.FormValue(field)
	err = do(id, reason)
	if errors.Is(err, members.ErrReason) {
		return s.renderMember(c, id, map[string]string{field: err.Error()}, map[string]string{field: reason})
	}
	return s.done(c, err, msg(ok), memberURL(id))
}

func (s *Server) memberSuspend(c *fiber.Ctx) error {
	return s.memberMove(c, func(id int64, r string) error {
		return members.Suspend(c.UserContext(), s.DB, id, r, actor(c), s.Now())
	}, "suspend_reason", "已暂停该单位的会员服务，已通知该单位。")
}

func (s *Server) memberResume(c *fiber.Ctx) error {
	return s.memberMove(c, func(id int64, r string) error {
		return members.Resume(c.UserContext(), s.DB, id, r, actor(c), s.Now())
	}, "resume_reason", "已恢复该单位的会员服务，已通知该单位。")
}

func (s *Server) memberWithdraw(c *fiber.Ctx) error {
	return s.memberMove(c, func(id int64, r string) error {
		return members.Withdraw(c.UserContext(), s.DB, id, r, actor(c), s.Now())
	}, "withdraw_reason", "已办理退会，证书已撤销，已通知该单位。")
}

// memberAccountIDs reads :id (the company) and :uid (one of its accounts).
func memberAccountIDs(c *fiber.Ctx) (int64, int64, error) {
	id, err := idParam(c)
	if err != nil {
		return 0, 0, err
	}
	uid, err := idParam(c, "uid")
	return id, uid, err
}

func (s *Server) memberAccountSet(c *fiber.Ctx, disabled bool) error {
	id, uid, err := memberAccountIDs(c)
	if err != nil {
		return err
	}
	n, err := account.StaffSetDisabled(c.UserContext(), s.DB, id, uid, disabled, actor(c))
	if disabled {
		return s.done(c, err, msg("已停用该账号，结束了 %d 个登录会话。", n), memberURL(id))
	}
	return s.done(c, err, msg("已启用该账号。"), memberURL(id))
}

func (s *Server) memberAccountDisable(c *fiber.Ctx) error { return s.memberAccountSet(c, true) }
func (s *Server) memberAccountEnable(c *fiber.Ctx) error  { return s.memberAccountSet(c, false) }

func (s *Server) memberAccountReset(c *fiber.Ctx) error {
	id, uid, err := memberAccountIDs(c)
	if err != nil {
		return err
	}
	u, err := account.StaffSendReset(c.UserContext(), s.DB, id, uid, s.Cfg.BaseURL, actor(c), s.Now())
	email := ""
	if u != nil {
		email = u.Email
	}
	return s.done(c, err, msg("已向 %s 发送重置密码链接（30分钟内有效，只能使用一次）。", email), memberURL(id))
}

// memberExportHead is the header of the member export: every registration field.
var memberExportHead = []string{"会员编号", "单位名称", "统一社会信用代码", "会员级别", "会员状态", "状态原因", "入会日期", "本年度会费",
	"法定代表人", "注册资本(万元)", "成立日期", "企业性质", "企业类别", "省份", "城市", "通讯地址", "邮政编码", "网址", "员工人数",
	"企业简介", "主要产品", "上年销售额(万元)", "出口比例(%)", "主要市场", "资质认证",
	"主要联系人", "主要联系人职务", "主要联系人手机", "主要联系人邮箱", "财务联系人", "财务联系人手机", "财务联系人邮箱", "其他单位成员"}

// memberExportRow is one member as export cells: every text cell through sheet.Text, with
// the text style (leading zeros and all 18 characters of a USCC kept).
func memberExportRow(r members.Row, sh *sheet.Writer) []any {
	lang := func(s string) string { return s }
	t := func(s string) any { return sh.Cell(s) }
	str := func(v sql.NullString) any { // a numeric column: a number cell Excel can sum
		if !v.Valid {
			return ""
		}
		if f, err := strconv.ParseFloat(v.String, 64); err == nil {
			return f
		}
		return t(v.String)
	}
	date := func(v bool, tm time.Time) string {
		if !v {
			return ""
		}
		return tm.Format("2006-01-02")
	}
	var primary, finance company.Person
	var others []string
	for _, p := range r.People {
		switch {
		case p.IsPrimary && primary.Name == "":
			primary = p
		case p.IsFinance && finance.Name == "":
			finance = p
		default:
			others = append(others, strings.TrimSpace(p.Name+" "+p.Title+" "+p.Mobile+" "+p.Email))
		}
	}
	var employees any = ""
	if r.Employees.Valid {
		employees = r.Employees.Int64
	}
	dues := "无账单"
	if r.DuesStatus != "" {
		dues = duesLabel(r.DuesStatus)
	}
	return []any{t(r.MemberNo.String), t(r.Name), t(r.USCC), lang(company.LevelLabel(r.Level)), lang(members.StatusLabel(r.Status)), t(r.StatusReason),
		date(r.JoinedOn.Valid, r.JoinedOn.Time), lang(dues),
		t(r.LegalRep), str(r.RegCapital), date(r.FoundedOn.Valid, r.FoundedOn.Time), t(r.Nature), t(r.Category), t(r.Province), t(r.City),
		t(r.Address), t(r.Postcode), t(r.Website), employees, t(r.Intro), t(r.MainProducts), str(r.LastYearSales), str(r.ExportRatio),
		t(r.MainMarkets), t(r.Certifications),
		t(primary.Name), t(primary.Title), t(primary.Mobile), t(primary.Email), t(finance.Name), t(finance.Mobile), t(finance.Email),
		t(strings.Join(others, "；"))}
}

// membersExport writes the filtered member list to an .xlsx (streamed), under the export
// rate limit, and audits it.
func (s *Server) membersExport(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if err := s.exportAllowed(c); err != nil {
		return err
	}
	v, f, _ := s.membersFilter(c)
	const limit = 100000
	rows, err := members.ExportRows(ctx, s.DB, f, limit)
	if err != nil {
		return err
	}
	sh, err := sheet.New("会员单位", memberExportHead)
	if err != nil {
		return err
	}
	defer sh.Close()
	for _, r := range rows {
		if err := sh.AddRow(memberExportRow(r, sh)...); err != nil {
			return err
		}
	}
	_ = actor(c).Record(ctx, s.DB, audit.Entry{Action: "member.export", ObjectType: "company", Detail: fmt.Sprintf("%s (%d rows)", v.Query, len(rows))})
	return sendSheet(c, sh, "会员单位", s.Now().In(calendar.Zone).Format("20060102"))
}

func duesLabel(s string) string { return dues.StatusLabel(s) }
