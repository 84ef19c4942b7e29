package audit

import (
	"sort"
	"strings"
)

// Labels name every action the code records in the staff's words (审计日志 shows and filters
// by them; i18n has the English). tests/ops checks that every action string written anywhere
// in internal/ and app/ is here, so a new action cannot appear as a bare code.
var Labels = map[string]string{
	"login":                         "登录系统",
	"logout":                        "退出系统",
	"login.unlock":                  "解除登录锁定",
	"authz.denied":                  "越权访问被拒绝",
	"account.admin_create":          "创建工作人员账号",
	"account.password":              "修改登录密码",
	"account.password_reset":        "通过链接重设密码",
	"account.password_reset_link":   "发送重设密码链接",
	"account.reset_request":         "申请找回密码",
	"account.settings":              "修改个人设置",
	"account.invite":                "邀请单位同事",
	"account.invite_accept":         "接受同事邀请",
	"account.invite_resend":         "重发同事邀请",
	"account.disable":               "停用同事账号",
	"account.enable":                "启用同事账号",
	"application.submit":            "提交入会申请",
	"application.resubmit":          "重新提交入会申请",
	"application.paper":             "登记纸质材料",
	"application.approve":           "入会申请审核通过",
	"application.export":            "导出入会申请",
	"application.reject":            "退回入会申请",
	"member.suspend":                "暂停会员服务",
	"member.resume":                 "恢复会员服务",
	"member.withdraw":               "办理会员退会",
	"member.export":                 "导出会员名单",
	"member.import_upload":          "上传会员导入文件",
	"member.import_check":           "试运行会员导入",
	"member.import_start":           "开始会员导入",
	"member.import_done":            "会员导入完成",
	"member.import_create":          "导入新建会员",
	"member.import_fill":            "导入补全会员信息",
	"member.import_override":        "导入覆盖会员信息",
	"member.account_disable":        "停用会员账号",
	"member.account_enable":         "启用会员账号",
	"member.account_reset_link":     "为会员发送重设密码链接",
	"company.update":                "修改会员信息",
	"company.change_request":        "申请变更会员信息",
	"company.change_approve":        "批准会员信息变更",
	"company.change_reject":         "退回会员信息变更",
	"people.add":                    "添加单位成员",
	"people.update":                 "修改单位成员",
	"people.remove":                 "删除单位成员",
	"people.consent":                "同意通讯录公开联系方式",
	"people.consent_withdraw":       "撤回通讯录公开同意",
	"papers.call":                   "保存征稿设置",
	"papers.save":                   "保存投稿草稿",
	"papers.submit":                 "提交投稿",
	"papers.withdraw":               "撤回投稿",
	"papers.reviewer_invite":        "邀请评审专家",
	"papers.assign":                 "分配评审专家",
	"papers.score":                  "提交评审意见",
	"papers.stage":                  "暂存录用结果",
	"papers.release":                "发布录用结果",
	"campaign.create":               "创建群发邮件",
	"campaign.approve":              "审批通过群发邮件",
	"campaign.pause":                "暂停群发邮件",
	"campaign.resume":               "继续群发邮件",
	"campaign.cancel":               "取消群发邮件",
	"campaign.test_send":            "发送测试邮件",
	"campaign.retry_failed":         "重试发送失败的邮件",
	"campaign.export":               "导出群发发送记录",
	"suppression.add":               "加入退订/退信名单",
	"suppression.remove":            "移出退订/退信名单",
	"mail_template.save":            "保存邮件模板",
	"people.sms_marketing.consent":  "同意接收推广短信",
	"people.sms_marketing.withdraw": "撤回推广短信同意",
	"sms.template.save":             "保存短信模板",
	"directory.settings":            "修改通讯录设置",
	"directory.defaults":            "修改通讯录默认可见范围",
	"directory.reveal":              "查看通讯录联系方式",
	"directory.brochure":            "上传单位简介附件",
	"directory.brochure.remove":     "删除单位简介附件",
	"dues.fees":                     "修改会费标准",
	"dues.generate":                 "生成会费账单",
	"dues.voucher_upload":           "上传缴费凭证",
	"dues.voucher_delete":           "删除缴费凭证",
	"dues.confirm":                  "确认会费到账",
	"dues.reject":                   "退回缴费凭证",
	"dues.waive":                    "免缴会费",
	"dues.invoice_request":          "申请开具发票",
	"dues.invoice_issue":            "上传会费发票",
	"dues.export":                   "导出会费名单",
	"certificate.revoke":            "撤销会员证书",
	"file.download":                 "下载文件",
	"promotion.apply":               "提交晋升申请",
	"promotion.resubmit":            "重新提交晋升申请",
	"promotion.pass":                "晋升申请初审通过",
	"promotion.return":              "退回晋升申请",
	"promotion.reject":              "驳回晋升申请",
	"promotion.ratify":              "登记晋升表决结果",
	"promotion.seat_expire":         "理事席位届满",
	"promotion.term_create":         "新建理事会届次",
	"promotion.template_publish":    "发布晋升材料模板",
	"event.create":                  "新建展会活动",
	"event.update":                  "修改展会活动",
	"event.copy":                    "复制展会活动",
	"event.attachment":              "添加活动附件",
	"event.publish":                 "发布展会活动",
	"event.unpublish":               "撤回展会活动",
	"event.register":                "报名展会活动",
	"event.attendees":               "修改参会人员",
	"event.cancel":                  "取消活动报名",
	"event.accept_offer":            "确认候补名额",
	"event.approve":                 "通过活动报名",
	"event.reject":                  "拒绝活动报名",
	"event.checkin":                 "现场签到",
	"event.checkin_again":           "重复签到",
	"event.export":                  "导出报名名单",
	"project.create":                "新建申报项目",
	"project.update":                "修改申报项目",
	"project.copy":                  "复制申报项目",
	"project.publish":               "发布申报项目",
	"project.unpublish":             "撤回申报项目",
	"project.attachment":            "上传项目附件",
	"project.application":           "登记项目申报",
	"project.watch":                 "订阅项目截止提醒",
	"project.unwatch":               "取消项目截止提醒",
	"feedback.submit":               "提交反馈",
	"feedback.add":                  "补充反馈",
	"feedback.read":                 "标记反馈已读",
	"feedback.assign":               "分派反馈",
	"feedback.reply":                "回复反馈",
	"feedback.note":                 "添加反馈内部备注",
	"feedback.close":                "关闭反馈",
	"feedback.autoclose":            "反馈自动关闭",
	"feedback.reopen":               "重新打开反馈",
	"feedback.rate":                 "评价反馈处理",
	"broadcast.create":              "新建站内信",
	"broadcast.send":                "发送站内信",
	"broadcast.retract":             "撤回站内信",
	"broadcast.extend":              "延长站内信有效期",
	"email.resend":                  "重新发送邮件",
	"email.export":                  "导出邮件发送记录",
	"job.run":                       "重新执行后台任务",
	"audit.export":                  "导出审计日志",
}

// Results name the outcomes of an entry (Entry.Result) in the staff's words.
var Results = map[string]string{
	"ok":         "成功",
	"failed":     "失败",
	"denied":     "已拒绝",
	"throttled":  "已限流",
	"limited":    "超出次数限制",
	"no account": "账号不存在",
}

// Label is the action's name in words; an action without one shows as its code.
func Label(action string) string {
	if l, ok := Labels[action]; ok {
		return l
	}
	return action
}

// ResultLabel is the result's name in words.
func ResultLabel(result string) string {
	if l, ok := Results[result]; ok {
		return l
	}
	return result
}

// Area groups actions in the filter's list by the menu they belong to.
type Area struct {
	Name    string
	Actions []string
}

// areas is the order and name of the groups, by the action's prefix.
var areas = []struct{ prefix, name string }{
	{"login", "登录与账号"}, {"logout", "登录与账号"}, {"authz", "登录与账号"}, {"account", "登录与账号"},
	{"application", "入会审核"}, {"member", "会员管理"}, {"company", "会员信息"}, {"people", "单位成员"},
	{"directory", "通讯录"}, {"dues", "会员缴费"}, {"certificate", "会员证书"}, {"file", "文件"},
	{"promotion", "会员晋升"}, {"event", "展会活动"}, {"project", "项目申报"}, {"feedback", "反馈信息"},
	{"broadcast", "站内信"}, {"email", "邮件"}, {"sms", "短信管理"}, {"papers", "参会投稿"}, {"campaign", "邮件管理"}, {"suppression", "邮件管理"}, {"mail_template", "邮件管理"}, {"job", "后台任务"}, {"audit", "审计日志"},
}

// Areas lists every labelled action by area, in the order of the areas, for the filter.
func Areas() []Area {
	var out []Area
	idx := map[string]int{}
	for _, a := range areas {
		if _, ok := idx[a.name]; !ok {
			idx[a.name] = len(out)
			out = append(out, Area{Name: a.name})
		}
	}
	for _, a := range sortedActions() {
		prefix, _, _ := strings.Cut(a, ".")
		for _, ar := range areas {
			if ar.prefix == prefix {
				out[idx[ar.name]].Actions = append(out[idx[ar.name]].Actions, a)
				break
			}
		}
	}
	return out
}

func sortedActions() []string {
	out := make([]string, 0, len(Labels))
	for a := range Labels {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}
