package sdk

import "github.com/omekit/omekit/gen"

// Models of streams, stream actions, jobs, channels and statistics, re-exported from the
// generated package so that users import only sdk.

// Streams and their tracks.
type (
	CreateStreamRequest    = gen.CreateStreamRequest
	CreateStreamProperties = gen.CreateStreamProperties
	StreamInfo             = gen.StreamInfo
	StreamInput            = gen.StreamInput
	StreamOutput           = gen.StreamOutput
	StreamPlaylist         = gen.StreamPlaylist
	StreamPlaylistOptions  = gen.StreamPlaylistOptions
	StreamRendition        = gen.StreamRendition
	StreamSourceType       = gen.StreamSourceType
	Track                  = gen.Track
	TrackType              = gen.TrackType
	TrackVideo             = gen.TrackVideo
	TrackAudio             = gen.TrackAudio
	TrackData              = gen.TrackData
	TrackSubtitle          = gen.TrackSubtitle
	TrackSubtitleSTT       = gen.TrackSubtitleSTT
	TrackTimebase          = gen.TrackTimebase
	TrackCodec             = gen.TrackCodec
	TrackCodecModule       = gen.TrackCodecModule
	TrackCodecStatus       = gen.TrackCodecStatus
	// Timestamp is a time as OME writes it (local time with a numeric offset).
	Timestamp = gen.Timestamp
)

// The providers an input stream can come from.
const (
	StreamSourceTypeFile       = gen.StreamSourceTypeFile
	StreamSourceTypeMPEGTS     = gen.StreamSourceTypeMPEGTS
	StreamSourceTypeMultiplex  = gen.StreamSourceTypeMultiplex
	StreamSourceTypeOVT        = gen.StreamSourceTypeOVT
	StreamSourceTypeRTMP       = gen.StreamSourceTypeRTMP
	StreamSourceTypeRTMPPull   = gen.StreamSourceTypeRTMPPull
	StreamSourceTypeRTSP       = gen.StreamSourceTypeRTSP
	StreamSourceTypeRTSPPull   = gen.StreamSourceTypeRTSPPull
	StreamSourceTypeSRT        = gen.StreamSourceTypeSRT
	StreamSourceTypeScheduled  = gen.StreamSourceTypeScheduled
	StreamSourceTypeTranscoder = gen.StreamSourceTypeTranscoder
	StreamSourceTypeUnknown    = gen.StreamSourceTypeUnknown
	StreamSourceTypeWebRTC     = gen.StreamSourceTypeWebRTC
)

// Track types, codecs and codec states.
const (
	TrackTypeVideo      = gen.TrackTypeVideo
	TrackTypeAudio      = gen.TrackTypeAudio
	TrackTypeData       = gen.TrackTypeData
	TrackTypeSubtitle   = gen.TrackTypeSubtitle
	TrackTypeAttachment = gen.TrackTypeAttachment
	TrackTypeUnknown    = gen.TrackTypeUnknown

	TrackCodecH264    = gen.TrackCodecH264
	TrackCodecH265    = gen.TrackCodecH265
	TrackCodecVP8     = gen.TrackCodecVP8
	TrackCodecVP9     = gen.TrackCodecVP9
	TrackCodecAV1     = gen.TrackCodecAV1
	TrackCodecFLV     = gen.TrackCodecFLV
	TrackCodecJPEG    = gen.TrackCodecJPEG
	TrackCodecPNG     = gen.TrackCodecPNG
	TrackCodecWEBP    = gen.TrackCodecWEBP
	TrackCodecAVIF    = gen.TrackCodecAVIF
	TrackCodecAAC     = gen.TrackCodecAAC
	TrackCodecMP2     = gen.TrackCodecMP2
	TrackCodecMP3     = gen.TrackCodecMP3
	TrackCodecOPUS    = gen.TrackCodecOPUS
	TrackCodecWebVTT  = gen.TrackCodecWebVTT
	TrackCodecWHISPER = gen.TrackCodecWHISPER
	TrackCodecNone    = gen.TrackCodecNone
	TrackCodecUnknown = gen.TrackCodecUnknown

	TrackCodecStatusReady  = gen.TrackCodecStatusReady
	TrackCodecStatusFailed = gen.TrackCodecStatusFailed
)

// Stream actions: timed metadata, subtitles, HLS dumps, speech-to-text.
type (
	// SendEventRequest is one event of SendEvent/SendEvents; build it with ID3v2Event or its
	// FromEventID3v2 method.
	SendEventRequest = gen.SendEventRequest
	EventID3v2       = gen.EventID3v2
	ID3v2Frame       = gen.EventID3V2Frame
	SendEventType    = gen.SendEventType

	SendSubtitlesRequest       = gen.SendSubtitlesRequest
	SendSubtitlesData          = gen.SendSubtitlesData
	SendSubtitlesRequestFormat = gen.SendSubtitlesRequestFormat
	SubtitleCue                = gen.SubtitleCue

	HLSDumpStartRequest    = gen.HLSDumpStartRequest
	HLSDumpInfo            = gen.HLSDumpInfo
	ConcludeHLSLiveRequest = gen.ConcludeHLSLiveRequest

	STTState                = gen.STTState
	STTStatus               = gen.STTStatus
	STTRendition            = gen.STTRendition
	STTRenditionCodec       = gen.STTRenditionCodec
	STTRenditionTranslation = gen.STTRenditionTranslation
)

// Which tracks receive an event (EventID3v2.EventType).
const (
	SendEventTypeEvent = gen.SendEventTypeEvent
	SendEventTypeVideo = gen.SendEventTypeVideo
	SendEventTypeAudio = gen.SendEventTypeAudio
)

// SubtitleFormatWebVTT is the only subtitle format (SendSubtitlesRequest.Format).
const SubtitleFormatWebVTT = gen.Webvtt

// Values of STTRendition.Codec and STTRendition.Translation (a string, not a boolean).
const (
	STTRenditionCodecWhisper        = gen.STTRenditionCodecWHISPER
	STTRenditionTranslationEnabled  = gen.True
	STTRenditionTranslationDisabled = gen.False
)

// Push and recording jobs.
type (
	JobStreamRequest       = gen.JobStreamRequest
	JobStream              = gen.JobStream
	StartPushRequest       = gen.StartPushRequest
	Push                   = gen.Push
	PushProtocol           = gen.PushProtocol
	PushState              = gen.PushState
	StartRecordRequest     = gen.StartRecordRequest
	Record                 = gen.Record
	RecordState            = gen.RecordState
	RecordSegmentationRule = gen.RecordSegmentationRule
)

// Push protocols (StartPushRequest.Protocol is a plain string: use string(PushProtocolRTMP)).
const (
	PushProtocolRTMP   = gen.PushProtocolRTMP
	PushProtocolSRT    = gen.PushProtocolSRT
	PushProtocolMPEGTS = gen.PushProtocolMPEGTS
)

// States of a push job.
const (
	PushStateReady      = gen.PushStateReady
	PushStateConnecting = gen.PushStateConnecting
	PushStatePushing    = gen.PushStatePushing
	PushStateStopping   = gen.PushStateStopping
	PushStateStopped    = gen.PushStateStopped
	PushStateError      = gen.PushStateError
	PushStateUnknown    = gen.PushStateUnknown
)

// States of a recording job.
const (
	RecordStateReady     = gen.RecordStateReady
	RecordStateRecording = gen.RecordStateRecording
	RecordStateStopping  = gen.RecordStateStopping
	RecordStateStopped   = gen.RecordStateStopped
	RecordStateError     = gen.RecordStateError
	RecordStateUnknown   = gen.RecordStateUnknown
)

// How time stamps run across the files of a split recording.
const (
	RecordSegmentationDiscontinuity = gen.Discontinuity
	RecordSegmentationContinuity    = gen.Continuity
)

// Scheduled channels.
type (
	Schedule                    = gen.Schedule
	SchedulePatch               = gen.SchedulePatch
	ScheduleStream              = gen.ScheduleStream
	ScheduleAudioMapEntry       = gen.ScheduleAudioMapEntry
	ScheduleFallbackProgram     = gen.ScheduleFallbackProgram
	ScheduleProgram             = gen.ScheduleProgram
	ScheduleItem                = gen.ScheduleItem
	ScheduleInfo                = gen.ScheduleInfo
	ScheduleStreamInfo          = gen.ScheduleStreamInfo
	ScheduleAudioMapEntryInfo   = gen.ScheduleAudioMapEntryInfo
	ScheduleFallbackProgramInfo = gen.ScheduleFallbackProgramInfo
	ScheduleProgramInfo         = gen.ScheduleProgramInfo
	ScheduleItemInfo            = gen.ScheduleItemInfo
	ScheduleCurrentProgram      = gen.ScheduleCurrentProgram
	ScheduleCurrentItem         = gen.ScheduleCurrentItem
	ScheduleProgramState        = gen.ScheduleProgramState
)

// Whether a scheduled channel's current program is on air (ScheduleCurrentProgram.State).
const (
	ScheduleProgramOnAir  = gen.Onair
	ScheduleProgramOffAir = gen.Offair
)

// Multiplex channels.
type (
	MultiplexProfile          = gen.MultiplexProfile
	MultiplexOutputStream     = gen.MultiplexOutputStream
	MultiplexSourceStream     = gen.MultiplexSourceStream
	MultiplexTrackMapEntry    = gen.MultiplexTrackMapEntry
	MultiplexPlaylist         = gen.MultiplexPlaylist
	MultiplexPlaylistOptions  = gen.MultiplexPlaylistOptions
	MultiplexRendition        = gen.MultiplexRendition
	MultiplexInfo             = gen.MultiplexInfo
	MultiplexOutputStreamInfo = gen.MultiplexOutputStreamInfo
	MultiplexSourceStreamInfo = gen.MultiplexSourceStreamInfo
	MultiplexPlaylistInfo     = gen.MultiplexPlaylistInfo
	MultiplexState            = gen.MultiplexState
)

// States of a multiplex channel.
const (
	MultiplexStateNone    = gen.MultiplexStateNone
	MultiplexStatePulling = gen.MultiplexStatePulling
	MultiplexStatePlaying = gen.MultiplexStatePlaying
	MultiplexStateStopped = gen.MultiplexStateStopped
)

// Statistics.
type (
	Metrics            = gen.Metrics
	MetricsConnections = gen.MetricsConnections
	QueueMetrics       = gen.QueueMetrics
)
