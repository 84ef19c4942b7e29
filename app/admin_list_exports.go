package app

// Excel exports of the lists staff work from (入会审核, 邮件管理's delivery log): the list's
// filter, text cells through sheet.Text (= + - @ not run as formulas; credit codes stay text),
// rate-limited like every export, and audited.

import (
	"fmt"
	"net/url"
	"strconv"

	"cpca/internal/audit"
	"cpca/internal/calendar"
	"cpca/internal/mail"
	"cpca/internal/membership"
	"cpca/internal/sheet"

	"github.com/gofiber/fiber/v2"
)

// listExportMax bounds one list export; a larger one is narrowed by the filter.
const listExportMax = 100000

var applicationsExportHead = []string{"编号", "企业名称", "统一社会信用代码", "用户名", "提交时间", "纸质材料", "状态", "审核时间", "退回原因"}

// reviewExport is 入会审核 as an .xlsx: the list's filter and order, audited.
func (s *Server) reviewExport(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if err := s.exportAllowed(c); err != nil {
		return err
	}
	var v reviewListPage
	q := bindFilter(c, &v.reviewQuery)
	f := v.filter(1)
	f.Sort, _ = listSort(c, q, "", membership.ListSorts)
	rows, err := membership.ExportRows(ctx, s.DB, f, listExportMax)
	if err != nil {
		return err
	}
	sh, err := sheet.New("入会审核", applicationsExportHead)
	if err != nil {
		return err
	}
	defer sh.Close()
	for _, r := range rows {
		paper, reviewed := "未收到", ""
		if r.PaperReceived {
			paper = "已收到"
			if r.PaperReceivedOn.Valid {
				paper += " " + r.PaperReceivedOn.Time.Format(calendar.Layout)
			}
		}
		if r.ReviewedAt.Valid {
			reviewed = localTime(r.ReviewedAt.Time)
		}
		if err := sh.Add(strconv.FormatInt(r.ID, 10), r.CompanyName, r.USCC, r.Username, localTime(r.SubmittedAt), paper,
			membership.StatusLabel(r.Status), reviewed, r.RejectReason); err != nil {
			return err
		}
	}
	_ = actor(c).Record(ctx, s.DB, audit.Entry{Action: "application.export", ObjectType: "application", Detail: fmt.Sprintf("%s (%d rows)", q.Encode(), len(rows))})
	return sendSheet(c, sh, "入会审核", s.Now().In(calendar.Zone).Format("20060102"))
}

var emailsExportHead = []string{"时间", "收件人", "类型", "主题", "状态", "尝试次数", "发送时间", "错误"}

// emailExport is 邮件管理's delivery log as an .xlsx: the list's filter, audited.
func (s *Server) emailExport(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if err := s.exportAllowed(c); err != nil {
		return err
	}
	var v emailQuery
	q := bindFilter(c, &v)
	es, err := mail.ExportRows(ctx, s.DB, mail.Filter{Status: v.Status, Q: v.Q}, listExportMax)
	if err != nil {
		return err
	}
	sh, err := sheet.New("邮件发送记录", emailsExportHead)
	if err != nil {
		return err
	}
	defer sh.Close()
	for _, e := range es {
		sent := ""
		if e.SentAt.Valid {
			sent = localTime(e.SentAt.Time)
		}
		if err := sh.Add(localTime(e.CreatedAt), e.To, mail.KindLabel(e.Kind), e.Subject, mail.StatusLabel(e.Status),
			strconv.Itoa(e.Attempts), sent, e.LastError); err != nil {
			return err
		}
	}
	_ = actor(c).Record(ctx, s.DB, audit.Entry{Action: "email.export", ObjectType: "email", Detail: fmt.Sprintf("%s (%d rows)", q.Encode(), len(es))})
	return sendSheet(c, sh, "邮件发送记录", s.Now().In(calendar.Zone).Format("20060102"))
}

// exportURL is an export link carrying the list's filter (page and size dropped).
func exportURL(path string, q url.Values) string {
	e := url.Values{}
	for k, v := range q {
		if k != "page" && k != "size" {
			e[k] = v
		}
	}
	if len(e) == 0 {
		return path
	}
	return path + "?" + e.Encode()
}
