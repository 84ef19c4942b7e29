package sms

import (
	"context"
	"testing"

	"cpca/internal/config"
	"cpca/internal/sms"
	"cpca/internal/sms/smsfake"
	"cpca/internal/system"
)

// CPCA_SMS_PROVIDER and the provider's variables choose the gateway the worker uses; the
// endpoint variables point it at the local fakes here, as they would at a staging gateway.
func TestProviderFromEnvironment(t *testing.T) {
	ctx := context.Background()
	ali := smsfake.NewAliyun("LTAIenv", "ali-env-secret")
	defer ali.Close()
	ten := smsfake.NewTencent("AKIDenv", "ten-env-secret", "1400001111")
	defer ten.Close()
	for _, c := range []struct {
		name string
		env  map[string]string
		sent func() int
	}{
		{"aliyun", map[string]string{"CPCA_SMS_ALIYUN_ACCESS_KEY_ID": "LTAIenv", "CPCA_SMS_ALIYUN_ACCESS_KEY_SECRET": "ali-env-secret",
			"CPCA_SMS_ALIYUN_ENDPOINT": ali.URL()}, func() int { return len(ali.Sent()) }},
		{"tencent", map[string]string{"CPCA_SMS_TENCENT_SECRET_ID": "AKIDenv", "CPCA_SMS_TENCENT_SECRET_KEY": "ten-env-secret",
			"CPCA_SMS_TENCENT_SDK_APP_ID": "1400001111", "CPCA_SMS_TENCENT_ENDPOINT": ten.URL()}, func() int { return len(ten.Sent()) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("CPCA_SMS_PROVIDER", c.name)
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			cfg, err := config.Load()
			if err != nil {
				t.Fatal(err)
			}
			p := (&system.System{Cfg: cfg, Log: env.Log}).SMSProvider()
			if p.Name() != c.name {
				t.Fatalf("provider %s", p.Name())
			}
			id := queueDues(t, mobile())
			if err := sms.Deliver(ctx, env.DB, p, id, false); err != nil {
				t.Fatal(err)
			}
			if m := row(t, id); m.Status != sms.StatusSubmitted || c.sent() != 1 {
				t.Errorf("%+v, the fake saw %d", m, c.sent())
			}
		})
	}
	if p := (&system.System{Cfg: config.Config{}, Log: env.Log}).SMSProvider(); p.Name() != "log" {
		t.Errorf("default provider %s", p.Name())
	}
}
