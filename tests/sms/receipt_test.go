package sms

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"cpca/internal/sms"
	"cpca/internal/sms/smsfake"
	"cpca/tests/testenv"
)

// Receipts through each provider's webhook: the answer is the provider's exact
// acknowledgement; delivered and failed receipts move submitted rows; the same receipt twice
// changes nothing; a receipt for an unknown message is acknowledged without error; a forged
// secret is 404 and changes nothing; a body that is not a receipt array is 422.
func TestReceipts(t *testing.T) {
	ctx := context.Background()
	ali := smsfake.NewAliyun("LTAI5tCPCA", "ali-secret")
	defer ali.Close()
	ten := smsfake.NewTencent("AKIDcpca", "ten-secret", "1400009999")
	defer ten.Close()
	aliP := sms.Aliyun{KeyID: "LTAI5tCPCA", Secret: "ali-secret", Endpoint: ali.URL()}
	tenP := sms.Tencent{SecretID: "AKIDcpca", SecretKey: "ten-secret", AppID: "1400009999", Endpoint: ten.URL()}
	send := func(p sms.Provider) sms.Message {
		id := queueDues(t, mobile())
		if err := sms.Deliver(ctx, env.DB, p, id, false); err != nil {
			t.Fatal(err)
		}
		return row(t, id)
	}
	for _, c := range []struct {
		provider string
		p        sms.Provider
		receipt  func(m sms.Message, ok bool) []byte
		ack      string
	}{
		{"aliyun", aliP, func(m sms.Message, ok bool) []byte {
			return smsfake.AliyunReceipt(m.ProviderID, "sms-"+strconv.FormatInt(m.ID, 10), m.To, ok)
		}, `{"code":0,"msg":"接收成功"}`},
		{"tencent", tenP, func(m sms.Message, ok bool) []byte { return smsfake.TencentReceipt(m.ProviderID, m.To, ok) },
			`{"errmsg":"OK","result":0}`},
	} {
		t.Run(c.provider, func(t *testing.T) {
			path := "/sms/receipt/" + c.provider + "/" + testenv.SMSReceiptSecret
			good, bad := send(c.p), send(c.p)
			r := postJSON(t, path, c.receipt(good, true))
			if r.Status != http.StatusOK || r.Body != c.ack+"\n" && r.Body != c.ack {
				t.Fatalf("receipt answered %d %q, want %s", r.Status, r.Body, c.ack)
			}
			m := row(t, good.ID)
			if m.Status != sms.StatusDelivered || !m.ReceiptAt.Valid || m.ReceiptCode == "" {
				t.Errorf("delivered receipt: %+v", m)
			}
			// Twice: nothing changes, same acknowledgement.
			r = postJSON(t, path, c.receipt(good, true))
			if again := row(t, good.ID); r.Status != http.StatusOK || again.ReceiptAt.Time != m.ReceiptAt.Time || again.Status != sms.StatusDelivered {
				t.Errorf("second receipt: %d, %+v", r.Status, again)
			}
			// A late failure report after delivery does not undo it.
			postJSON(t, path, c.receipt(good, false))
			if row(t, good.ID).Status != sms.StatusDelivered {
				t.Error("a later failed receipt overwrote delivered")
			}
			postJSON(t, path, c.receipt(bad, false))
			if m := row(t, bad.ID); m.Status != sms.StatusFailed || m.LastError == "" {
				t.Errorf("failed receipt: %+v", m)
			}
			// Unknown message: acknowledged, nothing moves.
			unknown := sms.Message{ID: 987654321, ProviderID: "no-such-id", To: "13800000000"}
			if r := postJSON(t, path, c.receipt(unknown, true)); r.Status != http.StatusOK {
				t.Errorf("unknown message: %d %s", r.Status, r.Body)
			}
			// Forged secret: 404, the row stays as it is.
			other := send(c.p)
			if r := postJSON(t, "/sms/receipt/"+c.provider+"/forged-secret-0123456789", c.receipt(other, true)); r.Status != http.StatusNotFound {
				t.Errorf("forged secret: %d", r.Status)
			}
			if row(t, other.ID).Status != sms.StatusSubmitted {
				t.Error("a receipt with a forged secret moved the row")
			}
			if r := postJSON(t, path, []byte(`{"not":"an array"}`)); r.Status != http.StatusUnprocessableEntity {
				t.Errorf("malformed body: %d", r.Status)
			}
		})
	}
	// Receipts name their provider: a Tencent receipt carrying an Aliyun id moves nothing.
	m := send(aliP)
	postJSON(t, "/sms/receipt/tencent/"+testenv.SMSReceiptSecret, smsfake.TencentReceipt(m.ProviderID, m.To, true))
	if row(t, m.ID).Status != sms.StatusSubmitted {
		t.Error("a receipt of the other provider moved the row")
	}
}
