// Package imports is 会员管理's 导入会员: existing member companies read from an Excel (.xlsx)
// or CSV file (GBK or UTF-8), the file's columns mapped to our fields, every row validated, a
// dry run (试运行) first, then the import itself as a background job with its progress in
// import_jobs. Rows are matched by 统一社会信用代码, so importing the same file twice changes
// nothing the second time; the mode says what happens to a company that exists already.
package imports

import (
	"strings"

	"cpca/internal/uscc"
)

// Field is one of our fields a column of the file can be mapped to.
type Field struct {
	Key      string
	Label    string   // the template's header
	Aliases  []string // other headers that mean it (the member export's, common variants)
	Required bool
	Example  [2]string // the template's two example rows
}

// Fields are the registration's fields in the template's order, with the member export's
// headers as aliases so an exported list imports back unchanged.
var Fields = []Field{
	{Key: "name", Label: "企业名称", Aliases: []string{"单位名称", "公司名称", "会员单位"}, Required: true, Example: [2]string{"深圳示例电路有限公司", "苏州样板覆铜板有限公司"}},
	{Key: "uscc", Label: "统一社会信用代码", Aliases: []string{"信用代码", "社会信用代码", "uscc"}, Required: true, Example: [2]string{"91350100M000100Y43", exampleUSCC}},
	{Key: "level", Label: "会员级别", Aliases: []string{"级别", "理事类型"}, Example: [2]string{"会员单位", "理事单位"}},
	{Key: "member_no", Label: "会员编号", Example: [2]string{"CPCA-2019-0012", ""}},
	{Key: "joined_on", Label: "入会日期", Aliases: []string{"入会时间"}, Required: true, Example: [2]string{"2019-05-20", "2021-03-01"}},
	{Key: "legal_rep", Label: "法定代表人", Example: [2]string{"张三", "李四"}},
	{Key: "reg_capital", Label: "注册资本(万元)", Aliases: []string{"注册资本"}, Example: [2]string{"5000", "12000.5"}},
	{Key: "founded_on", Label: "成立日期", Example: [2]string{"2008-09-01", ""}},
	{Key: "nature", Label: "企业性质", Example: [2]string{"民营企业", "中外合资企业"}},
	{Key: "category", Label: "企业类别", Example: [2]string{"PCB制造", "覆铜板"}},
	{Key: "province", Label: "省份", Aliases: []string{"所在省份", "省"}, Example: [2]string{"广东省", "江苏省"}},
	{Key: "city", Label: "城市", Aliases: []string{"所在城市"}, Example: [2]string{"深圳市", "苏州市"}},
	{Key: "address", Label: "通讯地址", Aliases: []string{"地址", "详细地址"}, Example: [2]string{"深圳市宝安区福永街道示例路1号", "苏州工业园区样板路8号"}},
	{Key: "postcode", Label: "邮政编码", Aliases: []string{"邮编"}, Example: [2]string{"518103", "215021"}},
	{Key: "website", Label: "网址", Aliases: []string{"网站", "公司网址"}, Example: [2]string{"https://www.example.cn", ""}},
	{Key: "employees", Label: "员工人数", Example: [2]string{"1200", "350"}},
	{Key: "intro", Label: "企业简介", Example: [2]string{"专业生产高多层印制电路板。", ""}},
	{Key: "main_products", Label: "主要产品", Example: [2]string{"HDI板、多层板", "FR-4覆铜板"}},
	{Key: "last_year_sales", Label: "上年销售额(万元)", Aliases: []string{"上年销售额"}, Example: [2]string{"86000", ""}},
	{Key: "export_ratio", Label: "出口比例(%)", Aliases: []string{"出口比例"}, Example: [2]string{"35", ""}},
	{Key: "main_markets", Label: "主要市场", Example: [2]string{"华南、欧洲", ""}},
	{Key: "certifications", Label: "资质认证", Example: [2]string{"ISO9001、IATF16949", ""}},
	{Key: "primary_name", Label: "主要联系人姓名", Aliases: []string{"主要联系人", "联系人", "联系人姓名"}, Required: true, Example: [2]string{"王小明", "赵丽"}},
	{Key: "primary_title", Label: "主要联系人职务", Aliases: []string{"联系人职务"}, Example: [2]string{"总经理助理", "市场部经理"}},
	{Key: "primary_mobile", Label: "主要联系人手机", Aliases: []string{"联系人手机", "手机"}, Required: true, Example: [2]string{"13800138000", "13912345678"}},
	{Key: "primary_email", Label: "主要联系人邮箱", Aliases: []string{"联系人邮箱", "邮箱", "电子邮箱"}, Example: [2]string{"wang@example.cn", "zhaoli@example.cn"}},
	{Key: "finance_name", Label: "财务联系人姓名", Aliases: []string{"财务联系人"}, Example: [2]string{"陈会计", ""}},
	{Key: "finance_mobile", Label: "财务联系人手机", Example: [2]string{"13600001111", ""}},
	{Key: "finance_email", Label: "财务联系人邮箱", Example: [2]string{"finance@example.cn", ""}},
}

// exampleUSCC is a second valid credit code for the template.
var exampleUSCC = func() string { p := "91320594MA1XYW0A0"; return p + string(uscc.CheckChar(p)) }()

// FieldByKey returns the field of key.
func FieldByKey(key string) (Field, bool) {
	for _, f := range Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// headerKey normalises a header for matching: no spaces or required markers, half-width
// brackets, lower case.
func headerKey(s string) string {
	s = strings.NewReplacer("（", "(", "）", ")", "*", "", "＊", "", " ", "", "\u3000", "", "：", "", ":", "").Replace(strings.TrimSpace(s))
	return strings.ToLower(strings.TrimPrefix(s, "\ufeff"))
}

// Mapping says which column (0-based) of the file holds each field; a field not in it is
// not imported.
type Mapping map[string]int

// AutoMap matches the file's headers to our fields by name (label or alias); the first
// column with a header wins.
func AutoMap(headers []string) Mapping {
	byName := map[string]string{}
	for _, f := range Fields {
		byName[headerKey(f.Label)] = f.Key
		for _, a := range f.Aliases {
			byName[headerKey(a)] = f.Key
		}
	}
	m := Mapping{}
	for i, h := range headers {
		if k, ok := byName[headerKey(h)]; ok {
			if _, taken := m[k]; !taken {
				m[k] = i
			}
		}
	}
	return m
}

// Missing lists the labels of the required fields the mapping leaves out.
func (m Mapping) Missing() []string {
	var out []string
	for _, f := range Fields {
		if _, ok := m[f.Key]; f.Required && !ok {
			out = append(out, f.Label)
		}
	}
	return out
}
