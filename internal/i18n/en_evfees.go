package i18n

// enEventFees: 展会活动 fees, paid offline through the dues mechanism (参会费).
var enEventFees = map[string]string{
	"每人 %s 元":     "%s yuan per attendee",
	"免费":          "Free",
	"%d 个免费名额":    "%d free places",
	"超出部分每人 %s 元": "then %s yuan per attendee",
	"参会费":         "Attendance fee",
	"确认该笔参会费已到账？会员将收到通知。":      "Confirm that this attendance fee has arrived? The member will be notified.",
	"确定将该笔参会费设为免缴？":            "Waive this attendance fee?",
	"%s 参会费 %s 元待缴，请转账后上传缴费凭证": "%s: attendance fee of %s yuan to pay; transfer it, then upload the proof of payment",
	"会费":          "Dues",
	"活动费":         "Event fee",
	"会员单位费用（元/人）": "Member fee (yuan per attendee)",
	"理事单位费用（元/人）": "Council member fee (yuan per attendee)",
	"理事单位免费名额":    "Free places for council members",
	"留空为免费":       "Leave empty if free",
	"超出免费名额的部分":   "For attendees beyond the free places",
	"费用须为不小于0的金额（元），最多两位小数": "The fee must be an amount in yuan, 0 or more, with at most two decimals",
	"免费名额须为0到50的整数":         "Free places must be a whole number from 0 to 50",
	"已确认到账，会员已收到通知。":        "Payment confirmed; the member has been notified.",
	"报名已取消":       "Registration cancelled",
	"参会人数调整后无需缴费": "Nothing to pay after the attendees changed",
	"报名确认后按参会人数生成参会费，请转账后在本页上传缴费凭证；协会确认到账后可申请并下载发票。": "Once the registration is confirmed, the fee for its attendees appears here: transfer it, then upload the proof of payment on this page; after the association confirms the payment you can request and download the invoice.",
}
