package app

// 评审任务: the papers assigned to the logged-in reviewer (an external reviewer or 会展 staff)
// and the score form. In blind mode the pages never show authors or the company.

import (
	"errors"
	"strconv"

	"cpca/internal/papers"

	"github.com/gofiber/fiber/v2"
)

// reviewTasksPage lists the reviewer's assignments.
type reviewTasksPage struct {
	Rows []papers.Assignment
}

func (s *Server) paperReviews(c *fiber.Ctx) error {
	rows, err := papers.Assigned(c.UserContext(), s.DB, principal(c).UserID)
	if err != nil {
		return err
	}
	p := s.page(c, "评审任务", "paper_review")
	p.Data = reviewTasksPage{Rows: rows}
	return render(c, "pages/review_tasks", "", p)
}

// reviewPaperPage is one assigned paper and the reviewer's scores.
type reviewPaperPage struct {
	Paper   *papers.Paper
	Call    *papers.Call
	Review  *papers.Review
	Scores  map[string]string
	Comment string
}

// Blind says authors and company are hidden.
func (v reviewPaperPage) Blind() bool { return v.Call.Blind }

// Open says the scores may still be given or changed.
func (v reviewPaperPage) Open() bool { return v.Paper.Status == papers.Reviewing }

// Score is the typed or stored score of a criterion.
func (v reviewPaperPage) Score(name string) string { return v.Scores[name] }

func (s *Server) showReviewPaper(c *fiber.Ctx, scores map[string]string, comment string, fieldErrs map[string]string) error {
	ctx := c.UserContext()
	id, err := idParam(c)
	if err != nil {
		return err
	}
	p, r, err := papers.AssignedPaper(ctx, s.DB, id, principal(c).UserID)
	if err != nil {
		return err
	}
	call, err := papers.GetCall(ctx, s.DB, p.EventID)
	if err != nil {
		return err
	}
	if scores == nil {
		scores, comment = map[string]string{}, r.Comment
		for k, n := range r.Scores {
			scores[k] = strconv.Itoa(n)
		}
	}
	r.Total = papers.Weighted(call.Criteria, r.Scores)
	pg := s.page(c, "稿件评审", "paper_review")
	pg.Title = p.Title
	pg.Data = reviewPaperPage{Paper: p, Call: call, Review: r, Scores: scores, Comment: comment}
	return renderForm(c, "pages/review_paper", "", pg, fieldErrs)
}

func (s *Server) paperReviewShow(c *fiber.Ctx) error { return s.showReviewPaper(c, nil, "", nil) }

// paperReviewSave is 提交评审.
func (s *Server) paperReviewSave(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	p, _, err := papers.AssignedPaper(c.UserContext(), s.DB, id, principal(c).UserID)
	if err != nil {
		return err
	}
	call, err := papers.GetCall(c.UserContext(), s.DB, p.EventID)
	if err != nil {
		return err
	}
	scores := map[string]string{}
	for _, k := range call.Criteria {
		scores[k.Name] = c.FormValue("score_" + k.Name)
	}
	comment := c.FormValue("comment")
	_, err = papers.Score(c.UserContext(), s.DB, id, principal(c).UserID, scores, comment, actor(c), s.Now())
	var fe papers.FieldErrors
	if errors.As(err, &fe) {
		return s.showReviewPaper(c, scores, comment, fe)
	}
	return s.done(c, err, msg("评审意见已提交。"), "/review")
}
