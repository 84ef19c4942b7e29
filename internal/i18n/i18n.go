// Package i18n translates the UI. Chinese is the source language: a string is its own key,
// and en maps it to English. A string without an English entry stays Chinese.
package i18n

// T returns s in lang ("zh" or "en").
func T(lang, s string) string {
	if lang == "en" {
		if e, ok := en[s]; ok {
			return e
		}
	}
	return s
}

// Langs are the choices of 个人设置.
var Langs = []struct{ Code, Label string }{{"zh", "简体中文"}, {"en", "English"}}

var en = map[string]string{
	"CPCA 会员管理系统": "CPCA Membership System",
	"中国电子电路行业协会":  "China Printed Circuit Association",
	"企业主页":        "Home",
	"待办事项":        "To-do",
	"会员服务":        "Member services",
	"会员缴费":        "Dues",
	"会员晋升":        "Promotion",
	"展会活动":        "Events",
	"项目申报":        "Projects",
	"通讯录":         "Directory",
	"信息管理":        "Information",
	"反馈信息":        "Feedback",
	"会员信息":        "Company profile",
	"站内信息":        "Messages",
	"会员证书":        "Certificate",
	"单位成员":        "Company staff",
	"个人中心":        "Account",
	"密码修改":        "Change password",
	"个人设置":        "Settings",
	"退出登录":        "Log out",
	"账号登录":        "Log in",
	"注册账户":        "Register",
	"登录":          "Log in",
	"用户名":         "Username",
	"密码":          "Password",
	"入会审核":        "Applications",
	"站内信管理":       "Site messages",
	"邮件管理":        "Emails",
	"短信管理":        "SMS",
	"反馈建议管理":      "Feedback",
	"审计日志":        "Audit log",
	"站内通知":        "Notices",
	"重要活动提醒":      "Upcoming events",
	"即将上线":        "Coming soon",
	"查询":          "Search",
	"保存":          "Save",
	"返回":          "Back",
	"上一步":         "Back",
	"下一步":         "Next",
	"提交申请":        "Submit application",
	"公司信息":        "Company",
	"产品及销售信息":     "Products & sales",
	"成员信息":        "People",
	"账号信息":        "Account",
	"标记已读":        "Mark read",
	"全部标记已读":      "Mark all read",
	"暂无数据":        "Nothing here yet",
	"入会申请":        "Membership application",
	"语言":          "Language",
	"姓名":          "Name",
	"手机":          "Mobile",
	"邮箱":          "Email",
	"当前密码":        "Current password",
	"新密码":         "New password",
	"确认新密码":       "Confirm new password",
	"会员缴费管理":      "Dues & finance",
	"会费标准":        "Fee schedule",
	"后台管理":        "Administration",
	"申请进度":        "Application status",
	"协会管理员":       "staff",
}
