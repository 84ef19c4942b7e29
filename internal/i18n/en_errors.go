package i18n

// enErrors: messages carried by errors (internal/errs), rendered in the viewer's language
// where they are shown: state conflicts, refusals, the names of refused actions.
var enErrors = map[string]string{
	"操作未执行：申请当前状态为「%s」，不能变为「%s」（可能已被其他管理员处理）。": "Not done: the application is now “%s” and cannot become “%s” (another staff member may have handled it).",
	"操作未执行：当前缴费状态为「%s」，不能%s（可能已被其他人处理）。":       "Not done: the payment status is now “%s”, so you cannot %s (someone else may have handled it).",
	"%d 年度会费标准尚未设置，请先在「会费标准」中设置":               "The %d fee schedule has not been set; set it first in “Fee schedule”.",
	"删除缴费凭证":           "delete the proof of payment",
	"申请开票":             "request an invoice",
	"修改开票信息（发票已开具）":    "change the invoice details (the invoice has been issued)",
	"上传发票（请先确认到账）":     "upload the invoice (confirm the payment first)",
	"上传发票（发票已开具）":      "upload the invoice (it has already been issued)",
	"上传发票（会员尚未填写开票信息）": "upload the invoice (the member has not filled in the invoice details yet)",
	"入会申请不存在":          "The application does not exist.",
	"单位不存在":            "The company does not exist.",
	"证书不存在":            "The certificate does not exist.",
	"邮件不存在":            "The email does not exist.",
	"用户不存在":            "The user does not exist.",
	"文件不存在":            "The file does not exist.",
	"缴费记录不存在":          "The dues record does not exist.",
	"站内信息不存在":          "The message does not exist.",
	"页面已过期，请返回后重试。":    "The page is out of date; go back and try again.",
}
