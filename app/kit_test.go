package app

import (
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// A filter keeps only what it accepts, and what it kept is the query string for the pager
// and hx-push-url (a bad year, an unknown status and padding disappear).
func TestBindFilter(t *testing.T) {
	app := fiber.New()
	var got string
	var f financeQuery
	app.Get("/x", func(c *fiber.Ctx) error {
		got = bindFilter(c, &f).Encode()
		return nil
	})
	req := httptest.NewRequest("GET", "/x?year=1999&status=pending&invoice=bogus&q=+%E6%B7%B1%E5%9C%B3+&page=3", nil)
	if _, err := app.Test(req); err != nil {
		t.Fatal(err)
	}
	if got != "q=%E6%B7%B1%E5%9C%B3&status=pending" || f.Year != "" || f.Invoice != "" || f.Q != "深圳" {
		t.Fatalf("query %q, filter %+v", got, f)
	}
}

func TestIDParam(t *testing.T) {
	app := fiber.New()
	app.Get("/d/:id", func(c *fiber.Ctx) error {
		id, err := idParam(c)
		if err != nil {
			return c.SendString("bad")
		}
		return c.SendString(c.Params("id") + "=" + string(rune('0'+id%10)))
	})
	for path, want := range map[string]string{"/d/7": "7=7", "/d/0": "bad", "/d/-1": "bad", "/d/x": "bad", "/d/99999999999999999999": "bad"} {
		resp, _ := app.Test(httptest.NewRequest("GET", path, nil))
		b := make([]byte, 16)
		n, _ := resp.Body.Read(b)
		if string(b[:n]) != want {
			t.Errorf("%s: %q, want %q", path, b[:n], want)
		}
	}
}
