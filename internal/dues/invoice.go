package dues

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"cpca/internal/uscc"
)

var (
	phoneRe   = regexp.MustCompile(`^[0-9+\-() ]{7,20}$`)
	accountRe = regexp.MustCompile(`^[0-9 \-]{6,40}$`)
)

// Validate checks 开票信息: 纳税人识别号 follows the credit-code rules; 专用发票 needs the
// address, phone, bank and account.
func (p *InvoiceProfile) Validate() map[string]string {
	p.Type = strings.TrimSpace(p.Type)
	p.Title, p.Address, p.Phone = strings.TrimSpace(p.Title), strings.TrimSpace(p.Address), strings.TrimSpace(p.Phone)
	p.Bank, p.Account, p.Email = strings.TrimSpace(p.Bank), strings.TrimSpace(p.Account), strings.ToLower(strings.TrimSpace(p.Email))
	e := map[string]string{}
	if p.Type != InvoiceNormal && p.Type != InvoiceSpecial {
		e["type"] = "请选择发票类型"
	}
	if p.Title == "" {
		e["title"] = "请填写发票抬头"
	} else if utf8.RuneCountInString(p.Title) > 100 {
		e["title"] = "发票抬头最多100字"
	}
	code, err := uscc.Validate(p.TaxNo)
	p.TaxNo = code
	if p.TaxNo == "" {
		e["tax_no"] = "请填写纳税人识别号"
	} else if err != nil {
		e["tax_no"] = strings.Replace(err.Error(), "统一社会信用代码", "纳税人识别号", 1)
	}
	if p.Type == InvoiceSpecial {
		if p.Address == "" {
			e["address"] = "专用发票须填写地址"
		}
		if !phoneRe.MatchString(p.Phone) {
			e["phone"] = "专用发票须填写电话（7-20位数字）"
		}
		if p.Bank == "" {
			e["bank"] = "专用发票须填写开户行"
		}
		if !accountRe.MatchString(p.Account) {
			e["account"] = "专用发票须填写银行账号（数字）"
		}
	}
	if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
		e["email"] = "请填写接收电子发票的邮箱"
	}
	if utf8.RuneCountInString(p.Address) > 200 || utf8.RuneCountInString(p.Bank) > 100 {
		e["address"] = "地址或开户行过长"
	}
	return e
}
