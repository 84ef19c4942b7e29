package membership

import (
	"fmt"
	"strings"

	"cpca/internal/mail"
)

// Mailing says where the applicant sends the paper documents; it comes from configuration.
type Mailing struct {
	Address string // postal address of the association's membership office
	BaseURL string // the site's address, for links
}

// PaperDocuments lists what an applicant mails with the company stamp (纸质版盖章材料).
var PaperDocuments = []string{
	"《中国电子电路行业协会入会申请表》（本系统提交后打印，加盖公章）",
	"营业执照副本复印件（加盖公章）",
	"法定代表人身份证复印件（加盖公章）",
}

func paperText(m Mailing) string {
	var b strings.Builder
	for i, d := range PaperDocuments {
		fmt.Fprintf(&b, "  %d. %s\n", i+1, d)
	}
	fmt.Fprintf(&b, "请将以上材料邮寄至：%s\n", m.Address)
	return b.String()
}

// SubmittedEmail is sent when an application is submitted (入会申请提交成功).
func SubmittedEmail(m Mailing, to, company, username string, appID int64) mail.Message {
	body := fmt.Sprintf(`%s：

您好！贵单位的入会申请已提交成功，申请编号 %d，登录用户名 %s。

协会将审核您填写的注册信息以及纸质版盖章材料。请准备以下材料：
%s
寄出时请在快递单备注申请编号。审核结果将通过邮件通知您，审核期间可登录 %s/login 查看进度。

中国电子电路行业协会（CPCA）
`, company, appID, username, paperText(m), m.BaseURL)
	return mail.Message{To: to, Subject: "入会申请提交成功 - CPCA 会员管理系统", Body: body, Kind: "application_submitted",
		DedupeKey: fmt.Sprintf("application:%d:submitted", appID)}
}

// ApprovedEmail is sent when staff approve (入会申请审核成功).
func ApprovedEmail(m Mailing, to, company, username, memberNo string, appID int64) mail.Message {
	body := fmt.Sprintf(`%s：

您好！贵单位的入会申请审核成功，会员编号 %s。

现在可使用用户名「%s」和注册时设置的密码登录：%s/login
登录后在「企业主页—待办事项」查看站内通知和待办事项。

中国电子电路行业协会（CPCA）
`, company, memberNo, username, m.BaseURL)
	return mail.Message{To: to, Subject: "入会申请审核成功 - CPCA 会员管理系统", Body: body, Kind: "application_approved",
		DedupeKey: fmt.Sprintf("application:%d:approved", appID)}
}

// RejectedEmail is sent when staff reject, with the reason; revision keeps each rejection distinct.
func RejectedEmail(m Mailing, to, company, username, reason string, appID int64, revision int) mail.Message {
	body := fmt.Sprintf(`%s：

您好！贵单位的入会申请未通过审核，原因如下：

%s

请使用用户名「%s」登录 %s/login ，按上述原因修改申请信息后重新提交。

中国电子电路行业协会（CPCA）
`, company, reason, username, m.BaseURL)
	return mail.Message{To: to, Subject: "入会申请未通过审核 - CPCA 会员管理系统", Body: body, Kind: "application_rejected",
		DedupeKey: fmt.Sprintf("application:%d:rejected:%d", appID, revision)}
}

// PaperReminderEmail reminds an applicant whose paper documents have not arrived; nth is 1..3.
func PaperReminderEmail(m Mailing, to, company string, appID int64, days, nth int) mail.Message {
	body := fmt.Sprintf(`%s：

您好！贵单位的入会申请（编号 %d）已提交 %d 天，协会尚未收到纸质版盖章材料。请尽快寄送：
%s
如已寄出，请忽略本邮件。

中国电子电路行业协会（CPCA）
`, company, appID, days, paperText(m))
	return mail.Message{To: to, Subject: "提醒：请寄送入会纸质材料 - CPCA 会员管理系统", Body: body, Kind: "paper_reminder",
		DedupeKey: fmt.Sprintf("application:%d:paper-reminder:%d", appID, nth)}
}

// DigestItem is one waiting application in the staff digest.
type DigestItem struct {
	ID      int64
	Company string
	Days    int
	Paper   bool
}

// StaffDigestEmail lists applications waiting longer than N days; day keeps one per day.
func StaffDigestEmail(m Mailing, to, day string, n int, items []DigestItem) mail.Message {
	var b strings.Builder
	fmt.Fprintf(&b, "以下 %d 份入会申请已等待审核超过 %d 天：\n\n", len(items), n)
	for _, it := range items {
		paper := "纸质材料未收到"
		if it.Paper {
			paper = "纸质材料已收到"
		}
		fmt.Fprintf(&b, "  - [%d] %s，已等待 %d 天，%s：%s/admin/applications/%d\n", it.ID, it.Company, it.Days, paper, m.BaseURL, it.ID)
	}
	fmt.Fprintf(&b, "\n入会审核：%s/admin/applications?status=pending\n", m.BaseURL)
	return mail.Message{To: to, Subject: fmt.Sprintf("入会审核提醒：%d 份申请等待处理（%s）", len(items), day), Body: b.String(),
		Kind: "staff_digest", DedupeKey: fmt.Sprintf("staff-digest:%s:%s", day, to)}
}
