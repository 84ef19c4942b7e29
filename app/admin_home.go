package app

import "github.com/gofiber/fiber/v2"

// adminHomePage is the staff home: the department's menu without 个人中心.
type adminHomePage struct{ Sections []MenuSection }

// adminHome is where staff land: each department goes on to the first page of its menu
// (会员部 to 入会审核, 财务 to 会员缴费管理...). A department whose pages are not built yet
// (会展) stays here and sees what is coming.
func (s *Server) adminHome(c *fiber.Ctx) error {
	if to := s.navi.firstPage(principal(c).Subject()); to != "" {
		return redirect(c, to)
	}
	p := s.page(c, "工作台", "")
	var v adminHomePage
	for _, sec := range p.Menu() {
		if sec.Label != personalSection {
			v.Sections = append(v.Sections, sec)
		}
	}
	p.Data = v
	return render(c, "pages/admin_home", "", p)
}
