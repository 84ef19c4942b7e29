// Package smsfake holds local stand-ins of the Aliyun and Tencent SMS gateways for tests: HTTP
// servers that check each request's signature as the gateway does (recomputing it from the
// request with the shared secret) and answer in the gateway's JSON format: success, throttling,
// a refusal or a 5xx, as the test sets. It also writes receipts in each gateway's push format.
package smsfake

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cpca/internal/sms"
)

// Answers a fake gives.
const (
	OK      = "ok"
	Limited = "limited" // the gateway's throttling code
	Reject  = "reject"  // a refusal (bad template code)
	Down    = "5xx"     // 503 / 502: the gateway is unwell
)

// Sent is one accepted text as the fake saw it.
type Sent struct {
	Phone, Template, OutID, ID string
	Params                     []string // Tencent: the ordered values; Aliyun: the TemplateParam JSON
}

// fake is the shared part of both fakes.
type fake struct {
	Server *httptest.Server
	mu     sync.Mutex
	answer string
	// Calls counts requests that reached the handler; BadSignatures those refused for it.
	Calls, BadSignatures atomic.Int64
	sent                 []Sent
	seq                  atomic.Int64
}

// Answer sets what the fake answers from now on.
func (f *fake) Answer(a string) { f.mu.Lock(); f.answer = a; f.mu.Unlock() }

func (f *fake) current() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.answer == "" {
		return OK
	}
	return f.answer
}

// Sent returns the accepted texts so far.
func (f *fake) Sent() []Sent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Sent(nil), f.sent...)
}

func (f *fake) record(s Sent) { f.mu.Lock(); f.sent = append(f.sent, s); f.mu.Unlock() }

// URL is the fake's base URL (the provider's Endpoint).
func (f *fake) URL() string { return f.Server.URL }

// Close stops the server.
func (f *fake) Close() { f.Server.Close() }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Aliyun is the fake dysmsapi.
type Aliyun struct {
	fake
	KeyID, Secret string
}

// NewAliyun starts a fake dysmsapi accepting the AccessKey pair.
func NewAliyun(keyID, secret string) *Aliyun {
	a := &Aliyun{KeyID: keyID, Secret: secret}
	a.Server = httptest.NewServer(http.HandlerFunc(a.serve))
	return a
}

// checkACS3 verifies r's Authorization the way dysmsapi does: the credential, the signed
// headers as listed, the body hash, the date within 15 minutes, and the signature itself.
func (a *Aliyun) checkACS3(r *http.Request, body []byte) string {
	auth := r.Header.Get("Authorization")
	rest, ok := strings.CutPrefix(auth, "ACS3-HMAC-SHA256 ")
	if !ok {
		return "IncompleteSignature"
	}
	fields := map[string]string{}
	for _, kv := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
		fields[k] = v
	}
	if fields["Credential"] != a.KeyID {
		return "InvalidAccessKeyId.NotFound"
	}
	hs := map[string]string{}
	for _, h := range strings.Split(fields["SignedHeaders"], ";") {
		if h == "host" {
			hs[h] = r.Host
		} else {
			hs[h] = r.Header.Get(h)
		}
	}
	for _, need := range []string{"host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"} {
		if hs[need] == "" {
			return "IncompleteSignature"
		}
	}
	if hs["x-acs-content-sha256"] != sha256Hex(body) {
		return "SignatureDoesNotMatch"
	}
	d, err := time.Parse("2006-01-02T15:04:05Z", hs["x-acs-date"])
	if err != nil || time.Since(d) > 15*time.Minute || time.Until(d) > 15*time.Minute {
		return "InvalidTimeStamp.Expired"
	}
	want := sms.ACS3{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Headers: hs, Body: body}.Sign(a.KeyID, a.Secret)
	if want != auth {
		return "SignatureDoesNotMatch"
	}
	return ""
}

func (a *Aliyun) serve(w http.ResponseWriter, r *http.Request) {
	a.Calls.Add(1)
	body, _ := io.ReadAll(r.Body)
	reqID := fmt.Sprintf("F655A8D5-B967-440B-8683-%012d", a.seq.Add(1))
	if code := a.checkACS3(r, body); code != "" {
		a.BadSignatures.Add(1)
		writeJSON(w, http.StatusBadRequest, map[string]string{"Code": code,
			"Message": "Specified signature is not matched with our calculation.", "RequestId": reqID})
		return
	}
	q := r.URL.Query()
	action := r.Header.Get("x-acs-action")
	if (action != "SendSms" && action != "SendBatchSms") || r.Header.Get("x-acs-version") != sms.AliyunVersion {
		writeJSON(w, http.StatusNotFound, map[string]string{"Code": "InvalidAction.NotFound", "Message": "Specified api is not found, please check your url and method.", "RequestId": reqID})
		return
	}
	switch a.current() {
	case Down:
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"Code": "ServiceUnavailable",
			"Message": "The request has failed due to a temporary failure of the server.", "RequestId": reqID})
		return
	case Limited:
		writeJSON(w, http.StatusOK, map[string]string{"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发号码天级流控Permits:10", "RequestId": reqID})
		return
	case Reject:
		writeJSON(w, http.StatusOK, map[string]string{"Code": "isv.SMS_TEMPLATE_ILLEGAL", "Message": "该账号下找不到对应模板", "RequestId": reqID})
		return
	}
	biz := fmt.Sprintf("%d^0", 900619746936498440+a.seq.Add(1))
	phones := []string{q.Get("PhoneNumbers")}
	if action == "SendBatchSms" {
		_ = json.Unmarshal([]byte(q.Get("PhoneNumberJson")), &phones)
	}
	for _, p := range phones {
		a.record(Sent{Phone: p, Template: q.Get("TemplateCode"), OutID: q.Get("OutId"), ID: biz,
			Params: []string{q.Get("TemplateParam") + q.Get("TemplateParamJson")}})
	}
	writeJSON(w, http.StatusOK, map[string]string{"Code": "OK", "Message": "OK", "BizId": biz, "RequestId": reqID})
}

// AliyunReceipt is a SmsReport push (HTTP 批量推送) for one text, as dysmsapi posts it.
func AliyunReceipt(bizID, outID, phone string, ok bool) []byte {
	code, msg := "DELIVERED", "用户接收成功"
	if !ok {
		code, msg = "MK:0001", "用户关机"
	}
	b, _ := json.Marshal([]map[string]any{{"phone_number": phone, "send_time": "2026-12-01 10:00:00",
		"report_time": "2026-12-01 10:00:05", "success": ok, "err_code": code, "err_msg": msg, "sms_size": "1",
		"biz_id": bizID, "out_id": outID}})
	return b
}

// Tencent is the fake Tencent Cloud SMS.
type Tencent struct {
	fake
	SecretID, SecretKey, AppID string
}

// NewTencent starts a fake SMS API accepting the key pair for the SmsSdkAppId appID.
func NewTencent(secretID, secretKey, appID string) *Tencent {
	t := &Tencent{SecretID: secretID, SecretKey: secretKey, AppID: appID}
	t.Server = httptest.NewServer(http.HandlerFunc(t.serve))
	return t
}

// checkTC3 verifies r's Authorization as Tencent Cloud API 3.0 does.
func (t *Tencent) checkTC3(r *http.Request, body []byte) string {
	auth := r.Header.Get("Authorization")
	rest, ok := strings.CutPrefix(auth, "TC3-HMAC-SHA256 ")
	if !ok {
		return "AuthFailure.SignatureFailure"
	}
	fields := map[string]string{}
	for _, kv := range strings.Split(rest, ", ") {
		k, v, _ := strings.Cut(kv, "=")
		fields[k] = v
	}
	cred := strings.Split(fields["Credential"], "/")
	if len(cred) != 4 || cred[0] != t.SecretID {
		return "AuthFailure.SecretIdNotFound"
	}
	ts, err := strconv.ParseInt(r.Header.Get("X-TC-Timestamp"), 10, 64)
	if err != nil || time.Since(time.Unix(ts, 0)) > 5*time.Minute || time.Until(time.Unix(ts, 0)) > 5*time.Minute {
		return "AuthFailure.SignatureExpire"
	}
	extra := map[string]string{}
	for _, h := range strings.Split(fields["SignedHeaders"], ";") {
		if h != "content-type" && h != "host" {
			extra[h] = r.Header.Get(h)
		}
	}
	want := sms.TC3{Service: cred[2], Host: r.Host, ContentType: r.Header.Get("Content-Type"), Timestamp: ts, Body: body,
		Extra: extra}.Sign(t.SecretID, t.SecretKey)
	if want != auth || cred[2] != "sms" {
		return "AuthFailure.SignatureFailure"
	}
	return ""
}

func (t *Tencent) serve(w http.ResponseWriter, r *http.Request) {
	t.Calls.Add(1)
	body, _ := io.ReadAll(r.Body)
	reqID := fmt.Sprintf("a0aabda6-cf91-4f3e-a81f-%012d", t.seq.Add(1))
	fail := func(code, msg string) {
		writeJSON(w, http.StatusOK, map[string]any{"Response": map[string]any{"Error": map[string]string{"Code": code, "Message": msg}, "RequestId": reqID}})
	}
	if code := t.checkTC3(r, body); code != "" {
		t.BadSignatures.Add(1)
		fail(code, "The provided credentials could not be validated. Please check your signature is correct.")
		return
	}
	if r.Header.Get("X-TC-Action") != "SendSms" || r.Header.Get("X-TC-Version") != sms.TencentVersion {
		fail("InvalidAction", "The requested action does not exist.")
		return
	}
	var req sms.TencentRequest
	if err := json.Unmarshal(body, &req); err != nil {
		fail("InvalidParameter", "body is not JSON")
		return
	}
	if req.SmsSdkAppId != t.AppID {
		fail("FailedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId verify failed.")
		return
	}
	answer := t.current()
	if answer == Down {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><body>502 Bad Gateway</body></html>"))
		return
	}
	var set []map[string]any
	for _, p := range req.PhoneNumberSet {
		s := map[string]any{"PhoneNumber": p, "SessionContext": req.SessionContext, "IsoCode": "CN", "Fee": 0, "SerialNo": ""}
		switch answer {
		case Limited:
			s["Code"], s["Message"] = "LimitExceeded.PhoneNumberDailyLimit", "the number of sms messages sent from a single mobile number every day exceeds the upper limit"
		case Reject:
			s["Code"], s["Message"] = "FailedOperation.TemplateIncorrectOrUnapproved", "template is not approved or request content does not match the approved template content"
		default:
			serial := fmt.Sprintf("5000:10457106691570536578%08d", t.seq.Add(1))
			s["Code"], s["Message"], s["Fee"], s["SerialNo"] = "Ok", "send success", 1, serial
			t.record(Sent{Phone: p, Template: req.TemplateId, OutID: req.SessionContext, ID: serial, Params: req.TemplateParamSet})
		}
		set = append(set, s)
	}
	writeJSON(w, http.StatusOK, map[string]any{"Response": map[string]any{"SendStatusSet": set, "RequestId": reqID}})
}

// TencentReceipt is a 短信下发状态通知 push for one text, as Tencent posts it.
func TencentReceipt(sid, mobile string, ok bool) []byte {
	status, errmsg, desc := "SUCCESS", "DELIVRD", "用户短信送达成功"
	if !ok {
		status, errmsg, desc = "FAIL", "MK:0005", "用户关机"
	}
	b, _ := json.Marshal([]map[string]string{{"user_receive_time": "2026-12-01 10:00:05", "nationcode": "86",
		"mobile": strings.TrimPrefix(mobile, "+86"), "report_status": status, "errmsg": errmsg, "description": desc, "sid": sid}})
	return b
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
