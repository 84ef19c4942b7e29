package demo

import (
	"context"
	"time"

	"cpca/internal/audit"
	"cpca/internal/members"
	"cpca/internal/membership"

	"github.com/uptrace/bun"
)

// seedMembers adds a member whose services 会员部 suspended (暂停), so 会员管理 shows every
// status filter with a row and its user (yongjiang) sees what a suspended company sees.
func seedMembers(ctx context.Context, tx bun.Tx, m membership.Mailing, now time.Time, by audit.Actor) error {
	d := draft("宁波甬江电路板有限公司", "91330200MA2H00006", "浙江省", "宁波市", "PCB制造", "yongjiang", "yongjiang@example.com", "孙甬", "13300006789")
	a, err := membership.Submit(ctx, tx, d, Password, m, "")
	if err != nil {
		return err
	}
	_, co, err := membership.Approve(ctx, tx, a.ID, m, by, now.Add(-300*24*time.Hour))
	if err != nil {
		return err
	}
	return members.Suspend(ctx, tx, co.ID, "连续两个年度未缴纳会费，经催缴未果", by, now.Add(-24*time.Hour))
}
