package sms

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// httpClient is the gateways' client: a request that gets no answer in 10 s is given up (and
// recorded unknown, since the gateway may have sent it).
var httpClient = &http.Client{Timeout: 10 * time.Second}

// post sends req and returns the status and body. An error before the request left (a dial
// failure, a refused connection) or a 5xx answer is ErrTransport (nothing was sent: retried);
// a failure after it left (timeout, reset) is ErrUncertain.
func post(ctx context.Context, c *http.Client, req *http.Request) (int, []byte, error) {
	if c == nil {
		c = httpClient
	}
	resp, err := c.Do(req.WithContext(ctx))
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" {
			return 0, nil, fmt.Errorf("%w: %v", ErrTransport, err)
		}
		return 0, nil, fmt.Errorf("%w: %v", ErrUncertain, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp.StatusCode, nil, fmt.Errorf("%w: %v", ErrUncertain, err)
	}
	if resp.StatusCode >= 500 {
		return resp.StatusCode, body, fmt.Errorf("%w: HTTP %d", ErrTransport, resp.StatusCode)
	}
	return resp.StatusCode, body, nil
}

// failAll answers every mobile of b with err.
func failAll(b Batch, code string, err error) []Result {
	rs := make([]Result, len(b.Mobiles))
	for i, m := range b.Mobiles {
		rs[i] = Result{Mobile: m, Code: code, Err: err}
	}
	return rs
}

func nonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
