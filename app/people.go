package app

// 信息管理 — 单位成员: the company's people, each row edited in place (htmx swaps the list;
// without JS the same links and forms load the page with that row open), with the roles,
// each person's directory consent and consent to 推广短信 (people_sms.go).

import (
	"errors"

	"cpca/internal/account"
	"cpca/internal/company"
	"cpca/internal/membership"
	"cpca/internal/people"

	"github.com/gofiber/fiber/v2"
)

type peoplePage struct {
	People  []company.Person
	Editing int64       // the row open for editing
	Form    people.Form // what that row (or the add form) holds
	Adding  bool        // the add form is open (with its errors)
	Consent string      // the consent text
	Version string
	// IsMain: the user is the company's main account, who alone records or withdraws a
	// person's consent to 推广短信 (everyone else sees it).
	IsMain bool
	// Saved is the confirmation shown inside the list after an htmx save (a full page shows
	// the flash in the layout instead).
	Saved string
}

func (s *Server) peopleData(c *fiber.Ctx) (peoplePage, error) {
	ps, err := people.List(c.UserContext(), s.DB, principal(c).CompanyID)
	if err != nil {
		return peoplePage{}, err
	}
	isMain, err := account.IsMainAccount(c.UserContext(), s.DB, principal(c).UserID)
	return peoplePage{People: ps, Consent: people.ConsentText, Version: people.ConsentVersion, IsMain: isMain}, err
}

func (s *Server) showPeople(c *fiber.Ctx, v peoplePage, fieldErrs membership.Errors) error {
	p := s.page(c, "单位成员", "people")
	p.Data = v
	return renderForm(c, "pages/people", "partials/people_list", p, fieldErrs)
}

func (s *Server) peopleList(c *fiber.Ctx) error {
	v, err := s.peopleData(c)
	if err != nil {
		return err
	}
	v.Adding = c.Query("add") == "1"
	return s.showPeople(c, v, nil)
}

func bindPerson(c *fiber.Ctx) people.Form {
	return people.Form{Name: c.FormValue("name"), Title: c.FormValue("title"), Department: c.FormValue("department"),
		Mobile: c.FormValue("mobile"), Email: c.FormValue("email"),
		Primary: c.FormValue("primary") == "1", Finance: c.FormValue("finance") == "1", Meeting: c.FormValue("meeting") == "1"}
}

// personEdit opens one row for editing.
func (s *Server) personEdit(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	per, err := people.Get(c.UserContext(), s.DB, principal(c).CompanyID, id)
	if err != nil {
		return err
	}
	v, err := s.peopleData(c)
	if err != nil {
		return err
	}
	v.Editing, v.Form = id, people.FormOf(per)
	return s.showPeople(c, v, nil)
}

// saved answers a successful edit: the list again for htmx (the roles of other rows may have
// moved), a redirect with a flash otherwise.
func (s *Server) saved(c *fiber.Ctx, text string) error {
	if !isHTMX(c) {
		return s.done(c, nil, msg(text), "/people")
	}
	v, err := s.peopleData(c)
	if err != nil {
		return err
	}
	p := s.page(c, "单位成员", "people")
	v.Saved = msg(text).In(p.Lang)
	p.Data = v
	return render(c, "pages/people", "partials/people_list", p)
}

func (s *Server) personSave(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	f := bindPerson(c)
	_, fieldErrs, err := people.Update(c.UserContext(), s.DB, principal(c).CompanyID, id, f, actor(c))
	if err != nil {
		return err
	}
	if len(fieldErrs) > 0 {
		v, err := s.peopleData(c)
		if err != nil {
			return err
		}
		v.Editing, v.Form = id, f
		return s.showPeople(c, v, fieldErrs)
	}
	return s.saved(c, "成员信息已保存。")
}

func (s *Server) personAdd(c *fiber.Ctx) error {
	f := bindPerson(c)
	_, fieldErrs, err := people.Add(c.UserContext(), s.DB, principal(c).CompanyID, f, actor(c))
	if errors.Is(err, people.ErrTooMany) {
		fieldErrs, err = membership.Errors{"form": people.ErrTooMany.Message.Key}, nil
	}
	if err != nil {
		return err
	}
	if len(fieldErrs) > 0 {
		v, err := s.peopleData(c)
		if err != nil {
			return err
		}
		v.Adding, v.Form = true, f
		return s.showPeople(c, v, fieldErrs)
	}
	return s.saved(c, "已添加成员。")
}

func (s *Server) personDelete(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = people.Remove(c.UserContext(), s.DB, principal(c).CompanyID, id, actor(c))
	return s.done(c, err, msg("已删除成员。"), "/people")
}

// personConsent records or withdraws the person's consent to the directory.
func (s *Server) personConsent(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	granted := c.FormValue("granted") == "1"
	_, err = people.Consent(c.UserContext(), s.DB, principal(c).CompanyID, id, granted, actor(c), s.Now())
	text := "已记录同意，该成员将显示在会员通讯录中。"
	if !granted {
		text = "已撤回同意，该成员不再显示在会员通讯录中。"
	}
	if err != nil {
		return err
	}
	return s.saved(c, text)
}
