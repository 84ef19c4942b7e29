package i18n

// enMessages: flashes after an action, and the messages of the error page.
var enMessages = map[string]string{
	// Flashes
	"个人设置已保存。": "Settings saved.",
	"密码已修改。":   "Password changed.",
	"密码已修改。您在其他设备上的登录已退出。": "Password changed. You have been logged out on your other devices.",
	"请选择年度。": "Please choose a year.",
	"已确认到账，会员证书将由后台生成。":         "Payment confirmed; the membership certificate will be generated in the background.",
	"已退回，会员已收到通知。":              "Returned; the member has been notified.",
	"已设为免缴。":                    "Dues waived.",
	"只有发送失败、未发送或状态未知的邮件可以重新发送。": "Only failed, unsent or unknown emails can be sent again.",
	"已重新加入发送队列。":                "Queued for sending again.",
	"发票已上传，会员已收到通知。":            "Invoice uploaded; the member has been notified.",
	"无法重新执行该任务（可能已完成或已被删除）。":    "The task cannot be run again (it may have finished or been deleted).",
	"任务已重新加入队列。":                "Task queued again.",
	"纸质材料记录已保存。":                "Paper documents record saved.",
	"已审核通过，通知邮件已加入发送队列。":        "Approved; the notification email has been queued.",
	"已退回申请，退回原因已通过邮件通知申请人。":     "Application returned; the reason has been emailed to the applicant.",
	"申请正在审核中，暂不能修改。":            "The application is being reviewed and cannot be changed now.",
	"已重新提交，协会将尽快审核。":            "Resubmitted; the association will review it soon.",
	"缴费凭证已上传，协会财务确认到账后将通知您。":    "Proof of payment uploaded; you will be notified once the association's finance staff confirm the payment.",
	"缴费凭证已删除。":                  "Proof of payment deleted.",
	"开票信息已保存，协会确认到账后开具发票。":      "Invoice details saved; the invoice will be issued once the payment is confirmed.",
	"已标记为已读。":                   "Marked as read.",
	"全部站内信息已标记为已读。":             "All messages marked as read.",

	"已生成 %d 年度会费账单 %d 条（已有的不会重复生成）。": "Generated %d dues bills: %d (existing ones are not generated again).",
	"%d 年度会费标准已保存。":                  "%d fee schedule saved.",
	"证书 %s 已撤销。":                     "Certificate %s revoked.",

	// To-do list (app/home.go): formats
	"%d年度会费 %s 元尚未缴纳": "%d dues of %s CNY not paid yet",
	"%d年度缴费凭证被退回：%s":  "%d proof of payment returned: %s",
	"%d年度开票信息未填写":     "%d invoice details not filled in",
	"%d年度会费发票已开具":     "%d dues invoice issued",
	"%d年度会员证书已生成":     "%d membership certificate ready",

	// Certificate page, when there is no valid certificate (app/certificate.go)
	"%d 年度会费账单尚未生成，请留意协会通知。":                               "The %d dues bill has not been generated yet; watch for the association's notice.",
	"尚未缴纳 %d 年度会费（%s 元）。请转账后在「会员缴费」中上传缴费凭证。":               "The %d dues (%s CNY) are not paid yet. After the bank transfer, upload the proof of payment under “Dues”.",
	"缴费凭证被退回：%s。请重新上传。":                                    "The proof of payment was returned: %s. Please upload it again.",
	"缴费凭证已上传，等待协会确认到账。确认后将自动生成会员证书。":                       "Proof of payment uploaded, waiting for the association to confirm the payment. The membership certificate is generated after that.",
	"凭证合计 %s 元，与应缴金额 %s 元不一致，请核对到账金额。":                     "The vouchers add up to %s yuan, not the %s yuan due. Please check the amount received.",
	"修改会费标准只影响之后生成的账单；已生成的账单保持原金额，需要时可在缴费详情中设为免缴或与会员另行结算。": "Changing the fee schedule affects only bills generated afterwards; existing bills keep their amount (waive or settle them separately if needed).",
	"当前密码错误次数过多，请15分钟后再试。":                                 "Too many wrong current passwords. Please try again in 15 minutes.",
	"本年度会员证书已被协会撤销，如有疑问请联系协会。":                             "This year's membership certificate was revoked by the association. Please contact the association with any questions.",
	"该证书已撤销或已被新证书取代，不能再撤销":                                 "This certificate is already revoked or superseded and cannot be revoked again",
	"会费已确认，会员证书正在生成，请稍后刷新本页。":                              "Dues confirmed; the membership certificate is being generated. Refresh this page in a moment.",

	// Error page and toast
	"页面不存在":  "Page not found",
	"无权访问":   "Access denied",
	"请求过于频繁": "Too many requests",
	"系统出现错误，请稍后重试。如问题持续，请联系协会并提供请求编号。": "Something went wrong. Please try again later; if it keeps happening, contact the association and give the request ID.",
	"页面不存在。":                 "Page not found.",
	"上传内容过大。":                "The upload is too large.",
	"您要找的内容不存在或已被删除。":        "What you are looking for does not exist or has been deleted.",
	"您要找的文件不存在或无权下载。":        "The file does not exist or you may not download it.",
	"页面已过期或请求来源无效，请刷新页面后重试。": "The page has expired or the request came from an invalid source; refresh the page and try again.",
	"请先登录。":                  "Please log in first.",
	"您没有权限访问此页面。":            "You are not allowed to see this page.",
	"查询过于频繁，请稍后再试。":          "Too many checks; please try again later.",
	"任务队列不可用。":               "The task queue is unavailable.",
}
