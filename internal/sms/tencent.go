package sms

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Tencent is Tencent Cloud SMS (SendSms, API 2021-01-11, signed with TC3-HMAC-SHA256).
type Tencent struct {
	SecretID, SecretKey string
	AppID               string // SmsSdkAppId
	Region              string // ap-guangzhou unless set
	// Endpoint is the API's base URL (https://sms.tencentcloudapi.com; tests point it at a fake).
	Endpoint string
	Client   *http.Client
	Now      func() time.Time
}

// Tencent API constants.
const (
	TencentEndpoint = "https://sms.tencentcloudapi.com"
	TencentVersion  = "2021-01-11"
	tencentCT       = "application/json; charset=utf-8"
)

// TencentRequest is the body of SendSms.
type TencentRequest struct {
	PhoneNumberSet   []string
	SmsSdkAppId      string
	SignName         string
	TemplateId       string
	TemplateParamSet []string
	SessionContext   string
}

// TencentStatus is one mobile's answer in SendStatusSet.
type TencentStatus struct {
	SerialNo, PhoneNumber, SessionContext, Code, Message, IsoCode string
	Fee                                                           int
}

// TencentAnswer is the JSON answer of SendSms: per-mobile statuses, or an error of the whole
// request.
type TencentAnswer struct {
	Response struct {
		SendStatusSet []TencentStatus
		Error         *struct{ Code, Message string }
		RequestId     string
	}
}

// tencentLimited reports whether code is Tencent's throttling (LimitExceeded.*,
// RequestLimitExceeded).
func tencentLimited(code string) bool {
	return strings.HasPrefix(code, "LimitExceeded.") || code == "RequestLimitExceeded" || code == "LimitExceeded"
}

// tencentTransient reports whether code is Tencent's own failure, worth a retry.
func tencentTransient(code string) bool {
	return code == "InternalError.Timeout" || code == "InternalError.RequestTimeException" || code == "InternalError" ||
		code == "FailedOperation.ServiceUnavailable"
}

// Name is "tencent".
func (Tencent) Name() string { return "tencent" }

// e164 writes a mainland mobile as +86…; numbers with a + are kept.
func e164(m string) string {
	if strings.HasPrefix(m, "+") {
		return m
	}
	return "+86" + m
}

// Send calls SendSms for every mobile of b.
func (t Tencent) Send(ctx context.Context, b Batch) []Result {
	phones := make([]string, len(b.Mobiles))
	for i, m := range b.Mobiles {
		phones[i] = e164(m)
	}
	body, _ := json.Marshal(TencentRequest{PhoneNumberSet: phones, SmsSdkAppId: t.AppID, SignName: b.SignName,
		TemplateId: b.TemplateCode, TemplateParamSet: b.Values, SessionContext: b.OutID})
	req, err := t.request("SendSms", body)
	if err != nil {
		return failAll(b, "", err)
	}
	status, out, err := post(ctx, t.Client, req)
	if err != nil {
		return failAll(b, "", err)
	}
	var ans TencentAnswer
	if err := json.Unmarshal(out, &ans); err != nil {
		return failAll(b, "", fmt.Errorf("%w: HTTP %d, unreadable answer", ErrUncertain, status))
	}
	if e := ans.Response.Error; e != nil {
		return failAll(b, e.Code, tencentErr(e.Code, e.Message))
	}
	by := map[string]TencentStatus{}
	for _, s := range ans.Response.SendStatusSet {
		by[s.PhoneNumber] = s
	}
	rs := make([]Result, len(b.Mobiles))
	for i, m := range b.Mobiles {
		s, ok := by[phones[i]]
		switch {
		case !ok:
			rs[i] = Result{Mobile: m, Err: fmt.Errorf("%w: no status for the number", ErrUncertain)}
		case s.Code == "Ok":
			rs[i] = Result{Mobile: m, MessageID: s.SerialNo, Code: s.Code}
		default:
			rs[i] = Result{Mobile: m, Code: s.Code, Err: tencentErr(s.Code, s.Message)}
		}
	}
	return rs
}

func tencentErr(code, msg string) error {
	switch {
	case tencentLimited(code):
		return fmt.Errorf("%w: %s", ErrLimited, msg)
	case tencentTransient(code):
		return fmt.Errorf("%w: %s", ErrTransport, msg)
	}
	return fmt.Errorf("腾讯云短信拒绝：%s", msg)
}

// request builds the signed POST of action with the JSON body.
func (t Tencent) request(action string, body []byte) (*http.Request, error) {
	ep := strings.TrimRight(t.Endpoint, "/")
	if ep == "" {
		ep = TencentEndpoint
	}
	u, err := url.Parse(ep + "/")
	if err != nil {
		return nil, err
	}
	now := time.Now
	if t.Now != nil {
		now = t.Now
	}
	region := t.Region
	if region == "" {
		region = "ap-guangzhou"
	}
	ts := now().Unix()
	sig := TC3{Service: "sms", Host: u.Host, ContentType: tencentCT, Timestamp: ts, Body: body,
		Extra: map[string]string{"x-tc-action": strings.ToLower(action)}}
	req, err := http.NewRequest("POST", u.String(), strings.NewReader(string(body)))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", tencentCT)
	req.Header.Set("X-TC-Action", action)
	req.Header.Set("X-TC-Version", TencentVersion)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-TC-Region", region)
	req.Header.Set("Authorization", sig.Sign(t.SecretID, t.SecretKey))
	return req, nil
}
