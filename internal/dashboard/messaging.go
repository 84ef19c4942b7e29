package dashboard

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

type channelStatus struct {
	Channel string `bun:"channel"`
	Status  string `bun:"status"`
	N       int64  `bun:"n"`
}

// DeliveryDays is the window of the delivery widget.
const DeliveryDays = 30

// Delivery is, for email and SMS written in the last DeliveryDays days, how many were sent,
// failed, are still waiting, or were not sent (no server configured, or 状态未知 after an
// interrupted send), with the delivery and failure rates.
func Delivery(ctx context.Context, db bun.IDB, now time.Time) (*Table, error) {
	since := now.AddDate(0, 0, -DeliveryDays)
	var rows []channelStatus
	err := db.NewRaw(`SELECT 'email' AS channel, status, count(*) AS n FROM emails WHERE created_at >= ?0 GROUP BY status
		UNION ALL SELECT 'sms', status, count(*) FROM sms_messages WHERE created_at >= ?0 GROUP BY status`, since).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	t := &Table{Head: []string{"渠道", "合计", "已发送", "发送失败", "待发送", "未发送/状态未知", "发送成功率", "失败率"},
		Chart: Chart{Type: "bar", Series: []int{1, 2, 3, 4}, Stack: true},
		Note:  "近30天写入的邮件与短信；待发送含发送中。成功率与失败率以合计为分母。"}
	for _, ch := range []struct{ key, label string }{{"email", "邮件"}, {"sms", "短信"}} {
		var total, sent, failed, waiting, other int64
		for _, r := range rows {
			if r.Channel != ch.key {
				continue
			}
			total += r.N
			switch r.Status {
			case "sent":
				sent += r.N
			case "failed":
				failed += r.N
			case "queued", "sending":
				waiting += r.N
			default:
				other += r.N
			}
		}
		t.Rows = append(t.Rows, Row{Label: ch.label, Cells: []Cell{{N: total}, {N: sent}, {N: failed}, {N: waiting}, {N: other},
			{N: rate(sent, total), Kind: Rate}, {N: rate(failed, total), Kind: Rate}}})
	}
	return t, nil
}

type broadcastRead struct {
	ID         int64  `bun:"id"`
	Title      string `bun:"title"`
	Recipients int64  `bun:"recipients"`
	Read       int64  `bun:"read"`
}

// RecentBroadcasts is how many sent broadcasts the unread widget shows.
const RecentBroadcasts = 8

// Broadcasts is, for the latest sent site messages (站内信), the recipient companies, those
// where no user has read it yet, and the unread rate. Read is counted as 站内信管理 counts it:
// a user of the company opened it, or marked everything read after it was sent.
func Broadcasts(ctx context.Context, db bun.IDB, _ time.Time) (*Table, error) {
	var rows []broadcastRead
	err := db.NewRaw(`SELECT b.id, b.title, count(r.company_id) AS recipients,
			count(r.company_id) FILTER (WHERE EXISTS (SELECT 1 FROM users u WHERE u.company_id = r.company_id AND (
				EXISTS (SELECT 1 FROM broadcast_reads x WHERE x.user_id = u.id AND x.broadcast_id = r.broadcast_id)
				OR EXISTS (SELECT 1 FROM inbox_marks k WHERE k.user_id = u.id AND k.read_before >= r.sent_at)))) AS read
		FROM (SELECT id, title, sent_at FROM broadcasts WHERE status = 'sent' ORDER BY sent_at DESC, id DESC LIMIT ?) b
		LEFT JOIN broadcast_recipients r ON r.broadcast_id = b.id
		GROUP BY b.id, b.title, b.sent_at ORDER BY b.sent_at DESC, b.id DESC`, RecentBroadcasts).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	t := &Table{Head: []string{"站内信", "接收单位", "已读单位", "未读单位", "未读率"}, Chart: Chart{Type: "hbar", Series: []int{3}, Unit: "%"},
		Note: "单位内任一用户打开或“全部标为已读”即算已读。"}
	for _, r := range rows {
		t.Rows = append(t.Rows, Row{Label: r.Title, Link: messagesList + "/" + id(r.ID), Cells: []Cell{
			{N: r.Recipients}, {N: r.Read}, {N: r.Recipients - r.Read}, {N: rate(r.Recipients-r.Read, r.Recipients), Kind: Rate}}})
	}
	return t, nil
}
