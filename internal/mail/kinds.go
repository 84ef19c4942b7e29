package mail

// KindInfo says in words what a kind of email is, for 邮件管理 (staff read 工作人员每日摘要,
// not staff_digest), and gives a sample title and text for previewing a template of it.
type KindInfo struct {
	Kind, Label string
	// Transactional kinds have an editable template (邮件模板).
	Transactional bool
	SampleSubject string
	SampleBody    string
}

// Kinds lists every kind of email the system writes, transactional ones first.
var Kinds = []KindInfo{
	{"application_submitted", "入会申请提交成功", true, "入会申请提交成功 - CPCA 会员管理系统", "您的入会申请已提交，我们将在收到纸质盖章材料后审核。"},
	{"application_approved", "入会申请审核通过", true, "入会申请审核成功 - CPCA 会员管理系统", "审核成功，可使用用户名和密码登录。"},
	{"application_rejected", "入会申请未通过审核", true, "入会申请未通过审核 - CPCA 会员管理系统", "很抱歉，您的入会申请未通过审核。原因：材料不完整。"},
	{"paper_reminder", "纸质材料寄送提醒", true, "提醒：请寄送入会纸质材料 - CPCA 会员管理系统", "我们尚未收到贵单位的纸质盖章材料，请尽快寄送。"},
	{"dues", "会费缴纳通知", true, "会费已确认到账 - CPCA 会员管理系统", "贵单位 2026 年度会费已确认到账。"},
	{"invoice", "发票已开具", true, "发票已开具 - CPCA 会员管理系统", "贵单位 2026 年度会费发票已开具，请登录系统下载。"},
	{"dues_reminder", "会费缴纳提醒", true, "会费缴纳提醒 - CPCA 会员管理系统", "贵单位 2026 年度会费尚未缴纳，截止日期为 3 月 31 日。"},
	{"feedback", "反馈回复通知", true, "您的反馈有新回复 - CPCA 会员管理系统", "协会工作人员回复了您的反馈。"},
	{"profile", "会员信息变更通知", true, "会员信息变更已审核 - CPCA 会员管理系统", "贵单位的会员信息变更申请已审核通过。"},
	{"promotion", "会员晋升通知", true, "会员晋升申请进展 - CPCA 会员管理系统", "贵单位的晋升申请已通过初审。"},
	{"event", "展会活动通知", true, "报名成功 - CPCA 会员管理系统", "贵单位的参会报名已确认，电子票见附件。"},
	{"project_reminder", "项目申报截止提醒", true, "项目申报即将截止 - CPCA 会员管理系统", "您关注的项目申报将于 7 天后截止。"},
	{"password_reset", "重置密码", true, "重置密码 - CPCA 会员管理系统", "请点击链接重置密码。"},
	{"password_changed", "密码已重置", true, "您的密码已重置 - CPCA 会员管理系统", "您的密码已被重置；如非本人操作请联系协会。"},
	{"invite", "邀请同事", true, "邀请您使用 CPCA 会员管理系统", "您的同事邀请您使用 CPCA 会员管理系统。"},
	{"staff_digest", "工作人员每日摘要", false, "", ""},
	{"feedback_staff", "反馈待处理提醒（工作人员）", false, "", ""},
	{"campaign_test", "群发邮件测试", false, "", ""},
	{"broadcast", "站内信邮件副本", false, "", ""},
	{"demo", "演示数据", false, "", ""},
}

// KindLabel is the Chinese name of a kind ("" kinds and unknown ones show as they are).
func KindLabel(kind string) string {
	if k, ok := KindOf(kind); ok {
		return k.Label
	}
	return kind
}

// KindOf finds a kind.
func KindOf(kind string) (KindInfo, bool) {
	for _, k := range Kinds {
		if k.Kind == kind {
			return k, true
		}
	}
	return KindInfo{}, false
}

// TransactionalKinds lists the kinds with an editable template.
func TransactionalKinds() []KindInfo {
	var out []KindInfo
	for _, k := range Kinds {
		if k.Transactional {
			out = append(out, k)
		}
	}
	return out
}
