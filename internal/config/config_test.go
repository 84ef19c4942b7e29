package config

import (
	"strings"
	"testing"
	"time"
)

func TestDefaultsWork(t *testing.T) {
	for _, k := range []string{"CPCA_PROXY_HEADER", "CPCA_TRUSTED_PROXIES", "CPCA_DATABASE_URL", "CPCA_REDIS_URL", "CPCA_ADDR", "CPCA_BASE_URL", "CPCA_SMTP_URL",
		"CPCA_PAPER_REMINDER_DAYS", "CPCA_SESSION_IDLE", "CPCA_SESSION_MAX", "CPCA_DUES_DEADLINE", "CPCA_DUES_REMINDERS", "CPCA_MAIL_REQUEUE_AFTER"} {
		t.Setenv(k, "")
	}
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.BaseURL != "http://127.0.0.1:8080" || c.PaperReminderDays != 7 || c.SecureCookies || c.MailRequeueAfter != time.Minute {
		t.Fatalf("defaults: %+v", c)
	}
}

// A bad value stops start-up with a message naming the variable.
func TestInvalidNamesTheVariable(t *testing.T) {
	cases := map[string]string{
		"CPCA_DATABASE_URL":        "mysql://x",
		"CPCA_REDIS_URL":           "localhost:6379",
		"CPCA_ADDR":                "8080",
		"CPCA_BASE_URL":            "ftp://x",
		"CPCA_SMTP_URL":            "mail.example.com",
		"CPCA_PAPER_REMINDER_DAYS": "soon",
		"CPCA_SESSION_IDLE":        "5s",
		"CPCA_MAIL_REQUEUE_AFTER":  "1h",
		"CPCA_DUES_DEADLINE":       "31-03",
		"CPCA_DUES_REMINDERS":      "-30,x",
		"CPCA_PROXY_HEADER":        "X-Real-IP", // without CPCA_TRUSTED_PROXIES
	}
	t.Setenv("CPCA_PROXY_HEADER", "")
	t.Setenv("CPCA_TRUSTED_PROXIES", "")
	for k, v := range cases {
		t.Run(k, func(t *testing.T) {
			t.Setenv(k, v)
			_, err := Load()
			if err == nil || !strings.Contains(err.Error(), k) {
				t.Fatalf("%s=%q: err = %v", k, v, err)
			}
		})
	}
}

func TestHTTPSBaseURLMakesCookiesSecure(t *testing.T) {
	t.Setenv("CPCA_BASE_URL", "https://member.cpca.org.cn/")
	c, err := Load()
	if err != nil || !c.SecureCookies || c.BaseURL != "https://member.cpca.org.cn" {
		t.Fatalf("%+v %v", c, err)
	}
}

// An invalid URL is named in the error without its password (start-up errors reach logs).
func TestErrorsHidePasswords(t *testing.T) {
	cases := map[string]string{
		"CPCA_SMTP_URL":     "smtp.example.com://mailer:S3cret-pa55@smtp.example.com:587 ", // scheme typo
		"CPCA_DATABASE_URL": "mysql://cpca:S3cret-pa55@db:5432/cpca",
		"CPCA_REDIS_URL":    "redis://:S3cret-pa55@[::1:6379/0", // unparsable host
	}
	for k, v := range cases {
		t.Run(k, func(t *testing.T) {
			t.Setenv(k, v)
			_, err := Load()
			if err == nil || !strings.Contains(err.Error(), k) {
				t.Fatalf("%s=%q: err = %v", k, v, err)
			}
			if strings.Contains(err.Error(), "S3cret") {
				t.Fatalf("the password is in the message: %v", err)
			}
			if !strings.Contains(err.Error(), "xxxxx") {
				t.Fatalf("no redaction mark in: %v", err)
			}
		})
	}
}

func TestSessionMax(t *testing.T) {
	t.Setenv("CPCA_SESSION_MAX", "")
	if c, err := Load(); err != nil || c.SessionMax != 12*time.Hour {
		t.Fatalf("default: %v %v", c.SessionMax, err)
	}
	t.Setenv("CPCA_SESSION_MAX", "8h")
	if c, err := Load(); err != nil || c.SessionMax != 8*time.Hour {
		t.Fatalf("8h: %v %v", c.SessionMax, err)
	}
	for _, bad := range []string{"soon", "10m", "1000h"} {
		t.Setenv("CPCA_SESSION_MAX", bad)
		if _, err := Load(); err == nil || !strings.Contains(err.Error(), "CPCA_SESSION_MAX") {
			t.Fatalf("%s: %v", bad, err)
		}
	}
}
