package config

import (
	"strings"
	"testing"
)

// The SMS provider is chosen by CPCA_SMS_PROVIDER; a real gateway without its keys, an unknown
// provider or a short receipt secret fail start-up naming the variable.
func TestSMSConfig(t *testing.T) {
	s, err := loadSMS()
	if err != nil || s.Provider != "log" || s.DailyLimit != 5 || s.SignName != "CPCA" {
		t.Fatalf("defaults: %+v %v", s, err)
	}
	t.Setenv("CPCA_SMS_PROVIDER", "aliyun")
	if _, err := loadSMS(); err == nil || !strings.Contains(err.Error(), "CPCA_SMS_ALIYUN_ACCESS_KEY_ID") {
		t.Errorf("aliyun without keys: %v", err)
	}
	t.Setenv("CPCA_SMS_ALIYUN_ACCESS_KEY_ID", "LTAI")
	t.Setenv("CPCA_SMS_ALIYUN_ACCESS_KEY_SECRET", "secret")
	if s, err := loadSMS(); err != nil || s.AliyunEndpoint != "https://dysmsapi.aliyuncs.com" {
		t.Errorf("aliyun: %+v %v", s, err)
	}
	t.Setenv("CPCA_SMS_PROVIDER", "tencent")
	if _, err := loadSMS(); err == nil || !strings.Contains(err.Error(), "CPCA_SMS_TENCENT_SDK_APP_ID") {
		t.Errorf("tencent without keys: %v", err)
	}
	t.Setenv("CPCA_SMS_PROVIDER", "twilio")
	if _, err := loadSMS(); err == nil {
		t.Error("unknown provider accepted")
	}
	t.Setenv("CPCA_SMS_PROVIDER", "log")
	t.Setenv("CPCA_SMS_RECEIPT_SECRET", "short")
	if _, err := loadSMS(); err == nil {
		t.Error("short receipt secret accepted")
	}
	t.Setenv("CPCA_SMS_RECEIPT_SECRET", "")
	t.Setenv("CPCA_SMS_DAILY_LIMIT", "0")
	if _, err := loadSMS(); err == nil {
		t.Error("daily limit 0 accepted")
	}
}
