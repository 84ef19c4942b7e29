package i18n

// enCampaign: 邮件管理 — 群发邮件 (campaigns), 发送记录, 邮件模板, 退订/退信名单 and the 退订 page.
var enCampaign = map[string]string{
	// Tabs and titles
	"群发邮件": "Campaigns", "发送记录": "Delivery log", "邮件模板": "Mail templates", "退订/退信名单": "Suppression list",
	"新建群发邮件": "New campaign", "退订邮件": "Unsubscribe",

	// States, roles, layouts
	"待审批": "Awaiting approval", "已暂停": "Paused", "已完成": "Finished",
	"全部单位成员": "All company members", "标准（含协会抬头）": "Standard (with the association's letterhead)", "简洁": "Plain",
	"延迟重试": "Deferred", "退信": "Bounced",
	"退信（地址无效）": "Bounced (address invalid)", "收件人退订": "Unsubscribed by recipient", "工作人员添加": "Added by staff",

	// Mail kinds
	"入会申请审核通过": "Application approved", "入会申请未通过审核": "Application rejected", "纸质材料寄送提醒": "Paper documents reminder",
	"会费缴纳通知": "Dues notice", "发票已开具": "Invoice issued", "会费缴纳提醒": "Dues reminder", "反馈回复通知": "Feedback reply",
	"会员信息变更通知": "Profile change notice", "会员晋升通知": "Promotion notice", "展会活动通知": "Event notice",
	"项目申报截止提醒": "Project deadline reminder", "密码已重置": "Password was reset", "工作人员每日摘要": "Staff daily digest",
	"反馈待处理提醒（工作人员）": "Feedback waiting (staff)", "群发邮件测试": "Campaign test", "站内信邮件副本": "Site message copy", "演示数据": "Demo data",

	// Campaign list and compose
	"还没有群发邮件。": "No campaigns yet.", "创建人": "Author", "收件地址": "Addresses",
	"邮件主题": "Subject", "邮件内容": "Content", "纯文本。可用变量：": "Plain text. Variables:",
	"；退订链接自动附在末尾。": "; the unsubscribe link is added at the end.", "版式": "Layout",
	"发给全部会员单位的群发邮件须由另一位工作人员审批。": "A campaign to all member companies must be approved by another staff member.",
	"收件联系人": "Contacts", "计算收件数": "Count recipients", "留空则立即发送。": "Leave empty to send now.",
	"预览收件人": "Preview as", "发送测试邮件给自己": "Send a test to myself",
	"收件地址（已去重）": "Addresses (de-duplicated)", "已退订/退信而不发送": "Left out (unsubscribed or bounced)",
	"选择发送对象和联系人后显示收件数。": "Choose an audience and contacts to see the count.",
	"测试邮件已发送到 ":         "Test mail sent to ",

	// Campaign page
	"审批": "Approval", "待另一位工作人员审批": "Waiting for another staff member's approval", "进度": "Progress",
	"审批通过": "Approve", "须由另一位工作人员审批。": "Another staff member must approve.", "继续发送": "Resume",
	"重试失败": "Retry failed", "取消群发": "Cancel campaign",
	"取消后未发送的地址不再发送，确定取消？": "Addresses not yet mailed will not be mailed. Cancel the campaign?",
	"范围": "Scope", "未收到的（未发送成功）": "Did not get it (not sent)", "地址 / 单位": "Address / company",
	"SMTP 代码": "SMTP code", "服务器回复": "Server reply", "更新时间": "Updated", "没有符合条件的发送记录。": "No deliveries match.",

	// Suppression list
	"名单中的地址不再收到群发邮件（事务性邮件如缴费确认、发票仍会发送）。退信（地址无效）和收件人退订自动加入。": "Addresses on the list get no campaigns (transactional mail such as payment confirmations and invoices still goes out). Hard bounces and unsubscribes are added automatically.",
	"邮箱地址": "Email address", "加入名单": "Add to list", "名单为空。": "The list is empty.", "移出": "Remove",
	"移出名单后该地址将再次收到群发邮件，确定？": "The address will receive campaigns again. Remove it?",

	// Templates
	"系统自动发送的事务性邮件。未自定义时使用内置文本；自定义模板无法生成时也自动改用内置文本。": "Transactional mails the system sends. Without a custom version the built-in text is used; so it is when a custom template cannot be rendered.",
	"邮件类型": "Mail kind", "内置文本": "Built-in text", "修改人": "Changed by", "修改时间": "Changed at", "修改说明": "Change note",
	"可用变量：": "Variables:", "。{{正文}} 是系统生成的内容（如审核结果、缴费信息），{{标题}} 是内置主题。": ". {{正文}} is the text the system writes (review results, payment details), {{标题}} the built-in subject.",
	"模板无法生成，将使用内置文本。": "The template cannot be rendered; the built-in text will be used.",
	"保存为新版本":          "Save as new version", "版本历史": "Version history", "尚未自定义，使用内置文本。": "Not customised: the built-in text is used.",

	// Unsubscribe page
	"已退订：": "Unsubscribed: ", "。该地址不会再收到协会的群发邮件；与贵单位会员事务有关的通知（如缴费确认、发票）仍会发送。": ". This address will get no more campaigns from the association; notices about your membership (payment confirmations, invoices) are still sent.",
	"确认后，": "Once confirmed, ", " 将不再收到协会的群发邮件。": " will get no more campaigns from the association.", "确认退订": "Confirm unsubscribe",
	"退订链接无效，请使用邮件中的完整链接。": "The unsubscribe link is invalid; use the complete link from the mail.",

	// Messages and errors
	"群发邮件已开始发送，共 %d 个收件地址。":        "The campaign is being sent to %d addresses.",
	"群发邮件发给全部会员单位，须由另一位工作人员审批后发送。": "The campaign goes to all member companies: another staff member must approve it before it is sent.",
	"群发邮件将于 %s 发送。":                "The campaign will be sent at %s.",
	"已审批，群发邮件将按时发送。":               "Approved: the campaign will be sent on time.", "已暂停发送。": "Sending paused.", "已继续发送。": "Sending resumed.",
	"已取消群发。": "Campaign cancelled.", "发送失败的地址已重新加入发送队列。": "The failed addresses are queued again.",
	"已加入退订/退信名单。": "Added to the suppression list.", "已移出退订/退信名单。": "Removed from the suppression list.",
	"已保存为第 %d 版。": "Saved as version %d.",
	"群发邮件不存在":     "No such campaign", "群发邮件当前状态不允许此操作，请刷新页面。": "The campaign's state does not allow this; reload the page.",
	"不能审批自己创建的群发邮件，请由另一位工作人员审批。": "You cannot approve your own campaign; another staff member must approve it.",
	"所选发送对象中没有可发送的邮箱地址。":         "The audience has no email addresses to send to.", "请选择至少一种联系人": "Choose at least one kind of contact",
	"请填写邮件主题": "Enter a subject", "请填写邮件内容": "Enter the content", "请填写正文": "Enter the body",
	"请填写正确的邮箱地址": "Enter a valid email address", "该地址不在退订/退信名单中": "The address is not on the suppression list",
	"没有这种邮件模板": "No such mail template", "未知变量 {{%s}}": "Unknown variable {{%s}}", "变量未闭合：%s": "Unclosed variable: %s",
	"您的账号没有邮箱地址，无法发送测试邮件；请在个人设置中填写。": "Your account has no email address for the test; add one in your settings.",
}
