package sdk

import (
	"context"
	"errors"
	"testing"
	"time"
)

const appPath = "/v1/vhosts/default/apps/app"

func jobsCases() []svcCase {
	epoch := time.Unix(0, 0)
	return []svcCase{
		{op: "startPush", name: "rtmp", method: "POST", path: appPath + ":startPush", body: "JobsStartPushRTMPRequest", answer: "JobsStartPushCreated",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Push.Start(ctx, "default", "app", StartPushRequest{
					ID:        "push-youtube",
					Stream:    JobStreamRequest{Name: "stream", VariantNames: []string{"h264_720p", "aac_128k"}},
					Protocol:  PushProtocolRTMP,
					URL:       "rtmp://a.rtmp.youtube.com/live2",
					StreamKey: "abcd-efgh-ijkl-mnop",
				})
			},
			check: check(func(t *testing.T, p *Push) {
				if p.ID != "push-youtube" || p.State != PushStateReady || p.Protocol != PushProtocolRTMP || p.IsConfig || p.StreamKey != "abcd-efgh-ijkl-mnop" {
					t.Errorf("push %+v", p)
				}
				if !p.CreatedTime.Equal(at(2026, 11, 26, 9, 30, 12, 345)) || !p.StartTime.Equal(epoch) || !p.FinishTime.Equal(epoch) {
					t.Errorf("times %v %v %v", p.CreatedTime, p.StartTime, p.FinishTime)
				}
				diff(t, "stream", JobStream{Name: "stream", TrackIDs: []int{}, VariantNames: []string{"h264_720p", "aac_128k"}}, p.Stream)
			})},
		{op: "startPush", name: "srt", method: "POST", path: appPath + ":startPush", body: "JobsStartPushSRTRequest", answer: "JobsStartPushCreated",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Push.Start(ctx, "default", "app", StartPushRequest{ID: "push-srt", Stream: JobStreamRequest{Name: "stream"},
					Protocol: "srt", URL: "srt://203.0.113.10:9999?mode=caller&latency=120000"})
			},
			check: check(func(*testing.T, *Push) {})},
		{op: "startPush", name: "mpegts tracks", method: "POST", path: appPath + ":startPush", body: "JobsStartPushMPEGTSRequest", answer: "JobsStartPushCreated",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Push.Start(ctx, "default", "app", StartPushRequest{ID: "push-udp", Stream: JobStreamRequest{Name: "stream", TrackIDs: []int{0, 1}},
					Protocol: "mpegts", URL: "udp://239.0.0.1:5000"})
			},
			check: check(func(*testing.T, *Push) {})},
		{op: "startPush", name: "duplicate id is 400", method: "POST", path: appPath + ":startPush", body: "*", status: 400, answer: "JobsPushDuplicateID",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Push.Start(ctx, "default", "app", StartPushRequest{ID: "push-youtube", Stream: JobStreamRequest{Name: "stream"}, Protocol: "rtmp", URL: "rtmp://h/a"})
			},
			check: func(t *testing.T, got any, err error) {
				wantAPIError(400, "Duplicate ID", ErrBadRequest)(t, got, err)
				if errors.Is(err, ErrConflict) {
					t.Error("a duplicate push id matched ErrConflict")
				}
			}},
		{op: "stopPush", name: "ok", method: "POST", path: appPath + ":stopPush", body: "JobsPushIDRequest", answer: "OK",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Push.Stop(ctx, "default", "app", "push-youtube"))
			}},
		{op: "stopPush", name: "unknown id", method: "POST", path: appPath + ":stopPush", body: "JobsPushIDRequest", status: 404, answer: "JobsPushIDNotFound",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Push.Stop(ctx, "default", "app", "push-youtube"))
			},
			check: wantAPIError(404, "Could not find id 'push-youtube': [default/app]", ErrNotFound)},
		{op: "listPushes", name: "all", method: "POST", path: appPath + ":pushes", body: "JobsListAllRequest", answer: "JobsPushList",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Push.List(ctx, "default", "app", "") },
			check: check(func(t *testing.T, ps []Push) {
				if len(ps) != 2 || ps[0].ID != "push-srt" || ps[0].State != PushStatePushing || ps[0].TotalsentBytes != 75497472 ||
					ps[0].Sequence != 1 || ps[0].StreamKey != "" || ps[1].Stream.Name != "stream_720p" {
					t.Errorf("pushes %+v", ps)
				}
			})},
		{op: "listPushes", name: "by id", method: "POST", path: appPath + ":pushes", body: "JobsPushIDRequest", answer: "JobsEmptyList",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Push.List(ctx, "default", "app", "push-youtube")
			},
			check: check(func(t *testing.T, ps []Push) {
				if len(ps) != 0 {
					t.Errorf("pushes %+v", ps)
				}
			})},

		{op: "startRecord", name: "single", method: "POST", path: appPath + ":startRecord", body: "JobsStartRecordRequest", answer: "JobsStartRecordRecording",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Recording.Start(ctx, "default", "app", StartRecordRequest{ID: "rec-1", Stream: JobStreamRequest{Name: "stream"}, Metadata: "match 42, camera 2"})
			},
			check: check(func(t *testing.T, r *Record) {
				if r.ID != "rec-1" || r.State != RecordStateRecording || r.Metadata != "match 42, camera 2" || !r.FinishTime.IsZero() ||
					!r.StartTime.Equal(at(2026, 11, 26, 9, 30, 12, 351)) || r.SegmentationRule != RecordSegmentationRuleDiscontinuity {
					t.Errorf("record %+v", r)
				}
			})},
		{op: "startRecord", name: "interval", method: "POST", path: appPath + ":startRecord", body: "JobsStartRecordIntervalRequest", answer: "JobsStartRecordReserved",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Recording.Start(ctx, "default", "app", StartRecordRequest{ID: "rec-split", Stream: JobStreamRequest{Name: "stream"},
					Interval: int32(60000), SegmentationRule: RecordSegmentationRuleDiscontinuity})
			},
			check: check(func(t *testing.T, r *Record) {
				if r.State != RecordStateReady || r.Interval != 60000 || !r.StartTime.IsZero() || r.Sequence != 0 {
					t.Errorf("record %+v", r)
				}
			})},
		{op: "startRecord", name: "schedule", method: "POST", path: appPath + ":startRecord", body: "JobsStartRecordScheduleRequest", answer: "JobsStartRecordReserved",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Recording.Start(ctx, "default", "app", StartRecordRequest{
					ID:               "rec-clock",
					Stream:           JobStreamRequest{Name: "stream", VariantNames: []string{"h264_1080p", "aac_128k"}},
					Schedule:         "0 */10 *",
					SegmentationRule: RecordSegmentationRuleContinuity,
					FilePath:         "/var/recordings/${Stream}_${StartTime:YYYYMMDDhhmmss}.mp4",
					InfoPath:         "/var/recordings/${Stream}_${StartTime:YYYYMMDDhhmmss}.xml",
				})
			},
			check: check(func(*testing.T, *Record) {})},
		{op: "startRecord", name: "no file publisher", method: "POST", path: appPath + ":startRecord", body: "*", status: 404, answer: "JobsPublisherAppNotFound",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Recording.Start(ctx, "default", "app", StartRecordRequest{ID: "rec-1", Stream: JobStreamRequest{Name: "stream"}})
			},
			check: wantAPIError(404, "Could not find application: [default/app]", ErrNotFound)},
		{op: "stopRecord", name: "ok", method: "POST", path: appPath + ":stopRecord", body: "JobsRecordIDRequest", answer: "JobsStopRecordStopping",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Recording.Stop(ctx, "default", "app", "rec-1")
			},
			check: check(func(t *testing.T, r *Record) {
				if r.State != RecordStateStopping || r.TotalRecordBytes != 31457280 || r.RecordTime != 85000 ||
					r.OutputFilePath != "/opt/ovenmediaengine/bin/default/app/stream/2026/11/26/rec-1_2026-11-26T09-30-12.mp4" {
					t.Errorf("record %+v", r)
				}
			})},
		{op: "stopRecord", name: "unknown id", method: "POST", path: appPath + ":stopRecord", body: "JobsRecordIDRequest", status: 404, answer: "JobsRecordIDNotFound",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Recording.Stop(ctx, "default", "app", "rec-1")
			},
			check: wantAPIError(404, "There is no record information related to the ID [rec-1]", ErrNotFound)},
		{op: "listRecords", name: "all", method: "POST", path: appPath + ":records", body: "JobsListAllRequest", answer: "JobsRecordList",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Recording.List(ctx, "default", "app", "") },
			check: check(func(t *testing.T, rs []Record) {
				if len(rs) != 2 || rs[0].ID != "rec-clock" || rs[0].Schedule != "0 */10 *" || rs[1].Sequence != 1 || rs[1].State != RecordStateRecording {
					t.Errorf("records %+v", rs)
				}
			})},
		{op: "listRecords", name: "by id", method: "POST", path: appPath + ":records", body: "JobsRecordIDRequest", answer: "JobsEmptyList",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Recording.List(ctx, "default", "app", "rec-1")
			},
			check: check(func(t *testing.T, rs []Record) {
				if len(rs) != 0 {
					t.Errorf("records %+v", rs)
				}
			})},
	}
}

func TestJobServices(t *testing.T) {
	t.Parallel()
	runSvcCases(t, jobsCases())
}
