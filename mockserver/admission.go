package mockserver

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// This file simulates OME's AdmissionWebhooks for streams published through the test hooks:
// before a simulated encoder may publish, the mock asks the control server configured in the
// virtual host, as OME does (openapi/ome-webhooks.yaml describes the exchange).
//
// What the mock does, following OME 0.21:
//   - It asks only when the virtual host's configuration has admissionWebhooks and the provider
//     is listed in enables.providers (a comma-separated list, compared without regard to case;
//     the names are OME's provider names: RTMP, SRT, WebRTC).
//   - It POSTs {client, request} with direction "incoming" and status "opening", signed with
//     X-OME-Signature = base64url without padding of HMAC-SHA1(secretKey, body), and waits at most
//     admissionWebhooks.timeout milliseconds (default 3000). OME reads the timeout as a 32-bit
//     integer (see omeInt32: "1500" and 1500 are 1.5 s, "2500.9" is 2.5 s, and anything it cannot
//     read, such as "soon" or a number beyond 32 bits, is 0), and waits without any deadline when
//     it is 0 or negative (testdata/admission-timeout records this of OME 0.21.0). The mock never
//     waits longer than maxAdmissionWait, and never longer than the request that published the
//     stream lives: the call is made with that request's context.
//   - Only a 200 answer whose JSON has "allowed": true admits the stream. "allowed": false, any
//     other status, an answer that is not JSON, an "allowed" that is not a boolean, a connection
//     failure and a timeout all refuse it: OME fails closed.
//   - new_url and lifetime in the answer are accepted but not applied (the mock has no media
//     sessions to redirect or cut off).
//
// Only the URL written in the configuration is ever called, and only with http or https;
// ${env:...} references in it are not expanded. Redirects are not followed and proxies from the
// environment are not used.

// errAdmissionDenied is the kind of every refusal by admit (HTTP status 403).
var errAdmissionDenied = errors.New("admission denied")

// defaultAdmissionTimeout is OME's default <AdmissionWebhooks><Timeout>.
const defaultAdmissionTimeout = 3000 * time.Millisecond

// maxAdmissionWait bounds the mock's wait for a control server: OME waits as long as the
// configured timeout, or without a deadline when it is not positive; the mock gives up after this
// much, so that a hook call (and the test waiting for it) cannot hang.
const maxAdmissionWait = 30 * time.Second

// maxAdmissionAnswer bounds how much of the control server's answer is read.
const maxAdmissionAnswer = 1 << 20

// simulatedClientAddress and simulatedClientPort are the peer a simulated encoder connects from.
const (
	simulatedClientAddress = "127.0.0.1"
	simulatedClientPort    = 50000
)

// admissionClient talks to control servers: no proxy from the environment, no redirects (a 3xx
// is a non-200 answer, hence a refusal). Deadlines come from each request's context.
var admissionClient = &http.Client{
	Transport: &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{}).DialContext,
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     30 * time.Second,
	},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// admissionProtocol is OME's provider name for a source type, as used in
// <AdmissionWebhooks><Enables><Providers> and in request.protocol, or "" when OME never asks
// the control server about streams of that type (pulls, OVT, RTSP, MPEG-TS, channels, the
// transcoder's own streams).
func admissionProtocol(src wire.StreamSourceType) string {
	switch src {
	case wire.StreamSourceTypeRTMP:
		return "RTMP"
	case wire.StreamSourceTypeSRT:
		return "SRT"
	case wire.StreamSourceTypeWebRTC:
		return "WebRTC"
	}
	return ""
}

// admissionConfig is the part of a virtual host's configuration admit reads.
type admissionConfig struct {
	url      string
	secret   string
	timeout  time.Duration
	host     string // the host name a client would use for this virtual host
	enabled  bool   // admissionWebhooks is configured and the provider is enabled in it
	badValue string // a configuration error that refuses every admission
}

// admit asks the control server of the virtual host whether a client may publish stream to
// app over protocol (an OME provider name such as "RTMP"; see admissionProtocol). It returns
// nil when the stream is admitted or the virtual host does not use AdmissionWebhooks for that
// provider (or does not exist, or protocol is ""), and a 403 error of kind errAdmissionDenied
// otherwise. It must be called without the store lock held: it waits for the network.
func (s *Server) admit(ctx context.Context, vhost, app, stream, protocol string) error {
	if protocol == "" {
		return nil
	}
	var raw json.RawMessage
	_ = s.st.view(func() error {
		if vh := s.st.vhosts[vhost]; vh != nil {
			raw = append(json.RawMessage(nil), vh.config...)
		}
		return nil
	})
	if raw == nil {
		return nil
	}
	cfg := parseAdmissionConfig(raw, protocol)
	if !cfg.enabled {
		return nil
	}
	if cfg.badValue != "" {
		return denied("the AdmissionWebhooks configuration is invalid: %s", cfg.badValue)
	}
	requested := clientURL(protocol, cfg.host, app, stream)
	body, err := json.Marshal(admissionBody{
		Client: admissionPeer{Address: simulatedClientAddress, Port: simulatedClientPort, RealIP: simulatedClientAddress},
		Request: admissionSession{
			Direction: "incoming",
			Protocol:  protocol,
			Status:    "opening",
			Time:      s.now().Format("2006-01-02T15:04:05.000-07:00"),
			URL:       requested,
		},
	})
	if err != nil {
		return err
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.url, bytes.NewReader(body))
	if err != nil {
		return denied("the AdmissionWebhooks configuration is invalid: controlServerUrl: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-OME-Signature", omeSignature(cfg.secret, body))
	start := time.Now()
	resp, err := admissionClient.Do(req)
	if err != nil {
		if parent.Err() != nil {
			s.log.Debug("admission webhook call cancelled with its request", "vhost", vhost, "app", app, "stream", stream, "err", err)
			return denied("the request ended before the control server answered")
		}
		if errors.Is(err, context.DeadlineExceeded) {
			s.log.Debug("admission webhook timed out", "vhost", vhost, "app", app, "stream", stream, "timeout", cfg.timeout)
			return denied("the control server did not answer within %d ms", cfg.timeout.Milliseconds())
		}
		s.log.Debug("admission webhook failed", "vhost", vhost, "app", app, "stream", stream, "err", err)
		return denied("the control server could not be reached")
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxAdmissionAnswer))
	s.log.Debug("admission webhook answered", "vhost", vhost, "app", app, "stream", stream, "status", resp.StatusCode, "elapsed", time.Since(start))
	if err != nil {
		if parent.Err() != nil {
			return denied("the request ended before the control server answered")
		}
		if ctx.Err() != nil {
			return denied("the control server did not answer within %d ms", cfg.timeout.Milliseconds())
		}
		return denied("reading the control server's answer failed")
	}
	if resp.StatusCode != http.StatusOK {
		return denied("the control server answered %d", resp.StatusCode)
	}
	var decision map[string]json.RawMessage
	if err := json.Unmarshal(answer, &decision); err != nil {
		return denied("the control server's answer is not a JSON object")
	}
	var allowed bool
	if a := decision["allowed"]; a == nil || string(a) == "null" || json.Unmarshal(a, &allowed) != nil {
		return denied(`the control server's answer has no boolean "allowed"`)
	}
	if allowed {
		return nil
	}
	var reason string
	if err := json.Unmarshal(decision["reason"], &reason); err != nil || reason == "" {
		reason = fmt.Sprintf("the control server refused %s from %s:%d", requested, simulatedClientAddress, simulatedClientPort)
	}
	return denied("%s", reason)
}

// denied is a refusal: 403 with the reason, of kind errAdmissionDenied.
func denied(format string, args ...any) *omeError {
	return &omeError{status: http.StatusForbidden, text: "Admission denied: " + fmt.Sprintf(format, args...), kind: errAdmissionDenied}
}

// admissionBody is the request OME sends, with its members in OME's (alphabetical) order.
type admissionBody struct {
	Client  admissionPeer    `json:"client"`
	Request admissionSession `json:"request"`
}

type admissionPeer struct {
	Address string `json:"address"`
	Port    int    `json:"port"`
	RealIP  string `json:"real_ip,omitempty"`
}

type admissionSession struct {
	Direction string `json:"direction"`
	Protocol  string `json:"protocol"`
	Status    string `json:"status"`
	Time      string `json:"time"`
	URL       string `json:"url"`
}

// omeSignature is X-OME-Signature: base64url without padding of HMAC-SHA1(secret, body). The
// mock computes it itself rather than with sdk/webhook, so that the SDK is checked against an
// independent implementation.
func omeSignature(secret string, body []byte) string {
	m := hmac.New(sha1.New, []byte(secret))
	m.Write(body)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// parseAdmissionConfig reads admissionWebhooks and host.names of a virtual host's configuration
// (values as OME echoes them: strings for Server.xml, any JSON type for API-created hosts).
func parseAdmissionConfig(raw json.RawMessage, protocol string) admissionConfig {
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil || top["admissionWebhooks"] == nil {
		return admissionConfig{}
	}
	var aw map[string]json.RawMessage
	if json.Unmarshal(top["admissionWebhooks"], &aw) != nil {
		return admissionConfig{}
	}
	var enables struct {
		Providers json.RawMessage `json:"providers"`
	}
	_ = json.Unmarshal(aw["enables"], &enables)
	if !listHas(scalarString(enables.Providers), protocol) {
		return admissionConfig{}
	}
	cfg := admissionConfig{enabled: true, timeout: defaultAdmissionTimeout, host: vhostHostName(top["host"])}
	cfg.url = scalarString(aw["controlServerUrl"])
	cfg.secret = scalarString(aw["secretKey"])
	if v, err := decodeJSON(aw["timeout"]); err == nil && v != nil {
		cfg.timeout = maxAdmissionWait // OME: no deadline at all
		if ms := omeInt32(v); ms > 0 {
			cfg.timeout = min(time.Duration(ms)*time.Millisecond, maxAdmissionWait)
		}
	}
	if u, err := url.Parse(cfg.url); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		cfg.badValue = "controlServerUrl must be an absolute http or https URL"
	}
	return cfg
}

// scalarString is a configuration scalar as text: a JSON string's content, or a number or
// boolean as written; "" for anything else.
func scalarString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return strconv.FormatBool(b)
	}
	return ""
}

// listHas reports whether the comma-separated list holds name, ignoring case and spaces.
func listHas(list, name string) bool {
	for _, item := range strings.Split(list, ",") {
		if strings.EqualFold(strings.TrimSpace(item), name) {
			return true
		}
	}
	return false
}

// vhostHostName is the first host name of the virtual host without a wildcard, or 127.0.0.1.
// host.names is an array, or (accepted on input) an object {"name": [...]}.
func vhostHostName(raw json.RawMessage) string {
	var host struct {
		Names json.RawMessage `json:"names"`
	}
	_ = json.Unmarshal(raw, &host)
	var names []string
	if json.Unmarshal(host.Names, &names) != nil {
		var wrapped struct {
			Name []string `json:"name"`
		}
		_ = json.Unmarshal(host.Names, &wrapped)
		names = wrapped.Name
	}
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" && !strings.Contains(n, "*") && !strings.Contains(n, "${") {
			return n
		}
	}
	return "127.0.0.1"
}

// clientURL is the URL a simulated encoder publishes to, with the providers' default ports.
func clientURL(protocol, host, app, stream string) string {
	scheme, port := "rtmp", "1935"
	switch protocol {
	case "SRT":
		scheme, port = "srt", "9999"
	case "WebRTC":
		scheme, port = "ws", "3333"
	}
	return scheme + "://" + net.JoinHostPort(host, port) + "/" + url.PathEscape(app) + "/" + url.PathEscape(stream)
}
