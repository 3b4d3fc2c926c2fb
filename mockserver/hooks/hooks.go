// Package hooks drives the test hooks of an ome-mock server from Go: make a stream appear or go
// (as if an encoder published it), add traffic to its statistics, make a pull URL unreachable,
// and reset the mock to its Server.xml. OvenMediaEngine's own API has no such calls; the mock
// serves them under /_mock, behind the same Basic authentication as the API.
//
// Use it when the mock runs in another process (go run ./mockserver/cmd/ome-mock, a container,
// a CI service), for example from the tests of a Go service that talks to OME over HTTP. In the
// same process, call the *mockserver.Server methods of the same names instead. The package
// imports nothing but the standard library.
//
//	h, err := hooks.New("http://127.0.0.1:8081", "ome-access-token")
//	if err != nil { … }
//	err = h.Publish(ctx, "default", "app", hooks.Stream{Name: "cam"})
//	…
//	err = h.Reset(ctx) // back to the Server.xml state for the next test
package hooks

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Prefix is where ome-mock serves its hooks, outside OME's /v1.
const Prefix = "/_mock"

// Stream describes a stream a simulated encoder publishes (Client.Publish, and
// mockserver.Server.PublishStream in the same process).
type Stream struct {
	// Name is the stream name (required).
	Name string `json:"name"`
	// SourceType is the provider as OME names it in input.sourceType: "Rtmp" (the default),
	// "SRT", "WebRTC", "MPEGTS", "Rtsp", "RtspPull", "Ovt", … (matched without regard to case).
	// "Unknown" publishes a stream whose provider cannot be found, so the actions that need the
	// provider-side stream answer 404 and deleting it answers 404 "Could not terminate the stream".
	SourceType string `json:"sourceType,omitempty"`
	// SourceURL is input.sourceUrl; when empty, providers that report the peer address get a
	// plausible one ("TCP://127.0.0.1:<port>").
	SourceURL string `json:"sourceUrl,omitempty"`
	// Tracks are the input tracks. Nil means the default: H264 1280x720 at 30 fps and AAC 48 kHz
	// stereo. An empty, non-nil slice publishes a stream whose media has not started: it has no
	// tracks and no output streams yet, and actions that need the media time answer 500.
	Tracks []Track `json:"tracks,omitempty"`
	// NoDataTrack leaves out the data track OME gives every stream (after its media tracks), so
	// that :sendEvent answers 500 as for a stream without one.
	NoDataTrack bool `json:"noDataTrack,omitempty"`
	// DataTrack is ignored: every stream has a data track (see NoDataTrack).
	//
	// Deprecated: it is accepted for requests written for earlier versions of the mock.
	DataTrack bool `json:"dataTrack,omitempty"`
}

// Track is one media track of a Stream. Zero fields take the defaults of their kind.
type Track struct {
	// Type is "Video" or "Audio" (required; matched without regard to case).
	Type string `json:"type"`
	// Name is the variant name (default "Video" or "Audio").
	Name string `json:"name,omitempty"`
	// Codec is an OME codec name: H264 (video default), H265, VP8, VP9, AV1, AAC (audio default),
	// OPUS, MP3, MP2 (matched without regard to case).
	Codec string `json:"codec,omitempty"`
	// Width and Height of a video track (default 1280x720).
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// Framerate of a video track (default 30).
	Framerate float64 `json:"framerate,omitempty"`
	// Bitrate in bits per second (default 2500000 for video, 128000 for audio).
	Bitrate int `json:"bitrate,omitempty"`
	// Samplerate in Hz (default 48000) and Channels (default 2) of an audio track.
	Samplerate int `json:"samplerate,omitempty"`
	Channels   int `json:"channels,omitempty"`
	// Language of the track, if any (e.g. "en").
	Language string `json:"language,omitempty"`
}

// Traffic is what a stream received and sent during one measurement window (Client.AddTraffic,
// and mockserver.Server.AddTraffic in the same process).
type Traffic struct {
	// BytesIn and BytesOut are the bytes received from the provider and sent by all publishers.
	BytesIn  int64 `json:"bytesIn,omitempty"`
	BytesOut int64 `json:"bytesOut,omitempty"`
	// Interval is the length of the window (default one second).
	Interval time.Duration `json:"-"`
	// Connections changes the current sessions per publisher: keys "webrtc", "llhls", "ovt",
	// "file", "push", "thumbnail", "hlsv3", "srt"; a negative value ends sessions.
	Connections map[string]int `json:"connections,omitempty"`
}

// Bounds of the numbers in a Stream or a Traffic: the mock refuses larger ones (400), so that what
// it reports never overflows.
const (
	// MaxFramerate is the largest Track.Framerate, in frames per second.
	MaxFramerate = 1e6
	// MaxIntervalMs is the longest Traffic.Interval in milliseconds (time.Duration's range).
	MaxIntervalMs = math.MaxInt64 / int64(time.Millisecond)
	// MaxConnectionChange bounds each value of Traffic.Connections, either way.
	MaxConnectionChange = math.MaxInt32
	// MaxNameBytes bounds the length of Stream.Name, and of every name the mock accepts through
	// its API (virtual hosts, applications, output profiles): OME has no limit, the mock keeps
	// every name it accepts short enough to be used in a request path.
	MaxNameBytes = 1024
)

// Validate reports the first thing in s the mock refuses whatever its state: no name or one
// longer than MaxNameBytes, a negative number, or a frame rate that is not a finite number between 0 and MaxFramerate. (Unknown source
// types, track types and codecs are the mock's to judge.)
func (s Stream) Validate() error {
	if s.Name == "" {
		return errors.New("Stream name is required")
	}
	if len(s.Name) > MaxNameBytes {
		return fmt.Errorf("Stream name is too long: %d bytes (the mock accepts at most %d)", len(s.Name), MaxNameBytes)
	}
	for i, t := range s.Tracks {
		if t.Width < 0 || t.Height < 0 || t.Bitrate < 0 || t.Samplerate < 0 || t.Channels < 0 || t.Framerate < 0 {
			return fmt.Errorf("Track %d: values must not be negative", i)
		}
		if math.IsNaN(t.Framerate) || math.IsInf(t.Framerate, 0) || t.Framerate > MaxFramerate {
			return fmt.Errorf("Track %d: framerate must be a number from 0 to %g, not %g", i, float64(MaxFramerate), t.Framerate)
		}
	}
	return nil
}

// Validate reports the first thing in t the mock refuses whatever its state: negative bytes or
// interval, or a change of sessions beyond ±MaxConnectionChange. (Unknown publisher keys, and
// changes that would leave a negative number of sessions, are the mock's to judge.)
func (t Traffic) Validate() error {
	if t.BytesIn < 0 || t.BytesOut < 0 || t.Interval < 0 {
		return errors.New("Bytes and interval must not be negative")
	}
	for k, d := range t.Connections {
		if d > MaxConnectionChange || d < -MaxConnectionChange {
			return fmt.Errorf("Connections of %s: a change must be between -%d and %d, not %d", k, MaxConnectionChange, MaxConnectionChange, d)
		}
	}
	return nil
}

// Client calls the hooks of one ome-mock. It is safe for concurrent use.
type Client struct {
	base  string
	auth  string
	httpc *http.Client
}

// Option configures New.
type Option func(*Client) error

// WithHTTPClient sets the HTTP client (default: one with a 10 s timeout).
func WithHTTPClient(c *http.Client) Option {
	return func(cl *Client) error {
		if c == nil {
			return errors.New("hooks: nil HTTP client")
		}
		cl.httpc = c
		return nil
	}
}

// New returns a client for the mock at baseURL (the URL of its API, e.g. "http://127.0.0.1:8081")
// that authenticates with token, the mock's access token.
func New(baseURL, token string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("hooks: base URL %q must be an absolute http or https URL", baseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("hooks: base URL %q must not have credentials, a query or a fragment", u.Redacted())
	}
	if token == "" {
		return nil, errors.New("hooks: empty access token")
	}
	c := &Client{
		base:  strings.TrimSuffix(u.String(), "/") + Prefix,
		auth:  "Basic " + base64.StdEncoding.EncodeToString([]byte(token)),
		httpc: &http.Client{Timeout: 10 * time.Second},
	}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Error is a hook the mock refused: OME's error format, with the status of the failure (400 for
// a bad description, 404 for an unknown virtual host, application or stream, 409 for a stream
// that already exists).
type Error struct {
	StatusCode int
	Message    string
}

func (e *Error) Error() string { return fmt.Sprintf("hooks: %d %s", e.StatusCode, e.Message) }

// refused is the 400 the mock answers to a description Validate refuses (some of which, such as
// a NaN, could not even be sent as JSON).
func refused(err error) *Error {
	return &Error{StatusCode: http.StatusBadRequest, Message: "[HTTP] " + err.Error() + " (400)"}
}

// Publish makes a stream appear in an application, as if an encoder had started publishing. A
// stream that Stream.Validate refuses is not sent: the error is the *Error the mock would answer.
func (c *Client) Publish(ctx context.Context, vhost, app string, s Stream) error {
	if err := s.Validate(); err != nil {
		return refused(err)
	}
	return c.post(ctx, "/streams/publish", struct {
		Vhost string `json:"vhost"`
		App   string `json:"app"`
		Stream
	}{vhost, app, s})
}

// Unpublish ends a stream, as if its encoder had disconnected.
func (c *Client) Unpublish(ctx context.Context, vhost, app, name string) error {
	return c.post(ctx, "/streams/unpublish", map[string]string{"vhost": vhost, "app": app, "name": name})
}

// AddTraffic adds one measurement window of traffic to a stream's statistics (and to those of
// its application, virtual host and the server). Traffic that Traffic.Validate refuses is not
// sent: the error is the *Error the mock would answer.
func (c *Client) AddTraffic(ctx context.Context, vhost, app, stream string, t Traffic) error {
	if err := t.Validate(); err != nil {
		return refused(err)
	}
	return c.post(ctx, "/traffic", struct {
		Vhost      string `json:"vhost"`
		App        string `json:"app"`
		Stream     string `json:"stream"`
		IntervalMs int64  `json:"intervalMs,omitempty"`
		Traffic
	}{vhost, app, stream, t.Interval.Milliseconds(), t})
}

// MarkUnreachable makes pulls of pullURL fail: creating a stream that pulls only unreachable URLs
// answers 502, as OME does when it cannot connect.
func (c *Client) MarkUnreachable(ctx context.Context, pullURL string) error {
	return c.post(ctx, "/unreachable", map[string]string{"url": pullURL})
}

// MarkReachable undoes MarkUnreachable.
func (c *Client) MarkReachable(ctx context.Context, pullURL string) error {
	return c.post(ctx, "/reachable", map[string]string{"url": pullURL})
}

// Reset drops everything created since the mock started and reseeds it from its Server.xml.
func (c *Client) Reset(ctx context.Context) error {
	return c.post(ctx, "/reset", struct{}{})
}

func (c *Client) post(ctx context.Context, path string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("hooks: encode request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", c.auth)
	res, err := c.httpc.Do(req)
	if err != nil {
		return fmt.Errorf("hooks: POST %s: %w", Prefix+path, err)
	}
	defer res.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("hooks: POST %s: %w", Prefix+path, err)
	}
	if res.StatusCode >= 200 && res.StatusCode <= 299 {
		return nil
	}
	var env struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(answer, &env) != nil || env.Message == "" {
		env.Message = strings.TrimSpace(string(answer))
	}
	return &Error{StatusCode: res.StatusCode, Message: env.Message}
}
