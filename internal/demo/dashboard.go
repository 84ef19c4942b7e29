package demo

import (
	"context"
	"fmt"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/membership"

	"github.com/uptrace/bun"
)

// seedDashboard adds 60 member companies without logins, spread over levels, provinces,
// categories and join years since 2017, with three years of dues (paid at different months,
// some unpaid, one waived), a few suspended or withdrawn: enough for 可视化管理 to show
// bars in every chart, a renewal curve and a retention table. They are plain rows of the
// member list (会员管理) like any other member; they are inserted directly because they have
// no application history to replay.
func seedDashboard(ctx context.Context, tx bun.Tx, now time.Time) error {
	year := calendar.Year(now)
	today := calendar.Today(now)
	cities := []struct{ province, city, word string }{
		{"广东省", "深圳市", "深圳"}, {"广东省", "东莞市", "东莞"}, {"江苏省", "苏州市", "苏州"}, {"江苏省", "昆山市", "昆山"},
		{"上海市", "上海市", "上海"}, {"浙江省", "杭州市", "杭州"}, {"福建省", "厦门市", "厦门"}, {"湖北省", "武汉市", "武汉"},
		{"四川省", "成都市", "成都"}, {"江西省", "赣州市", "赣州"}, {"天津市", "天津市", "天津"},
	}
	trades := []string{"电路", "覆铜板", "电子材料", "精密设备", "电子装联", "线路板"}
	names := []string{"宏泰", "鼎盛", "联创", "恒达", "新锐", "精工", "华科", "瑞丰", "金鹏", "通达"}
	levels := []string{company.LevelMember, company.LevelMember, company.LevelMember, company.LevelMember, company.LevelMember,
		company.LevelCouncil, company.LevelCouncil, company.LevelStanding, company.LevelMember, company.LevelCouncil}
	fees := map[string]int64{company.LevelMember: 500000, company.LevelCouncil: 2000000, company.LevelStanding: 3000000,
		company.LevelVicePresident: 5000000, company.LevelPresident: 8000000}
	for i := 0; i < 60; i++ {
		c := cities[i%len(cities)]
		level := levels[i%len(levels)]
		if i == 7 {
			level = company.LevelVicePresident
		}
		status := company.StatusMember
		switch i % 17 {
		case 5:
			status = company.StatusSuspended
		case 11:
			status = company.StatusWithdrawn
		}
		joined := today.AddDate(0, 0, -(i*113)%3400-3)
		var id int64
		err := tx.NewRaw(`INSERT INTO companies (name, uscc, status, level, member_no, joined_on, province, city, category, nature, status_changed_at, status_reason)
			VALUES (?, ?, ?, ?, ?, ?::date, ?, ?, ?, '民营企业', CASE WHEN ? <> 'member' THEN ?::timestamptz END, CASE WHEN ? <> 'member' THEN '演示：连续未缴会费' ELSE '' END)
			RETURNING id`,
			fmt.Sprintf("%s%s%s有限公司", c.word, names[i%len(names)], trades[i%len(trades)]), code(fmt.Sprintf("91440300MA5E%05d", i)),
			status, level, fmt.Sprintf("CPCA%dD%04d", joined.Year(), i), joined.Format(calendar.Layout), c.province, c.city,
			membership.Categories[i%len(membership.Categories)], status, now.AddDate(0, 0, -(i%60)), status).Scan(ctx, &id)
		if err != nil {
			return err
		}
		for y := year - 2; y <= year; y++ {
			if y < joined.Year() || (status != company.StatusMember && y == year) {
				continue
			}
			st := []string{"confirmed", "confirmed", "confirmed", "unpaid", "pending", "confirmed", "waived", "confirmed"}[(i+y)%8]
			if y == year && (i+y)%8 == 0 {
				st = "unpaid"
			}
			month := 1 + (i*7+y)%10
			if y == year {
				month = min(month, int(now.In(calendar.Zone).Month()))
			}
			invoice := "none"
			if st == "confirmed" && i%3 != 0 {
				invoice = "issued"
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO dues (company_id, year, level, amount_fen, status, invoice_status, received_fen, received_on, confirmed_at)
				VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ? = 'confirmed' THEN ?::bigint END, CASE WHEN ? = 'confirmed' THEN make_date(?, ?, 12) END,
				CASE WHEN ? = 'confirmed' THEN make_date(?, ?, 14)::timestamptz END)
				ON CONFLICT (company_id, year) DO NOTHING`,
				id, y, level, fees[level], st, invoice, st, fees[level], st, y, month, st, y, month); err != nil {
				return err
			}
		}
	}
	return nil
}
