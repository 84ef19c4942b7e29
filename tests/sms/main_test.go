// Package sms checks 短信管理 end to end on a real database: both gateways through their fake
// servers (signatures checked like the providers), the outbox outcomes (submitted, limited,
// retried), the local rules, the registry, receipts through the webhooks, the page's filters
// and the SMS copy of an important site message.
package sms

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"cpca/internal/sms"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "sms", &env) }

// mobile is a fresh mainland number, so tests never share a per-phone count.
func mobile() string { return "13" + strconv.Itoa(100000000+rand.IntN(899999999)) }

// company inserts a member company with one primary contact and returns their ids.
func company(t *testing.T, name, mob string) (companyID, personID int64) {
	t.Helper()
	ctx := context.Background()
	if err := env.DB.NewRaw(`INSERT INTO companies (name, uscc, status, level, province, category)
		VALUES (?, ?, 'member', 'member', '广东省', 'PCB制造') RETURNING id`, name, testenv.USCC()).Scan(ctx, &companyID); err != nil {
		t.Fatal(err)
	}
	if err := env.DB.NewRaw(`INSERT INTO company_people (company_id, name, title, mobile, email, is_primary)
		VALUES (?, '王五', '经理', ?, 'w@example.com', true) RETURNING id`, companyID, mob).Scan(ctx, &personID); err != nil {
		t.Fatal(err)
	}
	return companyID, personID
}

func row(t *testing.T, id int64) sms.Message {
	t.Helper()
	m := sms.Message{}
	if err := env.DB.NewSelect().Model(&m).Where("id = ?", id).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m
}

func queueDues(t *testing.T, to string) int64 {
	t.Helper()
	id, err := sms.Queue(context.Background(), env.DB, sms.Text{To: to, Template: sms.DuesReminder, Kind: "test",
		Params: map[string]string{"company": "测试公司", "year": "2026", "when": "已超过截止日期"}})
	if err != nil || id == 0 {
		t.Fatalf("queue: %d %v", id, err)
	}
	return id
}

func staff(t *testing.T) *testenv.Client {
	t.Helper()
	s := env.NewClient(t)
	s.IP = "10.30.0.1"
	s.Login(env.CreateStaff(t, "info"), testenv.Password)
	return s
}

// postJSON posts a gateway's receipt push (no session, no CSRF token: the gateway's server).
func postJSON(t *testing.T, path string, body []byte) *testenv.Resp {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "http://cpca.test"+path, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	c := env.NewClient(t)
	c.IP = "10.30.0.9"
	return c.Do(req)
}
