package sms

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Aliyun is the dysmsapi gateway (短信服务, API version 2017-05-25, RPC style: parameters in
// the query, signed with ACS3-HMAC-SHA256). One mobile goes by SendSms, several by
// SendBatchSms.
type Aliyun struct {
	KeyID, Secret string
	// Endpoint is the API's base URL (https://dysmsapi.aliyuncs.com; tests point it at a fake).
	Endpoint string
	Client   *http.Client
	Now      func() time.Time
}

// AliyunEndpoint is the public endpoint of dysmsapi.
const AliyunEndpoint = "https://dysmsapi.aliyuncs.com"

// AliyunVersion is the dysmsapi API version.
const AliyunVersion = "2017-05-25"

// aliyunLimited are the codes of Aliyun's flow control (流控): the number or the account sent
// too much; retrying adds to the count.
var aliyunLimited = map[string]bool{
	"isv.BUSINESS_LIMIT_CONTROL": true, "isv.DAY_LIMIT_CONTROL": true, "isv.MINUTE_LIMIT_CONTROL": true,
	"Throttling.User": true, "Throttling": true,
}

// AliyunAnswer is the JSON answer of SendSms / SendBatchSms.
type AliyunAnswer struct {
	Code, Message, BizId, RequestId string
}

// Name is "aliyun".
func (Aliyun) Name() string { return "aliyun" }

// Send calls SendSms (one mobile) or SendBatchSms.
func (a Aliyun) Send(ctx context.Context, b Batch) []Result {
	q := url.Values{}
	action := "SendSms"
	if len(b.Mobiles) == 1 {
		params, _ := json.Marshal(b.Params)
		q.Set("PhoneNumbers", b.Mobiles[0])
		q.Set("SignName", b.SignName)
		q.Set("TemplateCode", b.TemplateCode)
		q.Set("TemplateParam", string(params))
		q.Set("OutId", b.OutID)
	} else {
		action = "SendBatchSms"
		signs, ps := make([]string, len(b.Mobiles)), make([]map[string]string, len(b.Mobiles))
		for i := range b.Mobiles {
			signs[i], ps[i] = b.SignName, b.Params
		}
		phones, _ := json.Marshal(b.Mobiles)
		signJSON, _ := json.Marshal(signs)
		params, _ := json.Marshal(ps)
		q.Set("PhoneNumberJson", string(phones))
		q.Set("SignNameJson", string(signJSON))
		q.Set("TemplateCode", b.TemplateCode)
		q.Set("TemplateParamJson", string(params))
		q.Set("OutId", b.OutID)
	}
	req, err := a.request(action, q)
	if err != nil {
		return failAll(b, "", err)
	}
	status, body, err := post(ctx, a.Client, req)
	if err != nil {
		return failAll(b, "", err)
	}
	var ans AliyunAnswer
	if err := json.Unmarshal(body, &ans); err != nil || ans.Code == "" {
		return failAll(b, "", fmt.Errorf("%w: HTTP %d, unreadable answer", ErrUncertain, status))
	}
	if ans.Code != "OK" {
		err := fmt.Errorf("阿里云短信拒绝：%s", ans.Message)
		if aliyunLimited[ans.Code] {
			err = fmt.Errorf("%w: %s", ErrLimited, ans.Message)
		}
		return failAll(b, ans.Code, err)
	}
	rs := make([]Result, len(b.Mobiles))
	for i, m := range b.Mobiles {
		rs[i] = Result{Mobile: m, MessageID: ans.BizId, Code: "OK"}
	}
	return rs
}

// request builds the signed POST of action with the query q.
func (a Aliyun) request(action string, q url.Values) (*http.Request, error) {
	ep := strings.TrimRight(a.Endpoint, "/")
	if ep == "" {
		ep = AliyunEndpoint
	}
	u, err := url.Parse(ep + "/")
	if err != nil {
		return nil, err
	}
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	r := ACS3{Method: "POST", Path: "/", Query: q, Headers: map[string]string{
		"host": u.Host, "x-acs-action": action, "x-acs-version": AliyunVersion, "x-acs-date": ACSDate(now()),
		"x-acs-signature-nonce": nonce(), "x-acs-content-sha256": sha256Hex(nil),
	}}
	u.RawQuery = canonicalQuery(q, acsEncode)
	req, err := http.NewRequest("POST", u.String(), nil)
	if err != nil {
		return nil, err
	}
	for k, v := range r.Headers {
		if k != "host" {
			req.Header.Set(k, v)
		}
	}
	req.Header.Set("Authorization", r.Sign(a.KeyID, a.Secret))
	return req, nil
}
