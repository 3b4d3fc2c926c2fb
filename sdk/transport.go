package sdk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy configures retries of safe calls (see WithRetry).
type RetryPolicy struct {
	// MaxAttempts is the total number of tries, including the first (at least 2 to retry at all).
	MaxAttempts int
	// MinBackoff is the wait before the first retry; it doubles on every further retry.
	MinBackoff time.Duration
	// MaxBackoff caps the wait (and any Retry-After the server sends).
	MaxBackoff time.Duration
}

// WithRetry retries safe calls — GETs and the read-only list/status actions (:pushes,
// :records, :hlsDumps, :sttStatus) — on network errors and on 429, 502, 503 and 504, with
// exponential backoff and full jitter, honouring Retry-After and the context. Calls that change
// state are never retried. Retries are off by default.
func WithRetry(p RetryPolicy) Option {
	return func(s *settings) error {
		if p.MaxAttempts < 1 || p.MinBackoff < 0 || p.MaxBackoff < p.MinBackoff {
			return fmt.Errorf("sdk: invalid retry policy %+v", p)
		}
		s.retry = &p
		return nil
	}
}

// transport sends requests for the generated client: logging, and retries of safe calls.
type transport struct {
	httpc *http.Client
	retry *RetryPolicy
	log   *slog.Logger
	sleep func(ctx context.Context, d time.Duration) error // tests replace it
}

// readOnlyActions are POST actions that only read.
var readOnlyActions = []string{":pushes", ":records", ":hlsDumps", ":sttStatus"}

func isSafe(r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	if r.Method != http.MethodPost {
		return false
	}
	for _, a := range readOnlyActions {
		if strings.HasSuffix(r.URL.Path, a) {
			return true
		}
	}
	return false
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

func (t *transport) Do(req *http.Request) (*http.Response, error) {
	attempts := 1
	if t.retry != nil && isSafe(req) {
		attempts = t.retry.MaxAttempts
	}
	ctx := req.Context()
	for try := 1; ; try++ {
		r := req
		if try > 1 {
			r = req.Clone(ctx)
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				r.Body = body
			}
		}
		start := time.Now()
		res, err := t.httpc.Do(r)
		if !t.log.Enabled(ctx, slog.LevelDebug) {
			// nothing to log
		} else if err != nil {
			t.log.DebugContext(ctx, "ome request failed", "method", r.Method, "url", redact(r.URL), "attempt", try, "error", err)
		} else {
			t.log.DebugContext(ctx, "ome request", "method", r.Method, "url", redact(r.URL), "status", res.StatusCode,
				"attempt", try, "duration", time.Since(start))
		}
		if try >= attempts || ctx.Err() != nil || (err == nil && !retryableStatus(res.StatusCode)) || errors.Is(err, ErrRedirect) {
			// A refused redirect is the server's steady answer, not a transient failure.
			return res, err
		}
		wait := t.backoff(try, res)
		if res != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<16))
			res.Body.Close()
		}
		if err := t.wait(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// backoff is full-jitter exponential backoff, or the server's Retry-After when it gives one.
func (t *transport) backoff(try int, res *http.Response) time.Duration {
	p := t.retry
	if res != nil {
		if ra := res.Header.Get("Retry-After"); ra != "" {
			if secs, err := strconv.Atoi(ra); err == nil && secs >= 0 {
				return min(time.Duration(secs)*time.Second, p.MaxBackoff)
			}
			if at, err := http.ParseTime(ra); err == nil {
				return min(max(time.Until(at), 0), p.MaxBackoff)
			}
		}
	}
	ceiling := p.MinBackoff << (try - 1)
	if ceiling > p.MaxBackoff || ceiling <= 0 {
		ceiling = p.MaxBackoff
	}
	if ceiling <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(ceiling) + 1))
}

func (t *transport) wait(ctx context.Context, d time.Duration) error {
	if t.sleep != nil {
		return t.sleep(ctx, d)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
