package app

import "github.com/gofiber/fiber/v2"

// routes mounts every route. Each passes s.guard first, which checks the casbin policy in
// policies/policy.csv for the route's pattern; a route missing there is refused to everyone,
// and the route × role test in tests/ fails.
func (s *Server) routes(app *fiber.App) {
	g := s.guard
	app.Get("/healthz", g, s.healthz)
	app.Get("/readyz", g, s.readyz)
	app.Get("/", g, s.index)
	app.Post("/lang", g, s.switchLang)
	app.Get("/privacy", g, s.privacy)

	// 账号登录
	app.Get("/login", g, s.loginForm)
	app.Post("/login", g, s.login)
	app.Post("/logout", g, s.logout)

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

	// 信息管理 — 站内信息
	app.Get("/messages", g, s.messages)
	app.Post("/messages/read-all", g, s.messagesReadAll)
	app.Get("/messages/:id", g, s.message)
	app.Post("/messages/:id/read", g, s.messageRead)

	// 个人中心
	app.Get("/account/password", g, s.passwordForm)
	app.Post("/account/password", g, s.passwordChange)
	app.Get("/account/settings", g, s.settingsForm)
	app.Post("/account/settings", g, s.settingsSave)

	// Staff: 入会审核
	app.Get("/admin", g, s.adminHome)
	app.Get("/admin/applications", g, s.reviewList)
	app.Get("/admin/applications/:id", g, s.reviewDetail)
	app.Post("/admin/applications/:id/paper", g, s.reviewPaper)
	app.Post("/admin/applications/:id/approve", g, s.reviewApprove)
	app.Post("/admin/applications/:id/reject", g, s.reviewReject)

	// Staff: 信息管理 — 邮件管理, and the audit log
	app.Get("/admin/emails", g, s.emailList)
	app.Get("/admin/emails/:id", g, s.emailDetail)
	app.Post("/admin/emails/:id/resend", g, s.emailResend)
	app.Get("/admin/audit", g, s.auditList)
}
