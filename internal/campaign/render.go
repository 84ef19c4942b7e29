package campaign

import (
	"strings"

	"cpca/internal/errs"
	"cpca/internal/mail"
)

// Vars are the variables of a campaign's subject and content, in the order the form lists them.
var Vars = []string{"企业名称", "联系人", "会员编号", "邮箱"}

func vars(r Recipient) map[string]string {
	name := r.ContactName
	if name == "" {
		name = "会员"
	}
	return map[string]string{"企业名称": r.CompanyName, "联系人": name, "会员编号": r.MemberNo, "邮箱": r.Address}
}

// Message is one campaign mail for one recipient.
type Message struct {
	Subject, Body string
	// UnsubscribeURL is the recipient's 退订 link (also in List-Unsubscribe).
	UnsubscribeURL string
}

// Check renders subject and body for a sample recipient and returns the field errors
// (unknown variables, empty fields), keyed subject / body.
func Check(subject, body string) map[string]error {
	bad := map[string]error{}
	r := Recipient{Address: "a@example.com", CompanyName: "示例单位", ContactName: "张三", MemberNo: "CPCA-0001"}
	if strings.TrimSpace(subject) == "" {
		bad["subject"] = errs.New(errs.Invalid, "请填写邮件主题")
	} else if _, err := mail.Expand(subject, vars(r)); err != nil {
		bad["subject"] = err
	}
	if strings.TrimSpace(body) == "" {
		bad["body"] = errs.New(errs.Invalid, "请填写邮件内容")
	} else if _, err := mail.Expand(body, vars(r)); err != nil {
		bad["body"] = err
	}
	return bad
}

// Render builds the mail for r: variables replaced, the layout around the content, and the
// unsubscribe footer (non-transactional mail must offer one).
func Render(subject, body, layout string, r Recipient, unsubscribeURL string) (Message, error) {
	v := vars(r)
	s, err := mail.Expand(subject, v)
	if err != nil {
		return Message{}, err
	}
	b, err := mail.Expand(body, v)
	if err != nil {
		return Message{}, err
	}
	var out strings.Builder
	if layout != "plain" {
		out.WriteString("中国电子电路行业协会（CPCA）\n")
		out.WriteString("────────────────────\n\n")
	}
	out.WriteString(strings.TrimSpace(b))
	out.WriteString("\n\n--\n中国电子电路行业协会（CPCA）会员管理系统\n")
	out.WriteString("您收到此邮件是因为贵单位是协会会员单位。如不想再收到此类邮件，请点击退订：\n")
	out.WriteString(unsubscribeURL + "\n")
	return Message{Subject: strings.ReplaceAll(s, "\n", " "), Body: out.String(), UnsubscribeURL: unsubscribeURL}, nil
}

// Headers are the header fields of campaign mail: List-Unsubscribe with the one-click POST of
// RFC 8058, and Precedence bulk so auto-responders stay quiet.
func Headers(m Message) map[string]string {
	return map[string]string{
		"List-Unsubscribe":      "<" + m.UnsubscribeURL + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Precedence":            "bulk",
	}
}
