package i18n

// enStaff: staff departments (协会工作人员的岗位), the staff home and file access.
var enStaff = map[string]string{
	"会员部":    "Membership",
	"财务":     "Finance",
	"会展":     "Events",
	"信息":     "Communications",
	"系统管理员":  "System administrator",
	"工作台":    "Staff home",
	"您的岗位：":  "Your department: ",
	"展会活动管理": "Events management",

	// Upload quota (files.QuotaFull)
	"本单位上传空间已满（%s），请删除不再需要的文件后再上传，或联系协会。": "Your company's upload space is full (%s). Delete files you no longer need and upload again, or contact the association.",
}
