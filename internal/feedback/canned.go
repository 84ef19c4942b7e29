package feedback

// Canned is one 常用回复: a fixed table, not a staff-edited one. The association's replies
// change rarely and go through review like any other published wording; a table in code is
// translated, versioned and tested with the rest, and needs no admin screen. Staff pick one
// into the reply box and edit it before sending.
type Canned struct {
	Key, Title, Body string
}

// CannedReplies are the 常用回复 offered in the reply form.
var CannedReplies = []Canned{
	{"received", "已收到，处理中", "您好，您的反馈已收到，我们正在处理，处理结果将在本页回复，请留意站内通知。"},
	{"more", "请补充材料", "您好，为便于核实，请在本页补充相关说明或上传截图、凭证等材料（PDF、JPG 或 PNG）。"},
	{"invoice", "发票开具说明", "您好，会费发票在财务确认到账并收到开票信息后开具，开具后可在“会员服务—会员缴费”中下载发票附件。"},
	{"password", "密码与登录", "您好，如忘记密码，请联系协会信息部重置；连续输错密码会被暂时锁定，请稍后再试或联系协会解除锁定。"},
	{"thanks", "感谢建议", "您好，感谢您的宝贵建议，我们已转交相关部门研究，后续如有进展将另行通知。"},
}

// CannedByKey returns the canned reply of key, or false.
func CannedByKey(key string) (Canned, bool) {
	for _, c := range CannedReplies {
		if c.Key == key {
			return c, true
		}
	}
	return Canned{}, false
}
