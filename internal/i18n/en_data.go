package i18n

// enData: status labels, membership levels, the choice lists of the application form and the
// paper documents, as Go returns them.
var enData = map[string]string{
	// Application status (membership.StatusLabel)
	"待审核":     "Pending review",
	"重新提交待审核": "Resubmitted, pending review",
	"审核通过":    "Approved",
	"已退回":     "Returned",

	// Membership levels (company.LevelLabel)
	"理事单位":   "Council member",
	"常务理事单位": "Standing council member",
	"副理事长单位": "Vice-president member",
	"理事长单位":  "President member",

	// Dues and invoice status (dues.StatusLabel, dues.InvoiceLabel)
	"未缴费": "Unpaid",
	"待确认": "To be confirmed",
	"已缴费": "Paid",
	"免缴":  "Waived",
	"未申请": "Not requested",
	"待开票": "To be invoiced",
	"已开票": "Invoiced",

	// Email and SMS status (mail.StatusLabel)
	"待发送":  "Queued",
	"已发送":  "Sent",
	"发送失败": "Failed",
	"未发送":  "Not sent",
	"发送中":  "Sending",
	"状态未知": "Unknown (interrupted)",

	// Certificate status (certStatus)
	"已撤销":     "Revoked",
	"已被新证书取代": "Replaced by a new certificate",
	"生成中":     "Being generated",
	"已过期":     "Expired",
	"有效":      "Valid",

	// 企业性质 (membership.Natures)
	"国有企业":   "State-owned enterprise",
	"民营企业":   "Private enterprise",
	"外商独资企业": "Wholly foreign-owned enterprise",
	"中外合资企业": "Sino-foreign joint venture",
	"港澳台资企业": "Hong Kong, Macao or Taiwan-invested enterprise",
	"集体企业":   "Collective enterprise",
	"其他":     "Other",

	// 企业类别 (membership.Categories)
	"PCB制造":    "PCB manufacturing",
	"覆铜板":      "Copper clad laminate",
	"专用设备":     "Special equipment",
	"专用材料/化学品": "Special materials / chemicals",
	"电子装联":     "Electronics assembly",

	// 省份 (membership.Provinces)
	"北京市":      "Beijing",
	"天津市":      "Tianjin",
	"河北省":      "Hebei",
	"山西省":      "Shanxi",
	"内蒙古自治区":   "Inner Mongolia",
	"辽宁省":      "Liaoning",
	"吉林省":      "Jilin",
	"黑龙江省":     "Heilongjiang",
	"上海市":      "Shanghai",
	"江苏省":      "Jiangsu",
	"浙江省":      "Zhejiang",
	"安徽省":      "Anhui",
	"福建省":      "Fujian",
	"江西省":      "Jiangxi",
	"山东省":      "Shandong",
	"河南省":      "Henan",
	"湖北省":      "Hubei",
	"湖南省":      "Hunan",
	"广东省":      "Guangdong",
	"广西壮族自治区":  "Guangxi",
	"海南省":      "Hainan",
	"重庆市":      "Chongqing",
	"四川省":      "Sichuan",
	"贵州省":      "Guizhou",
	"云南省":      "Yunnan",
	"西藏自治区":    "Tibet",
	"陕西省":      "Shaanxi",
	"甘肃省":      "Gansu",
	"青海省":      "Qinghai",
	"宁夏回族自治区":  "Ningxia",
	"新疆维吾尔自治区": "Xinjiang",
	"香港特别行政区":  "Hong Kong SAR",
	"澳门特别行政区":  "Macao SAR",
	"台湾省":      "Taiwan",

	// Paper documents (membership.PaperDocuments)
	"《中国电子电路行业协会入会申请表》（本系统提交后打印，加盖公章）": "The CPCA membership application form (print it after submitting here, and stamp it with the company seal)",
	"营业执照副本复印件（加盖公章）":                  "Copy of the business licence (stamped with the company seal)",
	"法定代表人身份证复印件（加盖公章）":                "Copy of the legal representative's ID card (stamped with the company seal)",

	// To-do actions (app/home.go)
	"您有未读的站内通知": "You have unread notices",
	"重新上传":      "Upload again",
}
