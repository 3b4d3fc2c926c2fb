package sdk

import (
	"context"
	"testing"
)

const (
	schedPath = "/v1/vhosts/default/apps/app/scheduledChannels"
	muxPath   = "/v1/vhosts/default/apps/app/multiplexChannels"
)

// exampleSchedule is the spec's ChannelsScheduleCreateRequest.
func exampleSchedule() Schedule {
	return Schedule{
		Stream: ScheduleStream{
			Name: "channel1", BypassTranscoder: false, VideoTrack: Ptr(true), AudioTrack: Ptr(true),
			AudioMap: []ScheduleAudioMapEntry{
				{Name: "English", Language: "eng"},
				{Name: "Korean", Language: "kor", Characteristics: "public.accessibility.describes-video"},
			},
			ErrorToleranceDurationMs: Ptr[int64](1000),
		},
		FallbackProgram: &ScheduleFallbackProgram{Items: []ScheduleItem{{URL: "file://fallback/standby.mp4"}}},
		Programs: []ScheduleProgram{
			{Name: "morning", Scheduled: "2026-11-26T09:00:00.000+09:00", Repeat: Ptr(true), Items: []ScheduleItem{
				{URL: "file://video/news.mp4", Start: int64(0), Duration: Ptr[int64](60000)},
				{URL: "stream://default/app/studio", Duration: Ptr[int64](1800000), ForwardData: true, FallbackOnErr: Ptr(true)},
			}},
			{Name: "evening", Scheduled: "2026-11-26T18:00:00+09", Items: []ScheduleItem{{URL: "file://video/movie.mp4"}}},
		},
	}
}

// exampleMultiplex is the spec's ChannelsMultiplexCreateRequest.
func exampleMultiplex() MultiplexProfile {
	return MultiplexProfile{
		OutputStream: MultiplexOutputStream{Name: "mux1"},
		SourceStreams: []MultiplexSourceStream{
			{Name: "input1", URL: "stream://default/app/input1", TrackMap: []MultiplexTrackMapEntry{
				{SourceTrackName: "bypass_video", NewTrackName: "input1_video", BitrateConf: int32(5000000), FramerateConf: int32(30)},
				{SourceTrackName: "bypass_audio", NewTrackName: "input1_audio", BitrateConf: int32(128000)},
				{SourceTrackName: "bypass_audio", NewTrackName: "input1_audio_kor", AudioIndex: Ptr[int32](1), Language: "kor", PublicName: "Korean"},
			}},
			{Name: "input2", URL: "stream://default/app/input2", TrackMap: []MultiplexTrackMapEntry{
				{SourceTrackName: "bypass_video", NewTrackName: "input2_video", BitrateConf: int32(1000000), FramerateConf: int32(30)},
				{SourceTrackName: "bypass_audio", NewTrackName: "input2_audio", BitrateConf: int32(128000)},
			}},
		},
		Playlists: []MultiplexPlaylist{{
			Name: "LLHLS ABR", FileName: "abr",
			Options: &MultiplexPlaylistOptions{WebRTCAutoABR: true, HLSChunklistPathDepth: Ptr[int32](0)},
			Renditions: []MultiplexRendition{
				{Name: "input1", Video: "input1_video", Audio: "input1_audio"},
				{Name: "input2", Video: "input2_video", Audio: "input2_audio", VideoIndexHint: int32(0)},
			},
		}},
	}
}

func channelsCases() []svcCase {
	return []svcCase{
		{op: "listScheduledChannels", name: "names", method: "GET", path: schedPath, answer: "ChannelsScheduledList",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ScheduledChannels.List(ctx, "default", "app")
			},
			check: check(func(t *testing.T, v []string) { diff(t, "names", []string{"channel1", "news24"}, v) })},
		{op: "createScheduledChannel", name: "ok", method: "POST", path: schedPath, body: "ChannelsScheduleCreateRequest", status: 201, answer: "Created",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.ScheduledChannels.Create(ctx, "default", "app", exampleSchedule()))
			}},
		{op: "createScheduledChannel", name: "provider disabled", method: "POST", path: schedPath, body: "ChannelsScheduleCreateRequest", status: 403, answer: "Forbidden",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.ScheduledChannels.Create(ctx, "default", "app", exampleSchedule()))
			},
			check: wantAPIError(403, "Forbidden", ErrForbidden, ErrProviderDisabled)},
		{op: "createScheduledChannel", name: "exists", method: "POST", path: schedPath, body: "*", status: 409, answer: "ChannelsScheduledStreamExists",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.ScheduledChannels.Create(ctx, "default", "app", exampleSchedule()))
			},
			check: wantAPIError(409, "Stream 'channel1' already exists", ErrConflict)},
		{op: "getScheduledChannel", name: "on air", method: "GET", path: schedPath + "/channel1", answer: "ChannelsScheduleInfo",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ScheduledChannels.Get(ctx, "default", "app", "channel1")
			},
			check: check(func(t *testing.T, s *ScheduleInfo) {
				cp := s.CurrentProgram
				if cp.State != ScheduleProgramStateOnAir || cp.Name != "morning" || cp.Duration != 32400000 || cp.CurrentItem.CurrentPosition != 12345 ||
					!cp.Scheduled.Equal(at(2026, 11, 26, 9, 0, 0, 0)) || !cp.End.Equal(at(2026, 11, 26, 18, 0, 0, 0)) {
					t.Errorf("current program %+v", cp)
				}
				diff(t, "audio map", []ScheduleAudioMapEntryInfo{
					{Name: "English", Language: "eng", Characteristics: ""},
					{Name: "Korean", Language: "kor", Characteristics: "public.accessibility.describes-video"},
				}, s.Stream.AudioMap)
				if s.Programs == nil || len(s.Programs) != 2 || (s.Programs)[1].Scheduled != "2026-11-26T18:00:00+09" ||
					((s.Programs)[0].Items)[1].Duration != 1800000 || s.FallbackProgram.Name != "fallback" {
					t.Errorf("programs %+v, fallback %+v", s.Programs, s.FallbackProgram)
				}
			})},
		{op: "getScheduledChannel", name: "off air", method: "GET", path: schedPath + "/news24", answer: "ChannelsScheduleInfoOffAir",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ScheduledChannels.Get(ctx, "default", "app", "news24")
			},
			check: check(func(t *testing.T, s *ScheduleInfo) {
				if s.CurrentProgram.State != ScheduleProgramStateOffAir || s.CurrentProgram.CurrentItem != nil || s.Stream.AudioMap != nil ||
					s.Programs != nil || s.FallbackProgram.Items != nil || !s.Stream.BypassTranscoder {
					t.Errorf("schedule %+v", s)
				}
			})},
		{op: "getScheduledChannel", name: "not found", method: "GET", path: schedPath + "/nosuchstream", status: 404, answer: "StreamNotFound",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ScheduledChannels.Get(ctx, "default", "app", "nosuchstream")
			},
			check: wantAPIError(404, "Could not find the stream: [default/#default#app/nosuchstream]", ErrNotFound)},
		{op: "patchScheduledChannel", name: "programs", method: "PATCH", path: schedPath + "/channel1", body: "ChannelsSchedulePatchRequest", status: 201, answer: "Created",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.ScheduledChannels.Patch(ctx, "default", "app", "channel1", SchedulePatch{Programs: []ScheduleProgram{{
					Name: "special", Scheduled: "2026-11-27T20:00:00Z", Repeat: Ptr(false),
					Items: []ScheduleItem{{URL: "file://video/special.mp4", Start: int64(5000), Duration: Ptr[int64](3600000)}},
				}}}))
			}},
		{op: "deleteScheduledChannel", name: "ok", method: "DELETE", path: schedPath + "/channel1", answer: "OK",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.ScheduledChannels.Delete(ctx, "default", "app", "channel1"))
			}},
		{op: "deleteScheduledChannel", name: "not scheduled", method: "DELETE", path: schedPath + "/stream", status: 400, answer: "ChannelsNotScheduledStream",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.ScheduledChannels.Delete(ctx, "default", "app", "stream"))
			},
			check: wantAPIError(400, "Stream is not a scheduled stream", ErrBadRequest)},

		{op: "listMultiplexChannels", name: "names", method: "GET", path: muxPath, answer: "ChannelsMultiplexList",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.MultiplexChannels.List(ctx, "default", "app")
			},
			check: check(func(t *testing.T, v []string) { diff(t, "names", []string{"mux1", "mux2"}, v) })},
		{op: "listMultiplexChannels", name: "provider disabled is 404", method: "GET", path: muxPath, status: 404, answer: "ChannelsMultiplexAppNotFound",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.MultiplexChannels.List(ctx, "default", "app")
			},
			check: wantAPIError(404, "Could not get the multiplex application", ErrNotFound)},
		{op: "createMultiplexChannel", name: "abr", method: "POST", path: muxPath, body: "ChannelsMultiplexCreateRequest", status: 201, answer: "Created",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.MultiplexChannels.Create(ctx, "default", "app", exampleMultiplex()))
			}},
		{op: "createMultiplexChannel", name: "no sources", method: "POST", path: muxPath, body: `{"outputStream":{"name":"m"},"sourceStreams":[]}`, status: 403, answer: "Forbidden",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.MultiplexChannels.Create(ctx, "default", "app", MultiplexProfile{OutputStream: MultiplexOutputStream{Name: "m"}}))
			},
			check: wantAPIError(403, "Forbidden", ErrProviderDisabled)},
		{op: "getMultiplexChannel", name: "playing", method: "GET", path: muxPath + "/mux1", answer: "ChannelsMultiplexInfo",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.MultiplexChannels.Get(ctx, "default", "app", "mux1")
			},
			check: check(func(t *testing.T, m *MultiplexInfo) {
				if m.State != MultiplexStatePlaying || m.OutputStream != (MultiplexOutputStreamInfo{Name: "mux1", BypassTranscoder: true}) || m.PullingMessage != "" {
					t.Errorf("channel %+v", m)
				}
				src := (m.SourceStreams)[0]
				if src.URL != "stream://default/app/input1" || len(src.TrackMap) != 3 || *(src.TrackMap)[1].AudioIndex != 1 {
					t.Errorf("source %+v", src)
				}
				pl := (m.Playlists)[0]
				if pl.FileName != "abr" || *pl.Options.HLSChunklistPathDepth != 0 || (pl.Renditions)[1].VideoIndexHint != 0 {
					t.Errorf("playlist %+v", pl)
				}
			})},
		{op: "getMultiplexChannel", name: "pulling", method: "GET", path: muxPath + "/mux2", answer: "ChannelsMultiplexInfoPulling",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.MultiplexChannels.Get(ctx, "default", "app", "mux2")
			},
			check: check(func(t *testing.T, m *MultiplexInfo) {
				pl := (m.Playlists)[0]
				if m.State != MultiplexStatePulling || m.PullingMessage != "Multiplex Channel : #default#app/mux2: Wait for stream input2" ||
					pl.Options != nil || pl.Renditions != nil {
					t.Errorf("channel %+v", m)
				}
			})},
		{op: "deleteMultiplexChannel", name: "ok", method: "DELETE", path: muxPath + "/mux1", answer: "OK",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.MultiplexChannels.Delete(ctx, "default", "app", "mux1"))
			}},
		{op: "deleteMultiplexChannel", name: "unknown", method: "DELETE", path: muxPath + "/nosuchchannel", status: 404, answer: "ChannelsMultiplexStreamNotFound",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.MultiplexChannels.Delete(ctx, "default", "app", "nosuchchannel"))
			},
			check: wantAPIError(404, "Could not get the multiplex stream nosuchchannel", ErrNotFound)},
	}
}

func TestChannelServices(t *testing.T) {
	t.Parallel()
	runSvcCases(t, channelsCases())
}
