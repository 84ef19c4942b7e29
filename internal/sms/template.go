package sms

import (
	"fmt"
	"sort"
	"strings"
)

// Template kinds, as the gateways classify them: each kind is approved separately, and
// 推广 (marketing) texts may only go out 08:00–22:00 and must end with 拒收请回复R.
const (
	KindCode      = "验证码"
	KindNotice    = "通知"
	KindMarketing = "推广"
)

// Template is one text approved by the gateway: the text with ${name} placeholders (Aliyun's
// syntax; Tencent numbers them, which is why Params is ordered) and the gateway's code.
type Template struct {
	Key    string   // what the code asks for
	Code   string   // the provider's template code (SMS_123456789 at Aliyun); set per deployment
	Kind   string   // KindCode, KindNotice or KindMarketing
	Params []string // parameter names, in the order numbered gateways want them
	Text   string   // the approved text, shown in 短信管理
}

// SignName is the approved signature (签名) gateways put in front of every text as 【...】.
const SignName = "CPCA"

// Template keys the code sends today.
const (
	DuesReminder = "dues_reminder"
	// LegacyText holds rows written before templates existed (their text is the one parameter).
	LegacyText = "legacy_text"
)

// Templates is the local registry: every text the system may send. A gateway contract fills
// in the codes; a key missing here cannot be queued.
var Templates = map[string]Template{
	DuesReminder: {Key: DuesReminder, Code: "SMS_CPCA_DUES_REMINDER", Kind: KindNotice,
		Params: []string{"company", "year", "when"},
		Text:   "${company}${year}年度会费尚未缴纳，${when}，请登录会员系统上传缴费凭证。"},
	LegacyText: {Key: LegacyText, Kind: KindNotice, Params: []string{"text"}, Text: "${text}"},
}

// Lookup returns the template of key and checks that params name exactly its parameters.
func Lookup(key string, params map[string]string) (Template, error) {
	t, ok := Templates[key]
	if !ok {
		return t, fmt.Errorf("sms template %q is not registered", key)
	}
	if len(params) != len(t.Params) {
		return t, fmt.Errorf("sms template %q wants parameters %v, got %v", key, t.Params, names(params))
	}
	for _, p := range t.Params {
		if _, ok := params[p]; !ok {
			return t, fmt.Errorf("sms template %q wants parameters %v, got %v", key, t.Params, names(params))
		}
	}
	return t, nil
}

// Render is the text the receiver reads: the signature and the template filled in.
func (t Template) Render(sign string, params map[string]string) string {
	s := t.Text
	for _, p := range t.Params {
		s = strings.ReplaceAll(s, "${"+p+"}", params[p])
	}
	if sign == "" {
		return s
	}
	return "【" + sign + "】" + s
}

func names(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
