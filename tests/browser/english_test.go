package browser

import (
	"testing"
	"time"

	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

// The English switch in the footer turns the pages English, before and after login; a member
// who picks English keeps it (stored on the user).
func TestSwitchToEnglish(t *testing.T) {
	b := browserenv.Start(t, env.App, 60*time.Second)
	_, co := env.Member(t)

	p := b.NewTab(t, "member")
	p.At("the login page, switched to English")
	p.Open("/login")
	p.ClickTextAndLoad("footer button", "^English$")
	p.ElText("h1", "^Log in$")
	p.ElText("footer button", "^简体中文$")
	p.Shot("20-login-english")

	p.At("log in: the session's language carries on to 待办事项")
	p.Fill("#f-username", co.Username())
	p.Fill("#f-password", testenv.Password)
	p.ClickTextAndLoad("button", "^Log in$")
	// The member's own setting is Chinese; the footer switch stores English on the user.
	p.ClickTextAndLoad("footer button", "^English$")
	p.ElText("nav.menu a.active", "^To-do$")
	p.ElText("nav.menu a", "^Dues$")
	p.Shot("21-home-english")

	p.At("English sticks to the user")
	p.Open("/dues")
	p.ElText("h1", "^Dues$")
	p.CheckConsole()
}
