package system

import (
	"cpca/internal/config"
	"cpca/internal/jobs"
	"cpca/internal/sms"
)

// SMSProvider is the gateway CPCA_SMS_PROVIDER chose, with its keys and endpoint.
func (s *System) SMSProvider() sms.Provider {
	c := s.Cfg.SMS
	switch c.Provider {
	case "aliyun":
		return sms.Aliyun{KeyID: c.AliyunKeyID, Secret: c.AliyunSecret, Endpoint: c.AliyunEndpoint}
	case "tencent":
		return sms.Tencent{SecretID: c.TencentSecretID, SecretKey: c.TencentSecretKey, AppID: c.TencentAppID,
			Region: c.TencentRegion, Endpoint: c.TencentEndpoint}
	}
	return sms.LogProvider{Log: s.Log}
}

// applySMSRules hands the configured per-phone limit and signature to internal/sms, for every
// process that queues texts.
func applySMSRules(c config.SMS) {
	if c.DailyLimit > 0 {
		sms.DailyLimit = c.DailyLimit
	}
	if c.SignName != "" {
		sms.DefaultSign = c.SignName
	}
}

// WithSMS sends the worker's texts through p (tests give a fake gateway's client).
func WithSMS(p sms.Provider) WorkerOption { return func(w *jobs.Worker) { w.Deps.SMS = p } }
