package profile

import (
	"cpca/internal/membership"
)

// KeyFields are the profile fields that change only through a reviewed request: they are
// what the 营业执照 says, and the certificate and invoices carry them.
var KeyFields = []string{"name", "uscc", "legal_rep", "reg_capital", "nature"}

// Labels name every profile field for the history and the review (Chinese, translated when
// shown).
var Labels = map[string]string{
	"name": "企业名称", "uscc": "统一社会信用代码", "legal_rep": "法定代表人", "reg_capital": "注册资本（万元）",
	"founded_on": "成立日期", "nature": "企业性质", "category": "企业类别", "province": "省份", "city": "城市",
	"address": "详细地址", "postcode": "邮编", "website": "网址", "employees": "员工人数", "intro": "企业简介",
	"main_products": "主要产品", "last_year_sales": "上年度销售额（万元）", "export_ratio": "出口比例（%）",
	"main_markets": "主要市场/客户", "certifications": "体系认证",
}

// order is the display order of the fields.
var order = []string{"name", "uscc", "legal_rep", "reg_capital", "founded_on", "nature", "category", "employees",
	"province", "city", "postcode", "website", "address", "intro", "main_products", "last_year_sales", "export_ratio",
	"main_markets", "certifications"}

// IsKey reports whether field is a key field.
func IsKey(field string) bool {
	for _, k := range KeyFields {
		if k == field {
			return true
		}
	}
	return false
}

// values flattens the two form steps into field → value.
func values(c membership.CompanyInfo, s membership.SalesInfo) map[string]string {
	return map[string]string{
		"name": c.Name, "uscc": c.USCC, "legal_rep": c.LegalRep, "reg_capital": c.RegCapital, "founded_on": c.FoundedOn,
		"nature": c.Nature, "category": c.Category, "province": c.Province, "city": c.City, "address": c.Address,
		"postcode": c.Postcode, "website": c.Website, "employees": c.Employees, "intro": c.Intro,
		"main_products": s.MainProducts, "last_year_sales": s.LastYearSales, "export_ratio": s.ExportRatio,
		"main_markets": s.MainMarkets, "certifications": s.Certifications,
	}
}

// setKey writes the key fields of v into c.
func setKey(c *membership.CompanyInfo, v map[string]string) {
	for k, x := range v {
		switch k {
		case "name":
			c.Name = x
		case "uscc":
			c.USCC = x
		case "legal_rep":
			c.LegalRep = x
		case "reg_capital":
			c.RegCapital = x
		case "nature":
			c.Nature = x
		}
	}
}

// Diff is one changed field: its label and the values before and after.
type Diff struct {
	Field, Label, Old, New string
}

// diff lists the fields whose value differs, in display order; only keys present in next count.
func diff(old, next map[string]string) []Diff {
	var out []Diff
	for _, f := range order {
		n, ok := next[f]
		if !ok || n == old[f] {
			continue
		}
		out = append(out, Diff{Field: f, Label: Labels[f], Old: old[f], New: n})
	}
	return out
}
