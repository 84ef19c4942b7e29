package sms

// Delivery receipts (回执): each gateway posts the final state of the texts it accepted to a
// webhook. Applying a receipt is idempotent: only a submitted (or unknown) row moves, so the
// same receipt twice, or a late one after another, changes nothing; a receipt for a text we
// do not know is acknowledged and ignored (gateways retry what is not acknowledged).

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/uptrace/bun"
)

// Receipt is one gateway report about one text.
type Receipt struct {
	ProviderID string // BizId / SerialNo
	MessageID  int64  // our row id when the gateway echoes it (Aliyun out_id "sms-<id>")
	Mobile     string
	Delivered  bool
	Code, Text string
}

// AliyunReport is one element of Aliyun's SmsReport push.
type AliyunReport struct {
	PhoneNumber string `json:"phone_number"`
	SendTime    string `json:"send_time"`
	ReportTime  string `json:"report_time"`
	Success     bool   `json:"success"`
	ErrCode     string `json:"err_code"`
	ErrMsg      string `json:"err_msg"`
	SmsSize     string `json:"sms_size"`
	BizID       string `json:"biz_id"`
	OutID       string `json:"out_id"`
}

// TencentReport is one element of Tencent's 短信下发状态通知 push.
type TencentReport struct {
	UserReceiveTime string `json:"user_receive_time"`
	NationCode      string `json:"nationcode"`
	Mobile          string `json:"mobile"`
	ReportStatus    string `json:"report_status"`
	ErrMsg          string `json:"errmsg"`
	Description     string `json:"description"`
	Sid             string `json:"sid"`
}

// The acknowledgements each gateway expects (HTTP 200 with this body). Aliyun's SmsReport
// documentation shows {"code":0,"msg":"接收成功"} and checks only that code is a number;
// Tencent's shows {"result":0,"errmsg":"OK"}.
var (
	AliyunAck  = map[string]any{"code": 0, "msg": "接收成功"}
	TencentAck = map[string]any{"result": 0, "errmsg": "OK"}
)

// ParseAliyun reads a SmsReport push.
func ParseAliyun(body []byte) ([]Receipt, error) {
	var rs []AliyunReport
	if err := json.Unmarshal(body, &rs); err != nil {
		return nil, err
	}
	out := make([]Receipt, 0, len(rs))
	for _, r := range rs {
		id, _ := strconv.ParseInt(strings.TrimPrefix(r.OutID, "sms-"), 10, 64)
		out = append(out, Receipt{ProviderID: r.BizID, MessageID: id, Mobile: r.PhoneNumber, Delivered: r.Success,
			Code: r.ErrCode, Text: r.ErrMsg})
	}
	return out, nil
}

// ParseTencent reads a 短信下发状态通知 push.
func ParseTencent(body []byte) ([]Receipt, error) {
	var rs []TencentReport
	if err := json.Unmarshal(body, &rs); err != nil {
		return nil, err
	}
	out := make([]Receipt, 0, len(rs))
	for _, r := range rs {
		out = append(out, Receipt{ProviderID: r.Sid, Mobile: r.Mobile, Delivered: r.ReportStatus == "SUCCESS",
			Code: r.ErrMsg, Text: r.Description})
	}
	return out, nil
}

// ApplyReceipts records the receipts of provider and returns how many rows moved. A row
// moves once, from submitted or unknown to delivered or failed.
func ApplyReceipts(ctx context.Context, db bun.IDB, provider string, rs []Receipt) (int, error) {
	moved := 0
	for _, r := range rs {
		if r.ProviderID == "" {
			continue
		}
		status, errText := StatusDelivered, ""
		if !r.Delivered {
			status, errText = StatusFailed, "回执："+r.Code+" "+r.Text
		}
		q := db.NewUpdate().Table("sms_messages").Set("status = ?", status).Set("receipt_code = ?", r.Code).
			Set("receipt_at = now()").Set("last_error = ?", errText).
			Where("provider IN (?, '')", provider).Where("status IN ('submitted', 'unknown')")
		if r.MessageID != 0 {
			// Aliyun echoes our id: an unknown row (no answer was recorded) can be resolved too.
			q = q.Where("id = ?", r.MessageID).Where("provider_id IN (?, '')", r.ProviderID).Set("provider_id = ?", r.ProviderID)
		} else {
			q = q.Where("provider_id = ?", r.ProviderID)
		}
		res, err := q.Exec(ctx)
		if err != nil {
			return moved, err
		}
		n, _ := res.RowsAffected()
		moved += int(n)
	}
	return moved, nil
}
