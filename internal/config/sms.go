package config

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// SMS is the text-message gateway (CPCA_SMS_*). Provider log (the default) writes texts to the
// log with masked numbers; aliyun and tencent call the real gateways with the keys given here.
type SMS struct {
	Provider string // CPCA_SMS_PROVIDER: log | aliyun | tencent
	SignName string // CPCA_SMS_SIGN_NAME: the approved 签名 (default CPCA), unless a template has its own
	// DailyLimit (CPCA_SMS_DAILY_LIMIT) is N: the same template to the same mobile at most N a day.
	DailyLimit int
	// ReceiptSecret (CPCA_SMS_RECEIPT_SECRET) is the secret path segment of the receipt
	// webhooks /sms/receipt/<provider>/<secret>; empty: the webhooks answer 404.
	ReceiptSecret string

	AliyunKeyID, AliyunSecret string // CPCA_SMS_ALIYUN_ACCESS_KEY_ID, CPCA_SMS_ALIYUN_ACCESS_KEY_SECRET
	AliyunEndpoint            string // CPCA_SMS_ALIYUN_ENDPOINT (https://dysmsapi.aliyuncs.com)

	TencentSecretID, TencentSecretKey string // CPCA_SMS_TENCENT_SECRET_ID, CPCA_SMS_TENCENT_SECRET_KEY
	TencentAppID                      string // CPCA_SMS_TENCENT_SDK_APP_ID (SmsSdkAppId)
	TencentRegion                     string // CPCA_SMS_TENCENT_REGION (ap-guangzhou)
	TencentEndpoint                   string // CPCA_SMS_TENCENT_ENDPOINT (https://sms.tencentcloudapi.com)
}

func loadSMS() (SMS, error) {
	s := SMS{
		Provider: env("CPCA_SMS_PROVIDER", "log"), SignName: env("CPCA_SMS_SIGN_NAME", "CPCA"), DailyLimit: 5,
		ReceiptSecret: os.Getenv("CPCA_SMS_RECEIPT_SECRET"),
		AliyunKeyID:   os.Getenv("CPCA_SMS_ALIYUN_ACCESS_KEY_ID"), AliyunSecret: os.Getenv("CPCA_SMS_ALIYUN_ACCESS_KEY_SECRET"),
		AliyunEndpoint:  env("CPCA_SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com"),
		TencentSecretID: os.Getenv("CPCA_SMS_TENCENT_SECRET_ID"), TencentSecretKey: os.Getenv("CPCA_SMS_TENCENT_SECRET_KEY"),
		TencentAppID: os.Getenv("CPCA_SMS_TENCENT_SDK_APP_ID"), TencentRegion: env("CPCA_SMS_TENCENT_REGION", "ap-guangzhou"),
		TencentEndpoint: env("CPCA_SMS_TENCENT_ENDPOINT", "https://sms.tencentcloudapi.com"),
	}
	if v := os.Getenv("CPCA_SMS_DAILY_LIMIT"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return s, fmt.Errorf("CPCA_SMS_DAILY_LIMIT=%q: want a whole number between 1 and 1000", v)
		}
		s.DailyLimit = n
	}
	if s.ReceiptSecret != "" && len(s.ReceiptSecret) < 16 {
		return s, fmt.Errorf("CPCA_SMS_RECEIPT_SECRET: want at least 16 characters (it is all that guards the receipt webhooks)")
	}
	need := func(names ...string) error {
		var missing []string
		for _, n := range names {
			if os.Getenv(n) == "" {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			return fmt.Errorf("CPCA_SMS_PROVIDER=%s needs %s", s.Provider, strings.Join(missing, ", "))
		}
		return nil
	}
	switch s.Provider {
	case "log":
	case "aliyun":
		if err := need("CPCA_SMS_ALIYUN_ACCESS_KEY_ID", "CPCA_SMS_ALIYUN_ACCESS_KEY_SECRET"); err != nil {
			return s, err
		}
		if err := checkURL("CPCA_SMS_ALIYUN_ENDPOINT", s.AliyunEndpoint, "http", "https"); err != nil {
			return s, err
		}
	case "tencent":
		if err := need("CPCA_SMS_TENCENT_SECRET_ID", "CPCA_SMS_TENCENT_SECRET_KEY", "CPCA_SMS_TENCENT_SDK_APP_ID"); err != nil {
			return s, err
		}
		if err := checkURL("CPCA_SMS_TENCENT_ENDPOINT", s.TencentEndpoint, "http", "https"); err != nil {
			return s, err
		}
	default:
		return s, fmt.Errorf("CPCA_SMS_PROVIDER=%q: want log, aliyun or tencent", s.Provider)
	}
	return s, nil
}
