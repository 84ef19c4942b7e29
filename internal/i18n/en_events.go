package i18n

// enEvents: 展会活动 (member pages, e-tickets, 重要活动提醒) and 展会活动管理 (staff).
var enEvents = map[string]string{
	// Kinds, phases, registration states
	"展会": "Exhibition", "会议": "Conference", "培训": "Training",
	"报名中": "Registration open", "即将开始": "Upcoming", "进行中": "In progress", "已结束": "Ended", "已确认": "Confirmed", "候补中": "On the waitlist", "候补待确认": "Place offered",
	"已取消": "Cancelled", "候补已过期": "Offer expired",

	// Titles
	"报名参会": "Register", "修改参会人员": "Change attendees", "新建活动": "New event",
	"编辑活动": "Edit event", "现场签到": "Check-in",

	// Member list and detail
	"活动名称": "Event name", "输入名称中的两个字即可": "Two characters of the name are enough", "活动类型": "Type",
	"活动状态": "Status", "活动时间": "Dates", "地点": "Venue",
	"理事单位专享": "Council members only", "已满": "Full", "候补 %d 家": "%d waiting",
	"没有符合条件的活动。": "No events match.", "返回展会活动": "Back to events", "主办单位": "Organiser",
	"报名时间": "Registration", "取消截止": "Cancellation deadline",
	"共 %d 个，剩余 %d 个": "%d in all, %d left", "每家单位最多 %d 人": "at most %d per company",
	"报名需协会审核": "registrations are approved by the association", "活动介绍": "About the event",
	"日程安排": "Agenda", "参会费用": "Fees", "费用线下缴纳，详见上文说明。": "Fees are paid offline; see above.",
	"我的报名": "Our registration", "报名状态": "Registration status", "候补第 %d 位": "number %d on the waitlist",
	"原因：": "Reason: ", "已为贵单位保留 %d 个名额，请在 %s 前确认参会。": "%d places are held for your company; confirm before %s.",
	"确认参会": "Confirm attendance", "电子票": "E-ticket", "签到二维码": "Check-in QR code", "已签到": "Checked in",
	"确认后发放": "Issued once confirmed", "确定取消报名？名额将让给候补单位。": "Cancel the registration? The places go to the waitlist.",
	"放弃候补名额": "Decline the offer", "取消报名": "Cancel registration",
	"已过取消截止时间，如需取消请联系协会。": "The cancellation deadline has passed; contact the association to cancel.",
	"名额已满，现在报名将进入候补名单。":   "The event is full: registering now puts you on the waitlist.",
	"当前不在报名时间内。":          "Registration is not open.", "返回活动详情": "Back to the event",
	"每家单位最多 %d 人；剩余名额 %d 个。名额不足时进入候补名单。不收集身份证号码。": "At most %d people per company; %d places left. Without enough places you join the waitlist. ID numbers are not collected.",
	"从单位成员中选择": "Pick from your company's people", "添加参会人员": "Add attendees", "提交报名": "Submit registration",
	"全部展会活动": "All events", "查看展会活动": "See events",

	// Staff
	"发布状态": "Publication", "已发布": "Published", "未发布": "Draft", "候补": "Waitlist", "报名名单": "Registrations",
	"报名开始日期": "Registration opens", "报名截止日期": "Registration closes", "含当天": "Including that day",
	"取消截止日期": "Cancellation deadline", "此后单位不能自行取消": "After it companies can no longer cancel themselves",
	"名额（人）": "Places (people)", "每家单位人数上限": "People per company at most", "候补确认时限（小时）": "Offer time (hours)",
	"名额空出后为候补单位保留的时间": "How long a freed place is held for the next company on the waitlist",
	"仅限理事单位":          "Council members only", "报名需审核": "Registrations need approval", "参会费用说明": "Fees",
	"如会员与理事单位的收费标准、免费名额；费用线下缴纳": "e.g. fees for members and council members, free places; paid offline",
	"返回展会活动管理": "Back to events management", "共 %d 个，已占用 %d 个，剩余 %d 个": "%d in all, %d taken, %d left",
	"%d 家单位候补中": "%d companies waiting", "候补确认时限 %d 小时": "offers held %d hours",
	"确定撤回发布？会员单位将看不到该活动。": "Unpublish? Member companies will no longer see the event.", "撤回发布": "Unpublish",
	"确定发布？会员单位将可以看到并报名。": "Publish? Member companies will see it and can register.", "复制": "Copy",
	"签到": "Check in", "未签到": "Not checked in", "人数": "People", "参会人员": "Attendees", "第 %d 位": "number %d",
	"保留至": "held until", "确定审核不通过？": "Refuse this registration?", "不通过": "Refuse",
	"确定取消该单位的报名？名额将让给候补单位。": "Cancel this company's registration? The places go to the waitlist.",
	"暂无报名。": "No registrations yet.", "返回报名名单": "Back to registrations", "签到码": "Check-in code",
	"用扫码枪或手机扫码后填入，或手动输入电子票上的签到码": "Scan the QR code with a scanner or phone, or type the code on the e-ticket",
	"重复签到": "Already checked in", "%s（%s）已于 %s 签到过。": "%s (%s) checked in at %s.", "签到成功": "Checked in",
	"已签到 %d 人": "%d checked in",

	// 重要活动提醒
	"候补名额已为贵单位保留：%s（%d 人），请在 %s 前确认": "Places held for you: %s (%d people); confirm before %s",
	"已报名：%s（%s，%s）": "Registered: %s (%s, %s)", "已报名，待协会审核：%s（%s）": "Registered, awaiting approval: %s (%s)",
	"候补中：%s，排第 %d 位": "On the waitlist: %s, number %d", "%s 报名截止：%s": "%s: registration closes %s",
	"查看电子票": "See e-tickets",

	// Flashes
	"报名成功，电子票已发送，也可在本页查看。":       "Registered. The e-tickets were sent and are on this page too.",
	"名额已满，贵单位已进入候补名单，当前排第 %d 位。": "The event is full: your company is on the waitlist, number %d.",
	"报名已提交，待协会审核。":               "Registration submitted; the association will review it.", "参会人员已修改。": "Attendees changed.",
	"报名已取消。": "Registration cancelled.", "已确认参会，电子票已发送。": "Attendance confirmed; the e-tickets were sent.",
	"活动已保存（未发布）。": "Event saved (not published).", "活动已保存。": "Event saved.",
	"活动已发布，会员单位可见。": "Event published; member companies can see it.", "活动已撤回发布。": "Event unpublished.",
	"已复制为新活动（未发布），请修改日期后发布。": "Copied as a new draft event; change the dates, then publish.",
	"已审核通过，电子票已发送。":          "Approved; the e-tickets were sent.", "已审核不通过，单位已收到通知。": "Refused; the company was told.",
	"报名已取消，名额已释放给候补单位。": "Registration cancelled; the places went to the waitlist.",

	// Errors and validation
	"活动不存在或未发布。": "The event does not exist or is not published.", "报名记录不存在。": "No such registration.",
	"该活动当前不在报名时间内。": "Registration for this event is not open.", "该活动仅限理事单位报名。": "Only council members may register for this event.",
	"贵单位已报名该活动，可在活动详情中修改参会人员。": "Your company has registered already; change the attendees on the event page.",
	"候补名额的确认时间已过，名额已让给下一家单位。":  "The offer expired; the places went to the next company.",
	"剩余名额不足，不能增加参会人员。":         "Not enough places left to add attendees.", "报名已截止，不能再修改参会人员。": "Registration has closed; attendees can no longer be changed.",
	"活动未发布。": "The event is not published.", "已有单位报名，不能撤回发布；请先处理报名。": "Companies have registered: the event cannot be unpublished; deal with the registrations first.",
	"请至少填写一位参会人员。": "Add at least one attendee.", "签到码无效：不是本系统签发的电子票，或已作废。": "Invalid code: not an e-ticket of this system, or voided.",
	"该电子票不属于本活动。": "This e-ticket is for another event.", "每家单位最多报名 %d 人。": "At most %d people per company.",
	"操作未执行：当前报名状态为「%s」，不能%s。": "Not done: the registration is “%s”, so it cannot be used to %s.",
	"保留候补名额": "hold places for the waitlist", "确认候补名额": "accept the offer", "审核不通过": "refuse",
	"请填写活动名称（2到100字）": "Enter the event name (2 to 100 characters)", "请选择活动类型": "Choose the type", "最多200字": "At most 200 characters",
	"最多5000字": "At most 5000 characters", "请填写日期（年-月-日）": "Enter a date (year-month-day)", "结束日期不能早于开始日期": "The end date cannot be before the start date",
	"报名截止日期不能早于报名开始日期": "Registration cannot close before it opens", "报名截止日期不能晚于活动结束日期": "Registration cannot close after the event ends",
	"名额须为0到100000的整数": "Places: a whole number from 0 to 100000", "每家单位人数上限须为1到50": "People per company: 1 to 50",
	"候补确认时限须为1到720小时": "Offer time: 1 to 720 hours",
}
