package members

import (
	"context"
	"sort"
	"time"

	"cpca/internal/company"

	"github.com/uptrace/bun"
)

// Account is one login of the member company.
type Account struct {
	ID        int64     `bun:"id"`
	Username  string    `bun:"username"`
	Name      string    `bun:"name"`
	Email     string    `bun:"email"`
	Mobile    string    `bun:"mobile"`
	Disabled  bool      `bun:"disabled"`
	IsMain    bool      `bun:"is_main"`
	CreatedAt time.Time `bun:"created_at"`
}

// Event is one line of a member's timeline.
type Event struct {
	At     time.Time `bun:"at"`
	Kind   string    `bun:"kind"`  // application | dues | certificate | promotion | level | change | notice | feedback | status
	Title  string    `bun:"title"` // a fixed Chinese label (TimelineTitles), translated when shown
	Detail string    `bun:"detail"`
}

// Detail is what 会员管理 shows of one member.
type Detail struct {
	Company  *company.Company
	Accounts []Account
	Timeline []Event
}

// Get loads a member company (any status but applicant) with its people, accounts and timeline.
func Get(ctx context.Context, db bun.IDB, id int64) (*Detail, error) {
	c, err := company.ByID(ctx, db, id)
	if err != nil {
		return nil, err
	}
	if c.Status == company.StatusApplicant {
		return nil, company.ErrNotFound
	}
	d := &Detail{Company: c}
	if err := db.NewRaw(`SELECT id, username, name, email, mobile, disabled, is_main, created_at FROM users
		WHERE company_id = ? AND role <> 'admin' ORDER BY is_main DESC, id`, id).Scan(ctx, &d.Accounts); err != nil {
		return nil, err
	}
	if d.Timeline, err = Timeline(ctx, db, id, 200); err != nil {
		return nil, err
	}
	return d, nil
}

// Timeline reads a member's history from the tables that hold it, newest first: the
// application and its approval, dues, certificates, promotions and level changes, change
// requests, notices sent, feedback, and status changes (暂停, 恢复, 退会) from the audit log.
func Timeline(ctx context.Context, db bun.IDB, id int64, limit int) ([]Event, error) {
	var ev []Event
	err := db.NewRaw(`
		SELECT submitted_at AS at, 'application' AS kind, '提交入会申请' AS title, '' AS detail FROM applications WHERE company_id = ?0
		UNION ALL SELECT reviewed_at, 'application', CASE status WHEN 'approved' THEN '入会申请通过' ELSE '入会申请被退回' END, reject_reason
			FROM applications WHERE company_id = ?0 AND reviewed_at IS NOT NULL
		UNION ALL SELECT created_at, 'dues', '会费账单', year::text || ' · ' || status FROM dues WHERE company_id = ?0 AND year IS NOT NULL
		UNION ALL SELECT received_on::timestamptz, 'dues', '会费到账', year::text FROM dues WHERE company_id = ?0 AND year IS NOT NULL AND received_on IS NOT NULL
		UNION ALL SELECT created_at, 'certificate', '会员证书', number || ' · ' || status || CASE WHEN revoke_reason <> '' THEN ' · ' || revoke_reason ELSE '' END
			FROM certificates WHERE company_id = ?0
		UNION ALL SELECT submitted_at, 'promotion', '晋升申请', level || ' · ' || status FROM promotion_applications WHERE company_id = ?0
		UNION ALL SELECT created_at, 'level', '会员级别变更', from_level || ' → ' || to_level FROM level_history WHERE company_id = ?0
		UNION ALL SELECT created_at, 'change', '会员信息变更申请', status || CASE WHEN reason <> '' THEN ' · ' || reason ELSE '' END FROM company_changes WHERE company_id = ?0
		UNION ALL SELECT created_at, 'notice', '站内通知', title FROM notices WHERE company_id = ?0
		UNION ALL SELECT created_at, 'feedback', '反馈建议', subject || ' · ' || status FROM feedback WHERE company_id = ?0
		UNION ALL SELECT at, 'status', CASE action WHEN 'member.suspend' THEN '暂停会员服务' WHEN 'member.resume' THEN '恢复会员服务' ELSE '退会' END,
			coalesce(substring(detail from '^\S+ → \S+: (.*) \(\d+ certificate'), '')
			FROM audit_log WHERE object_type = 'company' AND object_id = ?0::text AND action IN ('member.suspend', 'member.resume', 'member.withdraw')
		ORDER BY 1 DESC LIMIT ?1`, id, limit).Scan(ctx, &ev)
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].At.After(ev[j].At) })
	return ev, err
}

// TimelineTitles are the labels Timeline gives its events.
var TimelineTitles = []string{"提交入会申请", "入会申请通过", "入会申请被退回", "会费账单", "会费到账", "会员证书", "晋升申请",
	"会员级别变更", "会员信息变更申请", "站内通知", "反馈建议", "暂停会员服务", "恢复会员服务", "退会"}
