package sms

import (
	"net/url"
	"testing"
)

// The example of Alibaba Cloud's "V3版本请求体&签名机制" (help.aliyun.com/zh/sdk/product-overview/
// v3-request-structure-and-signature, section 签名示例 / 固定参数示例): ECS RunInstances with
// the AccessKey pair YourAccessKeyId / YourAccessKeySecret, nonce
// 3156853299f313e23d1673dc12e1703d at 2023-10-26T10:22:32Z. The published Authorization ends
// in Signature=06563a9e….
func TestACS3PublishedExample(t *testing.T) {
	r := ACS3{Method: "POST", Path: "/",
		Query: url.Values{"ImageId": {"win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"}, "RegionId": {"cn-shanghai"}},
		Headers: map[string]string{
			"host": "ecs.cn-shanghai.aliyuncs.com", "x-acs-action": "RunInstances", "x-acs-version": "2014-05-26",
			"x-acs-date": "2023-10-26T10:22:32Z", "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
			"x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		}}
	want := "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;" +
		"x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
	if got := r.Sign("YourAccessKeyId", "YourAccessKeySecret"); got != want {
		t.Errorf("ACS3:\n got %s\nwant %s", got, want)
	}
	if got := sha256Hex(nil); got != r.Headers["x-acs-content-sha256"] {
		t.Errorf("empty body hash %s", got)
	}
}

// The example of Tencent Cloud's "签名方法 v3" (cloud.tencent.com/document/api/382/52072, the
// same page for every product; English: tencentcloud.com/document/api/382/40467): CVM
// DescribeInstances at timestamp 1551113065 with SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE,
// content-type and host signed. The doc shows the payload hash 35e9c5b0…, the canonical
// request hash 5ffe6a04… and the signature 72e494ea….
func TestTC3PublishedExample(t *testing.T) {
	body := []byte(`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`)
	if got := sha256Hex(body); got != "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064" {
		t.Fatalf("payload hash %s", got)
	}
	r := TC3{Service: "cvm", Host: "cvm.tencentcloudapi.com", ContentType: "application/json; charset=utf-8",
		Timestamp: 1551113065, Body: body}
	want := "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, " +
		"SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
	if got := r.Sign("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"); got != want {
		t.Errorf("TC3:\n got %s\nwant %s", got, want)
	}
}
