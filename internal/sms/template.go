package sms

import (
	"sort"
	"strings"
	"unicode/utf8"

	"cpca/internal/errs"
)

// Template kinds, as the gateways classify them: each kind is approved separately, and
// 推广 (marketing) texts may only go out 08:00–22:00 and must end with 拒收请回复R.
const (
	KindCode      = "验证码"
	KindNotice    = "通知"
	KindMarketing = "推广"
)

// Kinds lists the kinds in the order staff choose them.
var Kinds = []string{KindCode, KindNotice, KindMarketing}

// OptOut is the phrase every 推广 text must end with (the carriers' rule).
const OptOut = "拒收请回复R"

// DefaultMax is the length limit of a parameter without its own: Aliyun's limit for a
// variable of a 通知 template (35 characters).
const DefaultMax = 35

// Template is one text approved by the gateway: the text with ${name} placeholders (Aliyun's
// syntax; Tencent numbers them, which is why Params is ordered) and the gateway's code.
type Template struct {
	Key    string         // what the code asks for
	Code   string         // the provider's template code (SMS_123456789 at Aliyun, a TemplateId at Tencent)
	Kind   string         // KindCode, KindNotice or KindMarketing
	Params []string       // parameter names, in the order numbered gateways want them
	Max    map[string]int // the longest value (characters) of each parameter; missing: DefaultMax
	Text   string         // the approved text, shown in 短信管理
	// Sign is the template's signature; empty: SignName.
	Sign    string
	Enabled bool
	// Stored: the template has a row in sms_templates (staff edited it); else built in.
	Stored bool
}

// SignName is the approved signature (签名) gateways put in front of every text as 【...】.
const SignName = "CPCA"

// Template keys the code sends today.
const (
	DuesReminder = "dues_reminder"
	// BroadcastNotice is the SMS copy of an important site message (站内信管理 → 短信通知).
	BroadcastNotice = "broadcast_notice"
	// EventPromotion is a 推广 text about an event, only for people who consented.
	EventPromotion = "event_promotion"
	// LegacyText holds rows written before templates existed (their text is the one parameter).
	LegacyText = "legacy_text"
)

// Templates is the built-in registry: the seed and fallback of the registry staff manage in
// 短信管理 (a key without a row in sms_templates uses its entry here). A gateway contract fills
// in the codes; a key missing in both cannot be queued.
var Templates = map[string]Template{
	DuesReminder: {Key: DuesReminder, Code: "SMS_CPCA_DUES_REMINDER", Kind: KindNotice, Enabled: true,
		Params: []string{"company", "year", "when"}, Max: map[string]int{"company": 35, "year": 4, "when": 20},
		Text: "${company}${year}年度会费尚未缴纳，${when}，请登录会员系统上传缴费凭证。"},
	// No code until the deployment's template is approved: 短信通知 stays hidden until then.
	BroadcastNotice: {Key: BroadcastNotice, Kind: KindNotice, Enabled: true,
		Params: []string{"company", "title"}, Max: map[string]int{"company": 35, "title": 20},
		Text: "${company}：协会发布重要通知“${title}”，请登录会员系统查看站内信息。"},
	EventPromotion: {Key: EventPromotion, Kind: KindMarketing, Enabled: false,
		Params: []string{"event", "date"}, Max: map[string]int{"event": 20, "date": 12},
		Text: "协会${event}将于${date}举行，欢迎报名参加，详情请登录会员系统。" + OptOut},
	LegacyText: {Key: LegacyText, Kind: KindNotice, Enabled: true, Params: []string{"text"}, Max: map[string]int{"text": 500}, Text: "${text}"},
}

// Errors of the registry and of queueing.
var (
	ErrNoOptOut = errs.New(errs.Invalid, "推广短信必须以“拒收请回复R”结尾")
)

// ErrUnknownTemplate is the error of a key neither registered nor built in, or disabled.
func ErrUnknownTemplate(key string) error {
	return errs.New(errs.Invalid, "短信模板“%s”不存在或未启用", key)
}

func errParams(t Template, params map[string]string) error {
	return errs.New(errs.Invalid, "短信模板“%s”需要参数 %s，实际为 %s", t.Key, strings.Join(t.Params, "、"), strings.Join(names(params), "、"))
}

// MaxOf is the length limit of parameter p.
func (t Template) MaxOf(p string) int {
	if n := t.Max[p]; n > 0 {
		return n
	}
	return DefaultMax
}

// SignOr is the template's signature, or def when it has none.
func (t Template) SignOr(def string) string {
	if t.Sign != "" {
		return t.Sign
	}
	return def
}

// Approved reports whether the template can go to a gateway: enabled and with a code.
func (t Template) Approved() bool { return t.Enabled && t.Code != "" }

// Check validates params against the template before anything is queued: exactly the named
// parameters, none longer than its limit, and a 推广 text ending with 拒收请回复R.
func (t Template) Check(params map[string]string) error {
	ok := len(params) == len(t.Params)
	for _, p := range t.Params {
		if _, has := params[p]; !has {
			ok = false
		}
	}
	if !ok {
		return errParams(t, params)
	}
	for _, p := range t.Params {
		if strings.TrimSpace(params[p]) == "" {
			return errParams(t, params)
		}
		if utf8.RuneCountInString(params[p]) > t.MaxOf(p) {
			return errs.New(errs.Invalid, "短信参数“%s”最多%d个字", p, t.MaxOf(p))
		}
	}
	if t.Kind == KindMarketing && !strings.HasSuffix(strings.TrimSpace(t.Text), OptOut) {
		return ErrNoOptOut
	}
	return nil
}

// Lookup returns the built-in template of key and checks params against it (for callers
// without a database at hand; Queue asks the registry).
func Lookup(key string, params map[string]string) (Template, error) {
	t, ok := Templates[key]
	if !ok {
		return t, ErrUnknownTemplate(key)
	}
	return t, t.Check(params)
}

// Values are the parameters in the template's order (Tencent's TemplateParamSet).
func (t Template) Values(params map[string]string) []string {
	out := make([]string, len(t.Params))
	for i, p := range t.Params {
		out[i] = params[p]
	}
	return out
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
