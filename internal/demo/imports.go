package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cpca/internal/audit"
	"cpca/internal/imports"
	"cpca/internal/uscc"

	"github.com/uptrace/bun"
)

// seedImports runs one 导入会员 as 会员部 (huiyuan) would, after the rest of the demo is
// committed: a UTF-8 CSV of twelve companies from the association's old records, two of its
// rows refused (a wrong check digit, a short mobile), imported in 仅新建 without invitations,
// so 导入会员 shows a finished import with its counts, errors and result file, and 会员管理
// lists the imported members.
func seedImports(ctx context.Context, db *bun.DB) error {
	var staffID int64
	if err := db.NewRaw(`SELECT id FROM users WHERE username = 'huiyuan'`).Scan(ctx, &staffID); err != nil {
		return err
	}
	by := audit.Actor{ID: staffID, Name: "huiyuan (demo)"}
	head := make([]string, len(imports.Fields))
	for i, f := range imports.Fields {
		head[i] = f.Label
	}
	var b strings.Builder
	b.WriteString(strings.Join(head, ",") + "\n")
	cities := []struct{ province, city string }{{"广东省", "惠州市"}, {"江苏省", "昆山市"}, {"浙江省", "杭州市"}, {"湖北省", "武汉市"}, {"四川省", "成都市"}, {"江西省", "吉安市"}}
	for i := 0; i < 12; i++ {
		p := fmt.Sprintf("9144130%dMA4X%05d", i%10, i+1)[:17]
		code := p + string(uscc.CheckChar(p))
		mobile := fmt.Sprintf("139%08d", 20260000+i)
		switch i {
		case 4:
			code = p + "0"
			if uscc.CheckChar(p) == '0' {
				code = p + "1"
			}
		case 9:
			mobile = "1390000"
		}
		c := cities[i%len(cities)]
		v := map[string]string{"name": fmt.Sprintf("%s历史会员%02d电路有限公司", strings.TrimSuffix(c.city, "市"), i+1), "uscc": code,
			"level": "会员单位", "member_no": fmt.Sprintf("CPCA-2015-%04d", 100+i), "joined_on": fmt.Sprintf("20%02d-0%d-15", 10+i%8, 1+i%9),
			"province": c.province, "city": c.city, "category": "PCB制造", "nature": "民营企业", "legal_rep": "刘" + string([]rune("一二三四五六七八九十甲乙")[i]),
			"primary_name": "联系人" + fmt.Sprint(i+1), "primary_mobile": mobile, "primary_email": fmt.Sprintf("legacy%02d@example.com", i+1)}
		row := make([]string, len(imports.Fields))
		for k, f := range imports.Fields {
			row[k] = v[f.Key]
		}
		b.WriteString(strings.Join(row, ",") + "\n")
	}
	j, err := imports.Upload(ctx, db, "旧系统会员名单.csv", []byte(b.String()), by)
	if err != nil {
		return err
	}
	if err := imports.Configure(ctx, db, j.ID, j.Mapping, imports.ModeCreate, by); err != nil {
		return err
	}
	if err := imports.Process(ctx, db, j.ID, "", time.Now); err != nil {
		return err
	}
	if err := imports.Start(ctx, db, j.ID, false, by); err != nil {
		return err
	}
	return imports.Process(ctx, db, j.ID, "", time.Now)
}

// ImportedAccounts is how many accounts the demo's 导入会员 creates (twelve rows, two
// refused): users without a password, not logins.
const ImportedAccounts = 10
