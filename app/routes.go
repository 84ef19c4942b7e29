package app

import (
	"cpca/internal/dashboard"

	"github.com/gofiber/fiber/v2"
)

// routes mounts every route. Each passes s.guard first, which checks the casbin policy in
// policies/policy.csv for the route's pattern; a route missing there is refused to everyone,
// and the route × role test in tests/ fails.
func (s *Server) routes(app *fiber.App) {
	g := s.guard
	app.Get("/healthz", g, s.healthz)
	app.Get("/readyz", g, s.readyz)
	app.Get("/metrics", g, s.metricsPage) // Prometheus: loopback or CPCA_METRICS_TOKEN (app/metrics.go)
	app.Get("/", g, s.index)
	app.Post("/lang", g, s.switchLang)
	app.Get("/privacy", g, s.privacy)

	// 账号登录
	app.Get("/login", g, s.loginForm)
	app.Post("/login", g, s.login)
	app.Post("/logout", g, s.logout)
	// 忘记密码 and the colleague invitation: one-time links
	app.Get("/password/forgot", g, s.forgotForm)
	app.Post("/password/forgot", g, s.forgotSend)
	app.Get("/password/reset/:token", g, s.resetForm)
	app.Post("/password/reset/:token", g, s.resetSave)
	app.Get("/invite/:token", g, s.inviteForm)
	app.Post("/invite/:token", g, s.inviteSave)

	// 注册账户: four steps
	app.Get("/register", g, s.registerStart)
	app.Get("/register/step/:n", g, s.registerStep)
	app.Post("/register/step/:n", g, s.registerSave)
	app.Get("/register/done", g, s.registerDone)

	// The applicant's own application: status, correct and resubmit after a rejection
	app.Get("/application", g, s.applicationStatus)
	app.Get("/application/edit", g, s.applicationEdit)
	app.Post("/application/edit", g, s.applicationResubmit)

	// 企业主页 — 待办事项
	app.Get("/home", g, s.home)

	// 会员服务 — 会员缴费; 信息管理 — 会员证书; downloads; public certificate check
	app.Get("/dues", g, s.duesList)
	app.Get("/dues/:id/voucher", g, s.voucherForm)
	app.Post("/dues/:id/voucher", g, s.voucherUpload)
	app.Post("/dues/:id/vouchers/:vid/delete", g, s.voucherDelete)
	app.Get("/dues/:id/invoice", g, s.invoiceForm)
	app.Post("/dues/:id/invoice", g, s.invoiceSave)
	app.Get("/certificate", g, s.certificates)
	app.Get("/files/:id", g, s.fileDownload)
	app.Get("/verify/:code", g, s.verify)

	// 会员服务 — 会员晋升
	app.Get("/promotion", g, s.promotionHome)
	app.Get("/promotion/apply", g, s.promotionApplyForm)
	app.Post("/promotion/apply", g, s.promotionApply)
	app.Get("/promotion/:id", g, s.promotionShow)
	app.Post("/promotion/:id/resubmit", g, s.promotionResubmit)
	// 会员服务 — 展会活动: 查询活动, 查看详情, 报名参会 (attendees, cancel, waitlist offer, e-ticket)
	app.Get("/events", g, s.eventList)
	app.Get("/events/:id", g, s.eventDetail)
	app.Get("/events/:id/register", g, s.registerForm)
	app.Post("/events/:id/register", g, s.register)
	app.Get("/events/:id/attendees", g, s.attendeesForm)
	app.Post("/events/:id/attendees", g, s.attendeesSave)
	app.Post("/events/:id/cancel", g, s.eventCancel)
	app.Post("/events/:id/accept", g, s.eventAccept)
	app.Get("/events/:id/tickets/:aid", g, s.ticketImage)
	app.Get("/projects", g, s.projectList)
	app.Get("/projects/:id", g, s.projectDetail)
	app.Post("/projects/:id/remind", g, s.projectWatch)
	app.Post("/projects/:id/unremind", g, s.projectUnwatch)
	// 会员服务 — 通讯录: search, and the company's own 通讯录设置 with its preview
	app.Get("/directory", g, s.directoryList)
	app.Post("/directory/people/:id/reveal", g, s.directoryReveal)
	app.Get("/directory/settings", g, s.directorySettings)
	app.Post("/directory/settings", g, s.directorySave)
	app.Post("/directory/brochure", g, s.directoryBrochure)
	app.Post("/directory/brochure/remove", g, s.directoryBrochureRemove)
	// 会员部: the directory's default visibility per field
	app.Get("/admin/directory", g, s.adminDirectory)
	app.Post("/admin/directory", g, s.adminDirectorySave)

	// 信息管理 — 站内信息
	app.Get("/messages", g, s.messages)
	app.Post("/messages/read-all", g, s.messagesReadAll)
	app.Get("/messages/:id", g, s.message)
	app.Post("/messages/:id/read", g, s.messageRead)

	// 信息管理 — 反馈信息
	app.Get("/feedback", g, s.feedbackList)
	app.Post("/feedback", g, s.feedbackCreate)
	app.Get("/feedback/new", g, s.feedbackNew)
	app.Get("/feedback/:id", g, s.feedbackShow)
	app.Post("/feedback/:id/messages", g, s.feedbackAdd)
	app.Post("/feedback/:id/close", g, s.feedbackClose)
	app.Post("/feedback/:id/rate", g, s.feedbackRate)
	app.Post("/feedback/:id/seen", g, s.feedbackSeen)
	// 信息管理 — 会员信息 (profile, key-field change requests, history); 单位成员 and 单位账号
	app.Get("/company", g, s.companyShow)
	app.Post("/company", g, s.companySave)
	app.Post("/company/changes", g, s.companyChange)
	app.Get("/company/accounts", g, s.accountsList)
	app.Post("/company/accounts", g, s.accountInvite)
	app.Post("/company/accounts/:id/resend", g, s.accountResend)
	app.Post("/company/accounts/:id/disable", g, s.accountDisable)
	app.Post("/company/accounts/:id/enable", g, s.accountEnable)
	app.Get("/people", g, s.peopleList)
	app.Post("/people", g, s.personAdd)
	app.Get("/people/:id/edit", g, s.personEdit)
	app.Post("/people/:id", g, s.personSave)
	app.Post("/people/:id/delete", g, s.personDelete)
	app.Post("/people/:id/consent", g, s.personConsent)

	// 个人中心
	app.Get("/account/password", g, s.passwordForm)
	app.Post("/account/password", g, s.passwordChange)
	app.Get("/account/settings", g, s.settingsForm)
	app.Post("/account/settings", g, s.settingsSave)

	// Staff: 可视化管理 (the staff home) and its widgets, each a fragment and an Excel file; the
	// policy lists every widget's path for the departments that see it.
	app.Get("/admin", g, s.adminHome)
	for _, w := range dashboard.Widgets {
		app.Get(w.Path, g, s.widgetHandler(w))
		app.Get(w.Path+"/export", g, s.widgetExportHandler(w))
	}

	// Staff: 入会审核
	app.Get("/admin/applications", g, s.reviewList)
	app.Get("/admin/applications/:id", g, s.reviewDetail)
	app.Post("/admin/applications/:id/paper", g, s.reviewPaper)
	app.Post("/admin/applications/:id/approve", g, s.reviewApprove)
	app.Post("/admin/applications/:id/reject", g, s.reviewReject)
	app.Get("/admin/changes", g, s.changesList)
	app.Get("/admin/changes/:id", g, s.changeDetail)
	app.Post("/admin/changes/:id/approve", g, s.changeApprove)
	app.Post("/admin/changes/:id/reject", g, s.changeReject)

	// Staff: 会员管理 (the fixed path before /:id)
	app.Get("/admin/members", g, s.membersList)
	app.Get("/admin/members/export", g, s.membersExport)
	app.Get("/admin/members/:id", g, s.memberDetail)
	app.Post("/admin/members/:id/suspend", g, s.memberSuspend)
	app.Post("/admin/members/:id/resume", g, s.memberResume)
	app.Post("/admin/members/:id/withdraw", g, s.memberWithdraw)
	app.Post("/admin/members/:id/accounts/:uid/disable", g, s.memberAccountDisable)
	app.Post("/admin/members/:id/accounts/:uid/enable", g, s.memberAccountEnable)
	app.Post("/admin/members/:id/accounts/:uid/reset", g, s.memberAccountReset)

	// Staff: 晋升审核 (the fixed paths before /:id)
	app.Get("/admin/promotions", g, s.promotionQueue)
	app.Get("/admin/promotions/terms", g, s.promotionTerms)
	app.Post("/admin/promotions/terms", g, s.promotionTermCreate)
	app.Get("/admin/promotions/templates", g, s.promotionTemplates)
	app.Post("/admin/promotions/templates", g, s.promotionTemplatePublish)
	app.Get("/admin/promotions/:id", g, s.reviewPromotion)
	app.Post("/admin/promotions/:id/pass", g, s.promotionPass)
	app.Post("/admin/promotions/:id/return", g, s.promotionReturn)
	app.Post("/admin/promotions/:id/reject", g, s.promotionReject)
	app.Post("/admin/promotions/:id/ratify", g, s.promotionRatify)

	// Staff: 会费标准, 会员缴费管理 (finance queue), invoices, certificates
	app.Get("/admin/fees", g, s.fees)
	app.Post("/admin/fees", g, s.feesSave)
	app.Get("/admin/dues", g, s.finance)
	app.Get("/admin/dues/export", g, s.financeExport)
	app.Post("/admin/dues/generate", g, s.financeGenerate)
	app.Get("/admin/dues/:id", g, s.financeDetail)
	app.Post("/admin/dues/:id/confirm", g, s.financeConfirm)
	app.Post("/admin/dues/:id/reject", g, s.financeReject)
	app.Post("/admin/dues/:id/waive", g, s.financeWaive)
	app.Post("/admin/dues/:id/invoice", g, s.financeInvoice)
	app.Post("/admin/certificates/:id/revoke", g, s.certificateRevoke)

	// Staff (会展): 展会活动管理 — events, registrations, export, check-in
	app.Get("/admin/events", g, s.adminEvents)
	app.Get("/admin/events/new", g, s.eventNew)
	app.Post("/admin/events/new", g, s.eventCreate)
	app.Get("/admin/events/:id", g, s.adminEvent)
	app.Get("/admin/events/:id/edit", g, s.eventEdit)
	app.Post("/admin/events/:id/edit", g, s.eventUpdate)
	app.Post("/admin/events/:id/publish", g, s.eventPublish)
	app.Post("/admin/events/:id/unpublish", g, s.eventUnpublish)
	app.Post("/admin/events/:id/copy", g, s.eventCopy)
	app.Get("/admin/events/:id/export", g, s.eventExport)
	app.Post("/admin/events/:id/registrations/:rid/approve", g, s.regApprove)
	app.Post("/admin/events/:id/registrations/:rid/reject", g, s.regReject)
	app.Post("/admin/events/:id/registrations/:rid/cancel", g, s.regCancel)
	app.Get("/admin/events/:id/checkin", g, s.checkinForm)
	app.Post("/admin/events/:id/checkin", g, s.checkin)
	// Staff (会展): 项目申报管理 — projects, attachments, offline applications
	app.Get("/admin/projects", g, s.adminProjects)
	app.Get("/admin/projects/new", g, s.projectNew)
	app.Post("/admin/projects/new", g, s.projectCreate)
	app.Get("/admin/projects/:id", g, s.adminProject)
	app.Get("/admin/projects/:id/edit", g, s.projectEdit)
	app.Post("/admin/projects/:id/edit", g, s.projectUpdate)
	app.Post("/admin/projects/:id/publish", g, s.projectPublish)
	app.Post("/admin/projects/:id/unpublish", g, s.projectUnpublish)
	app.Post("/admin/projects/:id/copy", g, s.projectCopy)
	app.Post("/admin/projects/:id/attachments", g, s.projectAttach)
	app.Post("/admin/projects/:id/applications", g, s.projectRecord)

	// Staff: 信息管理 — 邮件管理, and the audit log
	app.Get("/admin/emails", g, s.emailList)
	app.Get("/admin/emails/:id", g, s.emailDetail)
	app.Post("/admin/emails/:id/resend", g, s.emailResend)
	app.Get("/admin/sms", g, s.smsList)
	app.Get("/admin/sms/templates", g, s.smsTemplates)
	app.Get("/admin/sms/templates/new", g, s.smsTemplateNew)
	app.Post("/admin/sms/templates", g, s.smsTemplateSave)
	app.Get("/admin/sms/templates/:key", g, s.smsTemplateEdit)
	app.Post("/admin/sms/templates/:key", g, s.smsTemplateSave)
	// The SMS gateways' delivery receipts (secret in the path; app/sms_receipt.go)
	app.Post("/sms/receipt/aliyun/:secret", g, s.smsReceipt("aliyun"))
	app.Post("/sms/receipt/tencent/:secret", g, s.smsReceipt("tencent"))
	app.Get("/admin/feedback", g, s.adminFeedback)
	app.Get("/admin/feedback/:id", g, s.adminFeedbackShow)
	app.Post("/admin/feedback/:id/read", g, s.adminFeedbackRead)
	app.Post("/admin/feedback/:id/assign", g, s.adminFeedbackAssign)
	app.Post("/admin/feedback/:id/reply", g, s.adminFeedbackReply)
	app.Post("/admin/feedback/:id/close", g, s.adminFeedbackClose)
	app.Post("/admin/feedback/:id/reopen", g, s.adminFeedbackReopen)
	app.Get("/admin/messages", g, s.messageList)
	app.Get("/admin/messages/new", g, s.messageNew)
	app.Get("/admin/messages/count", g, s.messageCount)
	app.Post("/admin/messages", g, s.messageCreate)
	app.Get("/admin/messages/:id", g, s.messageDetail)
	app.Post("/admin/messages/:id/retract", g, s.messageRetract)
	app.Post("/admin/messages/:id/extend", g, s.messageExtend)
	app.Get("/admin/jobs", g, s.jobsList)
	app.Post("/admin/jobs/:id/run", g, s.jobRun)
	app.Get("/admin/audit", g, s.auditList)
	app.Get("/admin/audit/export", g, s.auditExport)
	app.Get("/admin/lockouts", g, s.lockoutList)
	app.Post("/admin/lockouts/unlock", g, s.lockoutUnlock)
}
