// Package errs holds the few kinds of error every feature's errors belong to (as gitea's
// util.ErrNotExist): not found, conflict, invalid, forbidden, too many. A feature wraps a
// kind, so the one error handler in app maps by kind with errors.Is and never lists
// features. An error a user may see carries its message as a key plus arguments (Message),
// translated when the page is rendered, never formatted in Chinese at the place it arose.
package errs

import (
	"errors"
	"fmt"

	"cpca/internal/i18n"
)

// The kinds.
var (
	NotFound  = errors.New("not found")         // 404: the object does not exist or is not the viewer's
	Conflict  = errors.New("conflict")          // the action does not fit the object's state now: flash and back
	Invalid   = errors.New("invalid")           // 422: bad input
	Forbidden = errors.New("forbidden")         // 403
	TooMany   = errors.New("too many requests") // 429: a rate limit
)

// Message is text for a user: Key is the Chinese source string (the i18n key, a format when
// Args are given); string arguments are translated too, so labels passed in (a status, a
// level) read in the viewer's language.
type Message struct {
	Key  string `json:"k"`
	Args []any  `json:"a,omitempty"`
}

// M builds a Message.
func M(key string, args ...any) Message { return Message{Key: key, Args: args} }

// In renders the message in lang ("zh" or "en").
func (m Message) In(lang string) string {
	if len(m.Args) == 0 {
		return i18n.T(lang, m.Key)
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		switch v := a.(type) {
		case string:
			args[i] = i18n.T(lang, v)
		case Message:
			args[i] = v.In(lang)
		case float64: // a whole number that went through JSON (a flash kept in the session)
			if v == float64(int64(v)) {
				args[i] = int64(v)
			} else {
				args[i] = v
			}
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(i18n.T(lang, m.Key), args...)
}

// String is the Chinese text.
func (m Message) String() string { return m.In("zh") }

// Error is an error of a kind with a message for the user.
type Error struct {
	Kind error
	Message
}

// New returns an error of kind with a user message.
func New(kind error, key string, args ...any) *Error {
	return &Error{Kind: kind, Message: M(key, args...)}
}

// Error is the Chinese message (logs, tests).
func (e *Error) Error() string { return e.Message.In("zh") }

// Is makes errors.Is(err, kind) true for the error's kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Messager is an error that has a message for the user (an *Error, or a feature's own
// error type such as a state conflict that builds its message from fields).
type Messager interface{ UserMessage() Message }

// UserMessage makes *Error a Messager.
func (e *Error) UserMessage() Message { return e.Message }

// MessageOf returns the user message carried by err, if any.
func MessageOf(err error) (Message, bool) {
	var m Messager
	if errors.As(err, &m) {
		return m.UserMessage(), true
	}
	return Message{}, false
}

// KindOf returns err's kind, or nil for an error of no kind (an internal failure).
func KindOf(err error) error {
	for _, k := range []error{NotFound, Conflict, Invalid, Forbidden, TooMany} {
		if errors.Is(err, k) {
			return k
		}
	}
	return nil
}
