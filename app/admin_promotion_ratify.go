package app

import (
	"errors"
	"strconv"
	"strings"

	"cpca/internal/calendar"
	"cpca/internal/errs"
	"cpca/internal/files"
	"cpca/internal/promotion"

	"github.com/gofiber/fiber/v2"
)

// promotionRatify records the meeting's vote: the counts and the resolution PDF are checked
// here for the form, the quorum, majority and seat quota by promotion.Ratify (a full quota
// is a conflict: another ratification took the seat). The certificate is re-issued with the
// new level by the worker.
func (s *Server) promotionRatify(c *fiber.Ctx) error {
	v, err := s.reviewPromotionData(c)
	if err != nil {
		return err
	}
	f := ratifyForm{Meeting: c.FormValue("meeting"), Session: strings.TrimSpace(c.FormValue("session")), HeldOn: c.FormValue("held_on"),
		Expected: c.FormValue("expected"), Present: c.FormValue("present"), Yes: c.FormValue("yes"), No: c.FormValue("no"), Abstain: c.FormValue("abstain")}
	f.TermID = int64(atoiDefault(c.FormValue("term"), 0))
	v.Ratify = f
	fieldErrs := map[string]string{}
	m := promotion.Meeting{TermID: f.TermID, Type: f.Meeting, Session: f.Session}
	if f.TermID == 0 {
		fieldErrs["term"] = promotion.ErrNoTerm.Error()
	}
	if promotion.MeetingLabel(f.Meeting) == "" {
		fieldErrs["meeting"] = promotion.ErrMeetingType.Error()
	}
	if f.Session == "" || len([]rune(f.Session)) > 60 {
		fieldErrs["session"] = promotion.ErrSession.Error()
	}
	if m.HeldOn, err = calendar.ParseDate(f.HeldOn); err != nil {
		fieldErrs["held_on"] = "日期格式应为 年-月-日"
	}
	count := func(name, val string) int {
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil || n < 0 || n > 100000 {
			fieldErrs[name] = "请填写人数（0或正整数）"
		}
		return n
	}
	m.Vote = promotion.Vote{Expected: count("expected", f.Expected), Present: count("present", f.Present),
		Yes: count("yes", f.Yes), No: count("no", f.No), Abstain: count("abstain", f.Abstain)}
	up, err := readUpload(c, "resolution")
	switch {
	case errors.Is(err, errNoUpload):
		fieldErrs["resolution"] = "请上传会议决议（PDF）"
	case errors.Is(err, files.ErrTooLarge):
		fieldErrs["resolution"] = files.ErrTooLarge.Error()
	case err != nil:
		return err
	default:
		if ct, err := files.Sniff(up.Data); err != nil || ct != "application/pdf" {
			fieldErrs["resolution"] = promotion.ErrResolution.Error()
		}
		m.ResolutionName, m.Resolution = up.Name, up.Data
	}
	if len(fieldErrs) == 0 {
		var out *promotion.Outcome
		out, err = promotion.Ratify(c.UserContext(), s.DB, v.App.ID, m, s.Promotion(), actor(c), s.Now())
		if err == nil {
			if out.PaidDuesID != 0 {
				s.kickCertificate(c.UserContext(), out.PaidDuesID)
			}
			return s.done(c, nil, msg("已记录批准决议，该单位的会员级别已变更。"), adminPromotionURL(v.App.ID))
		}
		if !errors.Is(err, errs.Invalid) {
			return s.done(c, err, msg(""), adminPromotionURL(v.App.ID))
		}
		fieldErrs["ratify"] = errText(c, err)
		if mm, ok := errs.MessageOf(err); ok {
			fieldErrs["ratify"] = mm.In(principal(c).Lang)
		}
	}
	return s.reviewPromotionForm(c, v, fieldErrs)
}
