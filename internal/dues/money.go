// Package dues is 会员缴费: the fee schedule, one dues row per company and year, bank-transfer
// vouchers, staff confirmation, invoices (fapiao) and the invoice profile.
package dues

import (
	"cpca/internal/errs"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ErrAmount is returned for an amount that is not a positive number of yuan with at most two decimals.
var ErrAmount = errs.New(errs.Invalid, "金额应为大于0的数字，最多两位小数（单位：元）")

var amountRe = regexp.MustCompile(`^\d{1,10}(\.\d{1,2})?$`)

// ParseYuan turns "1234.5" (yuan, as typed; commas and ¥ allowed) into fen, exactly.
func ParseYuan(s string) (int64, error) {
	s = strings.NewReplacer(",", "", "，", "", "¥", "", "￥", "", " ", "").Replace(strings.TrimSpace(s))
	if !amountRe.MatchString(s) {
		return 0, ErrAmount
	}
	whole, frac, _ := strings.Cut(s, ".")
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, ErrAmount
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	fen := w*100 + f
	if fen <= 0 {
		return 0, ErrAmount
	}
	return fen, nil
}

// ParseFee reads a fee of 会费标准: like ParseYuan, but 0 is a fee (a free level) and an
// empty field is not set (set false), so one level may be saved alone.
func ParseFee(s string) (fen int64, set bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false, nil
	}
	if n := strings.NewReplacer(",", "", "，", "", "¥", "", "￥", "", " ", "").Replace(s); amountRe.MatchString(n) && strings.Trim(n, "0.") == "" {
		return 0, true, nil // 0, 0.0, 0.00: a free level
	}
	fen, err = ParseYuan(s)
	return fen, err == nil, err
}

// Yuan formats fen as "1,234.50".
func Yuan(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	w := strconv.FormatInt(fen/100, 10)
	var b strings.Builder
	for i, r := range w {
		if i > 0 && (len(w)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	s := fmt.Sprintf("%s.%02d", b.String(), fen%100)
	if neg {
		s = "-" + s
	}
	return s
}

// YuanPlain formats fen as "1234.50" (form values).
func YuanPlain(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }
