package sms

// The two gateways' request signatures, written out here instead of pulling in the providers'
// SDKs: each is a page of HMAC-SHA256 over a canonical request, and having it in view is what
// lets the test fake servers check a request exactly as the gateway does. Both are tested
// against the examples the providers publish (sign_test.go).

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// ACS3 is one Aliyun request to sign with ACS3-HMAC-SHA256 (the V3 signature of Alibaba
// Cloud OpenAPI, "V3版本请求体&签名机制"): method, path, query parameters, the x-acs-* and host
// headers, and the body.
type ACS3 struct {
	Method, Path string
	Query        url.Values
	Headers      map[string]string // lower-case names; host and x-acs-* are signed
	Body         []byte
}

// acsEncode is the percent-encoding of the V3 signature: RFC 3986, space as %20, * as %2A,
// ~ kept.
func acsEncode(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(url.QueryEscape(s), "+", "%20"), "*", "%2A")
}

// canonicalQuery sorts the parameters by name and joins the encoded pairs with &.
func canonicalQuery(q url.Values, enc func(string) string) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			parts = append(parts, enc(k)+"="+enc(v))
		}
	}
	return strings.Join(parts, "&")
}

// signedHeaders returns the canonical header block and the signed header list of hs, taking
// the headers keep selects.
func signedHeaders(hs map[string]string, keep func(string) bool) (canonical, signed string) {
	var names []string
	for k := range hs {
		if keep(k) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		b.WriteString(k + ":" + strings.TrimSpace(hs[k]) + "\n")
	}
	return b.String(), strings.Join(names, ";")
}

// Sign returns the Authorization header value for the request with the AccessKey pair. The
// request's x-acs-content-sha256 header must be the body's hash (SetBodyHash does it).
func (r ACS3) Sign(keyID, secret string) string {
	canonHeaders, signed := signedHeaders(r.Headers, func(k string) bool {
		return k == "host" || k == "content-type" || strings.HasPrefix(k, "x-acs-")
	})
	path := r.Path
	if path == "" {
		path = "/"
	}
	creq := r.Method + "\n" + path + "\n" + canonicalQuery(r.Query, acsEncode) + "\n" + canonHeaders + "\n" +
		signed + "\n" + sha256Hex(r.Body)
	toSign := "ACS3-HMAC-SHA256\n" + sha256Hex([]byte(creq))
	sig := hex.EncodeToString(hmacSHA256([]byte(secret), toSign))
	return "ACS3-HMAC-SHA256 Credential=" + keyID + ",SignedHeaders=" + signed + ",Signature=" + sig
}

// ACSDate is the x-acs-date format (UTC, seconds).
func ACSDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// TC3 is one Tencent Cloud API 3.0 request to sign with TC3-HMAC-SHA256: a POST of a JSON
// body to host for service, at timestamp.
type TC3 struct {
	Service, Host, ContentType string
	Timestamp                  int64
	Body                       []byte
	// Extra are further headers to sign (lower-case names), e.g. x-tc-action.
	Extra map[string]string
}

// Sign returns the Authorization header value for the request with the SecretId/SecretKey.
func (r TC3) Sign(secretID, secretKey string) string {
	hs := map[string]string{"content-type": r.ContentType, "host": r.Host}
	for k, v := range r.Extra {
		hs[k] = v
	}
	canonHeaders, signed := signedHeaders(hs, func(string) bool { return true })
	// Tencent lower-cases header values in the canonical form (content-type's charset).
	canonHeaders = strings.ToLower(canonHeaders)
	creq := "POST\n/\n\n" + canonHeaders + "\n" + signed + "\n" + sha256Hex(r.Body)
	date := time.Unix(r.Timestamp, 0).UTC().Format("2006-01-02")
	scope := date + "/" + r.Service + "/tc3_request"
	toSign := "TC3-HMAC-SHA256\n" + itoa(r.Timestamp) + "\n" + scope + "\n" + sha256Hex([]byte(creq))
	k := hmacSHA256([]byte("TC3"+secretKey), date)
	k = hmacSHA256(k, r.Service)
	k = hmacSHA256(k, "tc3_request")
	sig := hex.EncodeToString(hmacSHA256(k, toSign))
	return "TC3-HMAC-SHA256 Credential=" + secretID + "/" + scope + ", SignedHeaders=" + signed + ", Signature=" + sig
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
