package i18n

// enProjects: 项目申报 (member pages, 提醒我, 我的申报, 重要活动提醒) and 项目申报管理 (staff).
var enProjects = map[string]string{
	// Kinds, statuses, channels, decisions
	"团体标准立项": "Group standard proposal", "评优评奖": "Awards", "政府项目推荐": "Government project recommendation", "专项资金": "Special funds",
	"未开始": "Not started", "申报中": "Open", "已截止": "Closed", "评审中": "Under review", "已公示": "Results published",
	"电子邮件": "Email", "待评审": "Awaiting review", "已受理": "Accepted", "已入选": "Selected",

	// Member list and detail
	"项目名称": "Project", "项目类型": "Type", "申报状态": "Status", "申报截止": "Deadline", "还剩 %d 天": "%d days left",
	"理事单位及以上": "Council members and above", "没有符合条件的项目。": "No projects match.", "返回项目申报": "Back to projects",
	"已设置截止提醒": "Deadline reminder set", "取消提醒": "Cancel reminder", "提醒我": "Remind me",
	"截止前发送站内通知和邮件": "A site notice and an email before the deadline", "附件下载": "Downloads", "第 %d 版": "version %d",
	"我的申报": "My applications", "提交方式": "Submitted by", "齐全": "Complete", "缺少材料": "Items missing", "评审结果": "Decision",
	"本项目线下申报：请按上文方式提交材料，协会收到后会在这里登记。": "Applications are made offline as described above; the association records here what it received.",
	"协会收到贵单位的申报材料后，会在这里登记。":           "When the association receives your application, it is recorded here.",
	"发布单位": "Publisher", "申报时间": "Application period", "申报对象": "Who may apply", "全体会员单位": "All member companies",
	"申报条件": "Conditions", "申报材料": "Materials", "电子版发送至": "Send the electronic copy to", "加盖公章，一式 %d 份": "stamped, %d copies",
	"邮寄地址": "Mailing address", "评审流程": "Review process", "联系方式": "Contacts", "结果公示": "Results", "以邮戳为准": "postmark counts",
	"查看项目": "View project",
	"项目申报截止：%s（%s，还剩 %d 天）":  "Project application deadline: %s (%s, %d days left)",
	"项目申报将于 %s 开始：%s（截止 %s）": "Project applications open on %s: %s (deadline %s)",

	// Staff
	"项目申报管理": "Project calls", "返回项目申报管理": "Back to project calls", "新建项目": "New project", "编辑项目": "Edit project",
	"确定撤回发布？会员单位将看不到该项目。": "Unpublish? Member companies will no longer see this project.",
	"确定发布？会员单位将可以看到该项目。":  "Publish? Member companies will see this project.",
	"还没有附件。": "No attachments yet.", "附件名称": "Attachment name", "同名附件再次上传即为新版本": "Uploading the same name again makes a new version",
	"文件（DOCX 或 PDF）": "File (DOCX or PDF)", "申报登记": "Applications received", "申报单位": "Company", "还没有登记申报。": "No applications recorded yet.",
	"登记收到的申报": "Record an application received", "同一单位再次登记即更正原记录。": "Recording the same company again corrects its record.",
	"材料齐全": "Materials complete", "缺少的材料": "Missing items", "材料不齐时填写": "When materials are incomplete", "保存登记": "Save record",
	"申报开始日期": "Applications open", "申报截止日期": "Application deadline", "评审结束日期": "Review ends",
	"可不填；此前显示为评审中": "Optional; shown as under review until then", "仅限理事单位及以上申报": "Council members and above only",
	"申报材料清单": "Materials checklist", "每行一项": "One item a line", "申报邮箱": "Application email", "电子版发送地址": "Where electronic copies go",
	"纸质材料份数": "Paper copies", "加盖公章；0 表示不需要": "Stamped; 0 if none needed", "填写后项目显示为已公示": "Once filled in, the project shows as results published",

	// Errors and flashes
	"项目不存在或未发布。": "The project does not exist or is not published.", "单位不存在。": "The company does not exist.",
	"项目未发布。": "The project is not published.", "申报已截止，不能再设置提醒。": "Applications have closed; a reminder can no longer be set.",
	"请填写附件名称（最多40字）。":             "Enter the attachment name (at most 40 characters).",
	"附件只支持 DOCX、PDF 格式（按文件内容识别）。": "Attachments must be DOCX or PDF (checked by content).",
	"已登记单位申报，不能撤回发布。":             "Applications are recorded; the project cannot be unpublished.",
	"请填写项目名称（2到100字）":             "Enter the project name (2 to 100 characters)", "请选择项目类型": "Choose the type",
	"请填写年度（如 2026）": "Enter the year (e.g. 2026)", "纸质份数须为0到50的整数": "Paper copies must be a whole number from 0 to 50",
	"请填写申报邮箱或纸质份数": "Enter an application email or a number of paper copies", "需要纸质材料时请填写邮寄地址": "Enter the mailing address for paper copies",
	"截止日期不能早于开始日期": "The deadline cannot be before the start", "评审结束日期不能早于截止日期": "The review cannot end before the deadline",
	"请选择申报单位": "Choose the company", "请填写收到日期（年-月-日）": "Enter the date received (YYYY-MM-DD)", "请选择提交方式": "Choose how it was submitted",
	"请选择评审结果": "Choose the decision", "材料不齐时请写明缺少的材料": "Say which items are missing", "最多1000字": "At most 1000 characters",
	"已设置提醒：截止前 %d 天将发送站内通知和邮件。": "Reminder set: a site notice and an email %d days before the deadline.",
	"已取消提醒。": "Reminder cancelled.", "项目已保存（未发布）。": "Project saved (not published).", "项目已保存。": "Project saved.",
	"项目已发布，会员单位可见。": "Project published; member companies can see it.", "项目已撤回发布。": "Project unpublished.",
	"已复制为新项目（未发布），请修改日期后发布。": "Copied as a new project (not published); change the dates, then publish.",
	"请选择文件（DOCX 或 PDF）":      "Choose a file (DOCX or PDF)", "附件已上传：%s（第 %d 版）。": "Attachment uploaded: %s (version %d).",
	"申报记录已保存，申报单位可在“我的申报”中查看。": "Record saved; the company sees it under My applications.",
}
