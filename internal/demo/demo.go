// Package demo seeds an empty database with an admin and a few companies in different
// states, so a fresh `make run` shows a usable system.
package demo

import (
	"context"
	"fmt"
	"time"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/mail"
	"cpca/internal/membership"
	"cpca/internal/notice"
	"cpca/internal/uscc"

	"github.com/uptrace/bun"
)

// Password is the demo logins' password (printed by make run; change it on a real system).
const Password = "Demo#2026cpca"

// Login is one demo account, for printing.
type Login struct{ Username, Role, Note string }

// Logins lists the demo accounts.
var Logins = []Login{
	{"admin", "系统管理员", "协会全部后台：入会审核、会员缴费管理、邮件管理、反馈建议管理、后台任务、审计日志"},
	{"huiyuan", "会员部", "入会审核、会员管理（筛选、导出、暂停/恢复/退会）、晋升审核、会员信息变更（华电的更名申请待审核）"},
	{"caiwu", "财务", "会员缴费管理、会费标准、发票、会员证书"},
	{"huizhan", "会展", "展会活动管理：活动、报名名单、候补、导出、现场签到"},
	{"xinxi", "信息", "邮件管理、短信管理、反馈建议管理"},
	{"huadian", "会员单位", "深圳华电电路有限公司（已入会；主账号，已邀请同事 huadian_zhao；更名申请待审核；展会候补中）"},
	{"shanghaicl", "理事单位", "上海精诚覆铜板股份有限公司（理事单位；申请常务理事单位，已通过初审待批准）"},
	{"yongjiang", "会员单位", "宁波甬江电路板有限公司（已被会员部暂停：只能查看待办事项、站内信息和个人中心）"},
	{"pingshen", "外部评审专家", "参会投稿的评审任务：技术研讨会的一篇稿件已评分（匿名评审）"},
	{"suzhoupcb", "申请人", "苏州新艺电子科技有限公司（待审核，纸质材料未到）"},
	{"dgzl", "申请人", "东莞联創电子装联有限公司（已退回，可修改重新提交）"},
	{"zhhy", "申请人", "珠海航宇专用设备有限公司（待审核，两天前提交）"},
}

// Invited lists the demo accounts invited but without a password yet (their invitation email
// is in the outbox): users, but not logins.
var Invited = []string{"huadian_zhao"}

func code(prefix string) string { return prefix + string(uscc.CheckChar(prefix)) }

func draft(name, uscc17, province, city, category, username, email, person, mobile string) *membership.Draft {
	return &membership.Draft{Step: 4,
		Company: membership.CompanyInfo{Name: name, USCC: code(uscc17), LegalRep: person, RegCapital: "5000", FoundedOn: "2006-08-18",
			Nature: "民营企业", Category: category, Province: province, City: city, Address: city + "高新技术产业园 8 号",
			Postcode: "518000", Website: "https://www.example.com", Employees: "850", Intro: name + "专注于印制电路相关产品的研发与制造。"},
		Sales: membership.SalesInfo{MainProducts: "高多层板、HDI板", LastYearSales: "68000", ExportRatio: "35", MainMarkets: "通信、汽车电子", Certifications: "ISO 9001、IATF 16949"},
		People: membership.PeopleInfo{People: []membership.Person{
			{Name: person, Title: "总经理", Mobile: mobile, Email: email},
			{Name: "王会计", Title: "财务经理", Mobile: "13900001111", Email: "finance@" + username + ".example.com"},
		}, Primary: 0, Finance: 1},
		Account: membership.AccountInfo{Username: username, Email: email, Mobile: mobile, Consent: true},
	}
}

// Seed adds the demo data if the database has no users; it reports whether it did.
func Seed(ctx context.Context, db *bun.DB, m membership.Mailing) (bool, error) {
	n, err := db.NewSelect().Model((*account.User)(nil)).Count(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		admin := &account.User{Username: "admin", Name: "协会系统管理员", Email: "admin@cpca.example.org", Role: account.RoleAdmin,
			StaffRole: account.StaffSysadmin}
		if err := account.Create(ctx, tx, admin, Password); err != nil {
			return err
		}
		if err := seedStaff(ctx, tx); err != nil {
			return err
		}
		now := time.Now()
		// The seed acts as the admin through the same actions staff use (audited, emailed).
		by := audit.Actor{ID: admin.ID, Name: admin.Username + " (demo)"}
		type seed struct {
			d      *membership.Draft
			action string // approve | council | pending | reject
			ago    time.Duration
		}
		seeds := []seed{
			{draft("深圳华电电路有限公司", "91440300MA5D00001", "广东省", "深圳市", "PCB制造", "huadian", "huadian@example.com", "李华", "13800001234"), "approve", 40 * 24 * time.Hour},
			{draft("上海精诚覆铜板股份有限公司", "91310000MA1K00002", "上海市", "上海市", "覆铜板", "shanghaicl", "ccl@example.com", "陈诚", "13700002345"), "council", 60 * 24 * time.Hour},
			{draft("苏州新艺电子科技有限公司", "91320500MA1M00003", "江苏省", "苏州市", "专用材料/化学品", "suzhoupcb", "xinyi@example.com", "周新", "13600003456"), "pending", 10 * 24 * time.Hour},
			{draft("东莞联創电子装联有限公司", "91441900MA4W00004", "广东省", "东莞市", "电子装联", "dgzl", "dgzl@example.com", "郑联", "13500004567"), "reject", 5 * 24 * time.Hour},
			{draft("珠海航宇专用设备有限公司", "91440400MA4U00005", "广东省", "珠海市", "专用设备", "zhhy", "zhhy@example.com", "吴航", "13400005678"), "pending", 2 * 24 * time.Hour},
		}
		for _, s := range seeds {
			a, err := membership.Submit(ctx, tx, s.d, Password, m, "")
			if err != nil {
				return fmt.Errorf("%s: %w", s.d.Company.Name, err)
			}
			at := now.Add(-s.ago)
			if _, err := tx.NewUpdate().Model((*membership.Application)(nil)).Set("submitted_at = ?", at).Where("id = ?", a.ID).Exec(ctx); err != nil {
				return err
			}
			switch s.action {
			case "approve", "council":
				_, co, err := membership.Approve(ctx, tx, a.ID, m, by, at.Add(72*time.Hour))
				if err != nil {
					return err
				}
				if s.action == "council" {
					if _, err := tx.NewUpdate().Model((*company.Company)(nil)).Set("level = ?", company.LevelCouncil).Where("id = ?", co.ID).Exec(ctx); err != nil {
						return err
					}
				}
				if err := membership.RecordPaper(ctx, tx, a.ID, membership.Paper{Received: true, CourierNo: "SF1234567890"}, by); err != nil {
					return err
				}
			case "reject":
				if _, err := membership.Reject(ctx, tx, a.ID, "营业执照副本复印件不清晰，且“上年度销售额”与财务报表不一致，请核对后重新提交。", m, by, now.Add(-24*time.Hour)); err != nil {
					return err
				}
			}
		}
		if err := seedDues(ctx, tx, now, by); err != nil {
			return err
		}
		if err := seedFeedback(ctx, tx, now); err != nil {
			return err
		}
		if err := seedSMS(ctx, tx, now); err != nil {
			return err
		}
		if err := seedBroadcasts(ctx, tx, now, by); err != nil {
			return err
		}
		if err := seedCompany(ctx, tx, m, now); err != nil {
			return err
		}
		if err := seedPromotion(ctx, tx, now, by); err != nil {
			return err
		}
		if err := seedDirectory(ctx, tx, now); err != nil {
			return err
		}
		if err := seedEvents(ctx, tx, now, by); err != nil {
			return err
		}
		if err := seedMembers(ctx, tx, m, now, by); err != nil {
			return err
		}
		if err := seedProjects(ctx, tx, now, by); err != nil {
			return err
		}
		if err := seedDashboard(ctx, tx, now); err != nil {
			return err
		}
		if err := seedCampaigns(ctx, tx, now, by); err != nil {
			return err
		}
		if err := seedPapers(ctx, tx, now, by); err != nil {
			return err
		}
		if _, err := notice.Send(ctx, tx, 0, "关于2027年度会费缴纳的通知", "各会员单位：2027年度会费缴纳工作即将开始，届时请在“会员服务—会员缴费”中上传缴费凭证并填写开票信息。"); err != nil {
			return err
		}
		_, err := mail.Queue(ctx, tx, mail.Message{To: admin.Email, Subject: "演示数据已创建", Body: "CPCA 会员管理系统演示数据已创建。", Kind: "demo"})
		return err
	})
	if err == nil {
		err = seedImports(ctx, db) // after the commit: an import runs its own transactions
	}
	return err == nil, err
}

// seedStaff adds one staff login per department besides admin (系统管理员), so each
// department's menu can be seen.
func seedStaff(ctx context.Context, tx bun.Tx) error {
	for _, s := range []struct{ username, name, staffRole string }{
		{"huiyuan", "协会会员部", account.StaffMembership},
		{"caiwu", "协会财务", account.StaffFinance},
		{"huizhan", "协会会展部", account.StaffEvents},
		{"xinxi", "协会信息部", account.StaffInfo},
	} {
		u := &account.User{Username: s.username, Name: s.name, Email: s.username + "@cpca.example.org", Role: account.RoleAdmin, StaffRole: s.staffRole}
		if err := account.Create(ctx, tx, u, Password); err != nil {
			return err
		}
	}
	return nil
}

// demoPDF is a minimal valid PDF standing in for a scanned bank voucher.
const demoPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// seedDues sets this and next year's fee schedule, generates this year's dues, and leaves the
// council member paid (its certificate is issued by the worker's first sweep) with an invoice
// request waiting, while the plain member still has to pay.
func seedDues(ctx context.Context, tx bun.Tx, now time.Time, by audit.Actor) error {
	year := calendar.Year(now)
	amounts := map[string]int64{company.LevelMember: 500000, company.LevelCouncil: 2000000, company.LevelStanding: 3000000,
		company.LevelVicePresident: 5000000, company.LevelPresident: 8000000}
	for _, y := range []int{year, year + 1} {
		var fees []dues.Fee
		for l, a := range amounts {
			fees = append(fees, dues.Fee{Level: l, AmountFen: a})
		}
		if err := dues.SetFees(ctx, tx, y, fees, by); err != nil {
			return err
		}
	}
	if _, err := dues.GenerateYear(ctx, tx, year, by); err != nil {
		return err
	}
	u, err := account.ByUsername(ctx, tx, "shanghaicl")
	if err != nil {
		return err
	}
	member := audit.Actor{ID: u.ID, Name: u.Username + " (demo)"}
	d, err := dues.ForYear(ctx, tx, u.CompanyID, year)
	if err != nil || d == nil {
		return err
	}
	if err := dues.UploadVoucher(ctx, tx, d, dues.Transfer{Date: calendar.Today(now).AddDate(0, 0, -3), AmountFen: d.AmountFen,
		Payer: "上海精诚覆铜板股份有限公司", FileName: "银行转账回单.pdf", Data: []byte(demoPDF)}, member); err != nil {
		return err
	}
	if _, err := dues.ConfirmPayment(ctx, tx, d.ID, d.AmountFen, calendar.Today(now).AddDate(0, 0, -1), by, now); err != nil {
		return err
	}
	if d, err = dues.Get(ctx, tx, d.ID, u.CompanyID); err != nil {
		return err
	}
	return dues.SaveInvoiceInfo(ctx, tx, d, dues.InvoiceProfile{Type: dues.InvoiceNormal, Title: "上海精诚覆铜板股份有限公司",
		TaxNo: code("91310000MA1K00002"), Email: "ccl@example.com"}, member)
}
