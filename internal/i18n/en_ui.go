package i18n

// enUI holds the English of the shared UI pieces: the confirmation dialog and page
// (public/js/confirm.js, app/confirm.go) and the breadcrumb trail (app/crumbs.go).
var enUI = map[string]string{
	"确定":    "OK",
	"请确认":   "Please confirm",
	"面包屑导航": "Breadcrumb",
	"申请详情":  "Application details",
	"会员详情":  "Member details",
	"变更详情":  "Change details",
}
