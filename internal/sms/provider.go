package sms

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"
)

// Batch is one request to a gateway: one approved template with named parameters, sent to
// one or more mobiles. OutID is our reference, echoed in the gateway's delivery reports.
type Batch struct {
	SignName    string
	TemplateKey string
	// TemplateCode is the provider's code of the template; Values are the parameters in the
	// template's order (Tencent numbers them).
	TemplateCode string
	Params       map[string]string
	Values       []string
	Mobiles      []string
	OutID        string
}

// Result is the gateway's answer for one mobile: its message id (BizId at Aliyun, SerialNo
// at Tencent) or its refusal code and error.
type Result struct {
	Mobile    string
	MessageID string
	Code      string
	Err       error
}

// ErrUncertain is the error a provider reports for a mobile when the request went out and no
// answer came (a timeout): the text may be on its way, so it is not retried automatically.
var ErrUncertain = errors.New("短信已提交网关但未收到应答，无法确定是否已发送")

// ErrLimited is a gateway's throttling answer (Aliyun isv.BUSINESS_LIMIT_CONTROL, Tencent
// LimitExceeded.*): recorded as limited and not retried, since retrying a throttled number
// only adds to its count.
var ErrLimited = errors.New("短信网关限流")

// ErrTransport is a failure before the gateway took the request (connection refused, a 5xx
// answer): nothing was sent, so the outbox retries with back-off.
var ErrTransport = errors.New("短信网关暂时不可用")

// Provider sends a batch through a gateway and answers per mobile: LogProvider, Aliyun and
// Tencent. An error wrapping ErrLimited, ErrTransport or ErrUncertain is classified as such;
// any other error is the gateway's refusal (a bad template code, an invalid number) and final.
type Provider interface {
	Send(ctx context.Context, b Batch) []Result
	// Name is the provider's name as stored with the row (log, aliyun, tencent).
	Name() string
}

// LogProvider stands in for a gateway: it logs that a text went out and reports success. It
// logs the template key and masked mobiles only, never the text or full numbers: logs are
// read by more people than 短信管理 is.
type LogProvider struct{ Log *slog.Logger }

// Name is "log".
func (LogProvider) Name() string { return "log" }

// Send logs the batch and reports success for every mobile.
func (l LogProvider) Send(_ context.Context, b Batch) []Result {
	rs := make([]Result, len(b.Mobiles))
	masked := make([]string, len(b.Mobiles))
	for i, m := range b.Mobiles {
		masked[i] = Mask(m)
		rs[i] = Result{Mobile: m, MessageID: "log-" + b.OutID + "-" + strconv.FormatInt(time.Now().UnixNano(), 36), Code: "OK"}
	}
	l.Log.Info("sms (log provider)", "to", masked, "template", b.TemplateKey, "out_id", b.OutID)
	return rs
}

// Mask hides the middle of a mobile number (138****5678); other lengths keep only the last
// two digits visible.
func Mask(s string) string {
	r := []rune(s)
	if len(r) == 11 {
		return string(r[:3]) + "****" + string(r[7:])
	}
	if len(r) <= 2 {
		return "**"
	}
	return "****" + string(r[len(r)-2:])
}
