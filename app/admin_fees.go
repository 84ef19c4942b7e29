package app

import (
	"strconv"

	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/dues"

	"github.com/gofiber/fiber/v2"
)

// feeLevels are the member levels in the order of the fee schedule.
var feeLevels = []string{company.LevelMember, company.LevelCouncil, company.LevelStanding,
	company.LevelVicePresident, company.LevelPresident}

// feeRow is one level's fee as shown and typed.
type feeRow struct {
	Level, Label, Amount string
}

type feesPage struct {
	Year int
	Rows []feeRow
}

func (s *Server) feeYear(c *fiber.Ctx) int {
	y := atoiDefault(c.Query("year", c.FormValue("year")), 0)
	if y < 2000 || y > 2100 {
		y = calendar.Year(s.Now())
	}
	return y
}

// fees is 会费标准: the fee of each member level for a year.
func (s *Server) fees(c *fiber.Ctx) error {
	year := s.feeYear(c)
	fs, err := dues.Fees(c.UserContext(), s.DB, year)
	if err != nil {
		return err
	}
	have := map[string]int64{}
	for _, f := range fs {
		have[f.Level] = f.AmountFen
	}
	v := feesPage{Year: year}
	for _, l := range feeLevels {
		r := feeRow{Level: l, Label: company.LevelLabel(l)}
		if a, ok := have[l]; ok {
			r.Amount = dues.YuanPlain(a)
		}
		v.Rows = append(v.Rows, r)
	}
	p := s.page(c, "会费标准", "fees")
	p.Data = v
	return render(c, "pages/admin_fees", "", p)
}

func (s *Server) feesSave(c *fiber.Ctx) error {
	year := s.feeYear(c)
	v := feesPage{Year: year}
	errs := map[string]string{}
	var fs []dues.Fee
	for _, l := range feeLevels {
		r := feeRow{Level: l, Label: company.LevelLabel(l), Amount: c.FormValue("fee_" + l)}
		v.Rows = append(v.Rows, r)
		fen, set, err := dues.ParseFee(r.Amount)
		if err != nil {
			errs["fee_"+l] = err.Error()
			continue
		}
		if set {
			fs = append(fs, dues.Fee{Year: year, Level: l, AmountFen: fen})
		}
	}
	if len(fs) == 0 && len(errs) == 0 {
		errs["fee_"+feeLevels[0]] = "请至少填写一个级别的会费（免费级别填 0）。"
	}
	if len(errs) > 0 {
		p := s.page(c, "会费标准", "fees")
		p.Data = v
		p.Errors = errs
		c.Status(fiber.StatusUnprocessableEntity)
		return render(c, "pages/admin_fees", "", p)
	}
	err := dues.SetFees(c.UserContext(), s.DB, year, fs, actor(c))
	return s.done(c, err, msg("%d 年度会费标准已保存。", year), "/admin/fees?year="+strconv.Itoa(year))
}
