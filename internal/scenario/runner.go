package scenario

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"strings"
	"time"
	"unicode/utf8"
)

// Runner plays scenarios against one server.
type Runner struct {
	// BaseURL is the server's API base, e.g. "http://127.0.0.1:8081" (no trailing slash).
	BaseURL string
	// Token is the access token (sent as Basic base64(token)). It is never logged or recorded.
	Token string
	// Client sends the requests (default: a client with a 30 s timeout).
	Client *http.Client
	// Media drives publish, unpublish, unreachable and reachable steps. Without one those
	// steps fail (their entries carry the error).
	Media Media
	// Vars override the scenario's variables.
	Vars map[string]string
	// Skip, when set, is asked about every step (after expansion); a step it names a reason for
	// is left out of the transcript.
	Skip func(Step) string
	// Logf, when set, receives one line per step.
	Logf func(format string, args ...any)
	// Sleep, when set, replaces waiting in real time: sleep steps and the polling interval of
	// wait_for steps call it instead (a replay against a mock on a fake clock advances the clock
	// here). A wait_for step then gives up after its timeout in slept time.
	Sleep func(ctx context.Context, d time.Duration)
}

// BadToken is what Auth "bad" sends instead of the access token.
const BadToken = "not-the-access-token"

// Run plays every step of sc in order and returns one entry per step (sleeps excepted). A step
// that fails (a connection error, a failed publish) is recorded with its Error and the run goes
// on; Run itself fails only when the context ends or a variable is unbound.
func (r *Runner) Run(ctx context.Context, sc *Scenario) (Transcript, error) {
	vars := maps.Clone(sc.Vars)
	if vars == nil {
		vars = map[string]string{}
	}
	maps.Copy(vars, r.Vars)
	var t Transcript
	for _, raw := range sc.Steps {
		if err := ctx.Err(); err != nil {
			return t, err
		}
		s, err := raw.Expand(vars)
		if err != nil {
			return t, err
		}
		if r.Skip != nil {
			if reason := r.Skip(s); reason != "" {
				r.logf("skip  %-45s %s", s.Name, reason)
				continue
			}
		}
		e, ok := r.Do(ctx, s)
		if ok {
			t = append(t, e)
		}
	}
	return t, nil
}

func (r *Runner) logf(format string, args ...any) {
	if r.Logf != nil {
		r.Logf(format, args...)
	}
}

// Do performs one expanded step. ok is false for steps that leave no entry (sleeps).
func (r *Runner) Do(ctx context.Context, s Step) (e Entry, ok bool) {
	start := time.Now()
	defer func() {
		if ok {
			status := fmt.Sprint(e.Status)
			if e.Error != "" {
				status = "error: " + e.Error
			}
			r.logf("%-6s %-45s %s (%d ms)", e.Method, s.Name, status, time.Since(start).Milliseconds())
		}
	}()
	switch s.Kind() {
	case KindRequest:
		return r.request(ctx, s), true
	case KindSleep:
		r.sleep(ctx, time.Duration(s.SleepMs)*time.Millisecond)
		return Entry{}, false
	case KindWait:
		e := Entry{Name: s.Name, Method: MethodWait, Path: s.WaitFor.Path}
		if err := r.WaitFor(ctx, *s.WaitFor); err != nil {
			e.Error = err.Error()
		}
		return e, true
	case KindShell:
		return Entry{Name: s.Name, Method: MethodShell, Error: "shell steps are not run"}, true
	case KindFile:
		e := Entry{Name: s.Name, Method: MethodFile}
		var err error
		if s.Certificate != "" {
			err = WriteCertificate(s.Certificate)
		} else {
			err = os.WriteFile(s.WriteFile.Path, []byte(s.WriteFile.Content), 0o600)
		}
		if err != nil {
			e.Error = err.Error()
		}
		return e, true
	}
	e = Entry{Name: s.Name, Method: MethodMedia}
	var err error
	switch {
	case r.Media == nil:
		err = errors.New("no media driver")
	case s.Publish != nil:
		err = r.Media.Publish(ctx, *s.Publish)
	case s.Unpublish != nil:
		err = r.Media.Unpublish(ctx, *s.Unpublish)
	case s.Unreachable != "":
		err = r.Media.SetReachable(ctx, s.Unreachable, false)
	case s.Reachable != "":
		err = r.Media.SetReachable(ctx, s.Reachable, true)
	}
	if err != nil {
		e.Error = err.Error()
	}
	return e, true
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func (r *Runner) client() *http.Client {
	if r.Client != nil {
		return r.Client
	}
	return &http.Client{Timeout: 30 * time.Second}
}

// Authorization returns the Authorization header value an Auth mode sends ("" for none).
func Authorization(token, auth string) string {
	switch auth {
	case "none":
		return ""
	case "bad":
		token = BadToken
	case "colon":
		token += ":"
	case "lower":
		return "basic " + base64.StdEncoding.EncodeToString([]byte(token))
	}
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(token))
}

func (r *Runner) request(ctx context.Context, s Step) Entry {
	e := Entry{Name: s.Name, Method: s.Method, Path: s.Path, Auth: s.Auth}
	body, hasBody, err := s.RequestBody()
	if err != nil {
		e.Error = err.Error()
		return e
	}
	switch {
	case s.Raw != nil:
		e.RawRequest = s.Raw
	case s.RawBase64 != "":
		if utf8.Valid(body) {
			raw := string(body)
			e.RawRequest = &raw
		} else {
			e.RawRequestBase64 = s.RawBase64
		}
	case hasBody:
		e.Request = body
	}
	var rd io.Reader
	if hasBody {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, s.Method, r.BaseURL, rd)
	if err != nil {
		e.Error = err.Error()
		return e
	}
	// OME never percent-decodes a path: send it exactly as written, in origin form
	// ("POST /v1/vhosts HTTP/1.1", as curl does; an Opaque starting with "//" would make Go send
	// the absolute form, which OME echoes differently in its 502 messages).
	path, query, _ := strings.Cut(s.Path, "?")
	req.URL.Opaque = strings.TrimSuffix(req.URL.Path, "/") + path
	req.URL.RawQuery = query
	if hasBody {
		req.Header.Set("Content-Type", "application/json")
	}
	if a := Authorization(r.Token, s.Auth); a != "" {
		req.Header.Set("Authorization", a)
	}
	for k, v := range s.Headers {
		req.Header.Set(k, v)
	}
	resp, err := r.client().Do(req)
	if err != nil {
		e.Error = redact(err.Error(), r.Token)
		return e
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		e.Error = fmt.Sprintf("reading the answer: %v", err)
	}
	e.Status = resp.StatusCode
	e.ContentType = resp.Header.Get("Content-Type")
	e.Headers = Headers(resp.Header)
	if len(bytes.TrimSpace(data)) > 0 {
		if _, err := decodeJSON(data); err == nil {
			e.Body = bytes.TrimSpace(data)
		} else {
			raw := string(data)
			e.RawBody = &raw
		}
	}
	return e
}

// redact removes the token from a message (a URL with credentials in an error, say).
func redact(msg, token string) string {
	if token == "" {
		return msg
	}
	return strings.ReplaceAll(msg, token, "<token>")
}

// WaitFor polls w.Path until it answers w.Status or the timeout passes.
func (r *Runner) WaitFor(ctx context.Context, w WaitFor) error {
	timeout := time.Duration(w.TimeoutMs) * time.Millisecond
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	const poll = 100 * time.Millisecond
	if r.Sleep != nil {
		last := 0
		for slept := time.Duration(0); ; slept += poll {
			e := r.request(ctx, Step{Name: "wait", Method: http.MethodGet, Path: w.Path})
			if e.Status == w.Status {
				return nil
			}
			last = e.Status
			if slept >= timeout || ctx.Err() != nil {
				return fmt.Errorf("GET %s: still %d after %v, want %d", w.Path, last, timeout, w.Status)
			}
			r.Sleep(ctx, poll)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	last := 0
	for {
		e := r.request(ctx, Step{Name: "wait", Method: http.MethodGet, Path: w.Path})
		if e.Status == w.Status {
			return nil
		}
		last = e.Status
		select {
		case <-ctx.Done():
			return fmt.Errorf("GET %s: still %d after %v, want %d", w.Path, last, timeout, w.Status)
		case <-time.After(poll):
		}
	}
}

func (r *Runner) sleep(ctx context.Context, d time.Duration) {
	if r.Sleep != nil {
		r.Sleep(ctx, d)
		return
	}
	sleep(ctx, d)
}
