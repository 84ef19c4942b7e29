package i18n

// enPapers: 参会投稿 (member pages, 我的投稿), 评审任务 (reviewers) and 征稿与评审 (staff).
var enPapers = map[string]string{
	// States and labels
	"草稿": "Draft", "录用": "Accepted", "修改后录用": "Accepted with revisions",
	"不录用": "Rejected", "协会会展": "Association (events)", "外部评审专家": "External reviewer",

	// Menu and titles
	"参会投稿": "Call for papers", "我的投稿": "My papers", "评审任务": "Review tasks", "稿件评审": "Paper review",
	"评审专家": "Reviewers", "征稿与评审": "Papers and review", "修改稿件": "Revise paper", "稿件详情": "Paper",

	// Call block and form
	"投稿时间": "Submission period", "征稿中": "Open for papers", "征稿主题": "Topics", "摘要字数": "Abstract length",
	"不超过 %d 字": "at most %d words", "评审方式": "Review", "匿名评审（评审专家看不到作者和单位）": "Blind review (reviewers do not see authors or company)",
	"公开评审": "Open review", "该活动没有开放投稿。": "This event has no call for papers.",
	"投稿已截止；逾期投稿须填写协会提供的逾期投稿码": "The call has closed; a late submission needs the access code from the association",
	"投稿截止": "Deadline", "逾期投稿码": "Late-submission code", "题目": "Title", "作者": "Authors", "报告人": "Presenting",
	"作者单位即投稿单位；请勾选报告人。保存后可再添加作者。": "Authors' company is the submitting company; tick the presenting author. Save to add more authors.",
	"摘要": "Abstract", "不超过 %d 字（汉字每字计一字，英文每词计一字）": "At most %d words (each Chinese character counts as one word)",
	"关键词": "Keywords", "多个关键词用逗号分隔": "Separate keywords with commas", "全文": "Full paper",
	"PDF 或 DOCX，不超过 5 MB": "PDF or DOCX, at most 5 MB", "已上传的全文": "Full paper uploaded", "（不选择文件则保留）": " (kept unless you choose a file)",
	"原创性声明：本文为作者原创，未在其他会议或期刊发表，不涉及保密内容。": "Originality: this is the authors' own work, not published at another conference or in a journal, and contains nothing confidential.",
	"保存草稿": "Save draft", "请重新选择全文文件（浏览器不会保留已选的文件）": "Choose the full paper again (browsers do not keep a chosen file)", "稿件状态": "Paper status", "提交记录": "Submissions", "逾期投稿": "Late",
	"贵单位还没有投稿。在展会活动的活动详情中可以参会投稿。": "Your company has not submitted a paper. Submit one from an event's details.",
	"未上传": "Not uploaded", "继续编辑": "Continue editing", "修改后重新提交": "Revise and resubmit",
	"确定撤回该稿件？撤回后不能恢复。": "Withdraw this paper? This cannot be undone.",
	"评审结果发布后在这里显示。":    "The decision appears here once released.", "通知邮件": "Notification email",
	"未发送（无邮箱）": "Not sent (no email address)", "草稿尚未提交。": "The draft has not been submitted.",

	// Reviewers
	"我的评审": "My review", "已评审": "Reviewed", "未评审": "Not reviewed", "目前没有分配给您的稿件。": "No papers are assigned to you.",
	"匿名评审": "Blind review", "投稿单位": "Submitting company", "评分": "Scores", "权重 %d%%": "weight %d%%", "1–10 分": "1–10 points",
	"提交评审": "Submit review", "评审已结束。": "The review has ended.", "我的加权总分": "My weighted total",

	// Staff
	"征稿设置": "Call settings", "开放投稿": "Accept papers", "投稿开始日期": "Opens on", "投稿截止日期": "Closes on",
	"截止后凭此码仍可投稿；留空则截止后不再接收": "After the close this code still lets authors submit; leave empty to accept nothing late",
	"摘要字数上限": "Abstract word limit", "每行一个主题": "One topic per line", "评分项及权重": "Score categories and weights",
	"每行一项：名称 权重，权重之和为100": "One per line: name and weight; the weights add up to 100", "稿件": "Papers",
	"评审进度": "Reviews done", "加权总分": "Weighted total", "待发布结果": "Staged decision", "还没有提交的稿件。": "No papers submitted yet.",
	"一键发布结果（%d 篇）": "Release all decisions (%d)", "确定发布全部暂存的评审结果？作者将收到通知邮件。": "Release every staged decision? The authors will be emailed.",
	"在稿件页暂存评审结果后，可在这里一键发布。": "Stage decisions on the papers' pages, then release them here together.",
	"评审": "Review", "平均加权总分": "Average weighted total", "尚未分配评审专家。": "No reviewer assigned yet.", "分配评审专家": "Assign a reviewer",
	"分配": "Assign", "与投稿单位同属一家单位的评审专家不能分配。": "Reviewers from the submitting company cannot be assigned.",
	"邀请外部评审专家": "Invite an external reviewer", "说明（随通知发给作者）": "Note (sent to the authors with the decision)", "暂存结果": "Stage decision",
	"暂存的结果作者看不到；在征稿与评审页一键发布后才通知作者。": "Authors do not see a staged decision until it is released on the papers page.",
	"待发布": "Staged", "已被取代": "Superseded", "已分配稿件": "Papers assigned", "未设置密码": "No password yet",
	"对方会收到一封邮件，通过其中的一次性链接设置密码后登录，只能看到分配给他的稿件。": "They get an email with a one-time link to set a password; they see only the papers assigned to them.",
	"工作单位": "Affiliation", "所属会员单位统一社会信用代码": "USCC of their member company",
	"专家任职于会员单位时填写：不会分配该单位的稿件": "Fill in when the reviewer works for a member company: its papers are never assigned to them",

	// Messages, errors and validation
	"%s 投稿截止：%s": "%s: call for papers closes %s", "草稿已保存。": "Draft saved.",
	"稿件已提交（第 %d 版）。截止前可以修改后重新提交。": "Paper submitted (version %d). You may revise and resubmit until the deadline.",
	"稿件已撤回。": "Paper withdrawn.", "征稿设置已保存。": "Call settings saved.",
	"已发布 %d 篇稿件的评审结果，通知邮件已排队发送。": "Released decisions on %d papers; the emails are queued.",
	"已分配评审专家。": "Reviewer assigned.", "评审结果已暂存，发布后作者可见。": "Decision staged; the authors see it once released.",
	"已向 %s 发送邀请邮件，对方通过链接设置密码后即可登录。": "Invitation sent to %s; they can log in after setting a password with the link.",
	"评审意见已提交。": "Review submitted.", "投稿已提交": "Paper submitted",
	"操作未执行：稿件当前状态为「%s」，不能%s。": "Not done: the paper is %s; not possible now: %s.",
	"稿件不存在。": "Paper not found.", "投稿尚未开始。": "The call for papers has not opened yet.",
	"您未被分配评审该稿件。": "This paper is not assigned to you.", "不能分配：该评审专家与投稿单位属同一单位。": "Not assigned: the reviewer belongs to the submitting company.",
	"请选择评审专家。": "Choose a reviewer.", "评审结果已发布或稿件已撤回，不能再修改评分。": "The decision is out or the paper was withdrawn: scores can no longer change.",
	"没有待发布的评审结果。": "No staged decisions to release.", "请选择评审结果。": "Choose a decision.", "撤回稿件": "Withdraw the paper",
	"逾期投稿码不正确": "Wrong late-submission code", "请填写题目": "Enter the title", "题目最多200字": "The title has at most 200 characters",
	"摘要超过字数上限：%d / %d 字": "The abstract is over the limit: %d / %d words", "摘要过长": "The abstract is too long",
	"关键词最多200字": "Keywords have at most 200 characters", "请从列表中选择主题": "Choose a topic from the list", "最多 %d 位作者": "At most %d authors",
	"每位作者须填写姓名（最多30字），单位最多100字":    "Each author needs a name (up to 30 characters); affiliation up to 100",
	"全文只支持 PDF 或 DOCX 格式（按文件内容识别）": "The full paper must be PDF or DOCX (checked by content)", "请填写摘要": "Enter the abstract",
	"请填写关键词": "Enter keywords", "请选择主题": "Choose a topic", "请至少填写一位作者，并勾选报告人": "Enter at least one author and tick the presenting author",
	"请上传全文（PDF 或 DOCX）": "Upload the full paper (PDF or DOCX)", "请确认原创性声明": "Confirm the originality declaration",
	"逾期投稿码最多40个字符":    "The code has at most 40 characters",
	"最多30个主题，每个最多50字": "At most 30 topics of up to 50 characters each", "摘要字数上限应为50到5000": "The word limit is between 50 and 5000",
	"每行一个评分项：名称 权重，如「创新性 40」": "One category per line: name and weight, e.g. \"Novelty 40\"", "评分项的权重之和应为100": "The weights must add up to 100",
	"未找到该统一社会信用代码的单位": "No company with this USCC", "单位最多100字": "At most 100 characters",
	"请给出1到10分": "Give 1 to 10 points", "评审意见最多3000字": "The comment has at most 3000 characters", "说明最多2000字": "The note has at most 2000 characters",
	"参会投稿评审结果：": "Call for papers decision: ", "还没有评审专家。": "No reviewers yet.", "评审意见": "Comments",
}
