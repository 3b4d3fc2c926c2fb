package serverxml

// This file is the explicit XML → JSON key table of OME's configuration
// objects (docs/ome-behaviour.md, "Server.xml"). It is keyed by the XML element
// name as OME's Server.xml spells it; each entry gives the JSON key and the
// shape of the value. A JSON key is the XML name with only its first character
// lower-cased (rule R1) unless the reference lists an explicit JSON name; the
// explicit ones are written out below with jn().

import "unicode/utf8"

// multiplicity says how an XML element turns into a JSON member.
type multiplicity uint8

const (
	// one: a single value under the key. If the element is repeated, the first
	// copy is used (OME reads a non-list child with pugixml's child()).
	one multiplicity = iota
	// list: an ordinary list. Every occurrence of the element, which repeats
	// directly inside its parent, becomes one entry of the array under the key
	// (outputProfiles.outputProfile, crossDomains.urls, origins.origin, …).
	list
	// bare: an "omit-name" list. The element is a wrapper whose children named
	// field.item become the entries of a bare array under the key
	// (host.names from <Names><Name>, providers.mpegts.streams from
	// <StreamMap><Stream>).
	bare
)

// shape is what a value looks like: a string (scalar) or an object with known
// members (fields, keyed by XML name).
type shape struct {
	fields map[string]*field // nil for a scalar
}

func (s *shape) scalar() bool { return s.fields == nil }

type field struct {
	json  string
	mult  multiplicity
	item  string // bare lists: XML name of the entries
	shape *shape
	// sameAs is the JSON key of another element OME reads into the same
	// setting after this one; when both are present, both keys show that
	// element's view (<FILE><Record> and <FILE><StreamMap>).
	sameAs string
}

// member is one row of an object's table while it is being written down.
type member struct {
	xml string
	f   *field
}

// str is the shape of every scalar: OME echoes Server.xml scalars as strings.
var str = &shape{}

// obj builds an object shape. Later members with the same XML name replace
// earlier ones, so a shared base table can be refined.
func obj(parts ...[]member) *shape {
	s := &shape{fields: map[string]*field{}}
	for _, p := range parts {
		for _, m := range p {
			s.fields[m.xml] = m.f
		}
	}
	return s
}

func ms(m ...member) []member { return m }

// r1 applies rule R1: only the first character is lower-cased.
func r1(xmlName string) string {
	r, n := utf8.DecodeRuneInString(xmlName)
	if r >= 'A' && r <= 'Z' {
		return string(r+'a'-'A') + xmlName[n:]
	}
	return xmlName
}

// s: a scalar with the R1 key. sj: a scalar with an explicit JSON key.
func s(x string) member     { return member{x, &field{json: r1(x), shape: str}} }
func sj(x, j string) member { return member{x, &field{json: j, shape: str}} }
func scalars(xs ...string) []member {
	out := make([]member, len(xs))
	for i, x := range xs {
		out[i] = s(x)
	}
	return out
}

// o: an object with the R1 key. oj: an object with an explicit JSON key.
func o(x string, sh *shape) member     { return member{x, &field{json: r1(x), shape: sh}} }
func oj(x, j string, sh *shape) member { return member{x, &field{json: j, shape: sh}} }

// l: an ordinary list (element x repeated in its parent) under the key j.
func l(x, j string, sh *shape) member { return member{x, &field{json: j, mult: list, shape: sh}} }

// b: an omit-name list: wrapper x, entries named item, bare array under j.
func b(x, j, item string, sh *shape) member {
	return member{x, &field{json: j, mult: bare, item: item, shape: sh}}
}

var (
	// §3.9 CrossDomains and Option.
	optionShape      = obj(scalars("Key", "Value"))
	crossDomainShape = obj(ms(l("Url", "urls", str), l("Header", "headers", optionShape)))
	crossDomains     = o("CrossDomains", crossDomainShape)

	// §3.2 VirtualHost (without Applications, which is handled on its own).
	enablesShape = obj(scalars("Providers", "Publishers"))
	hostShape    = obj(ms(
		b("Names", "names", "Name", str),
		oj("TLS", "tls", obj(scalars("CertPath", "KeyPath", "ChainCertPath"))),
	))
	originShape = obj(
		scalars("Location", "Persistent", "Failback", "StrictLocation", "Relay"),
		ms(
			sj("IgnoreRtcpSRTimestamp", "ignoreRtcpSrTimestamp"),
			o("Pass", obj(
				scalars("Scheme", "ForwardQueryParams"),
				ms(o("Urls", obj(ms(l("Url", "url", str))))),
			)),
		),
	)
	vhostShape = obj(
		scalars("Name", "Distribution"),
		ms(
			o("Host", hostShape),
			o("SignedPolicy", obj(
				scalars("PolicyQueryKeyName", "SignatureQueryKeyName", "SecretKey"),
				ms(o("Enables", enablesShape)),
			)),
			o("AdmissionWebhooks", obj(
				scalars("ControlServerUrl", "SecretKey", "Timeout"),
				ms(o("Enables", enablesShape)),
			)),
			o("Origins", obj(ms(
				l("Origin", "origin", originShape),
				o("Properties", obj(scalars("NoInputFailoverTimeout", "UnusedStreamDeletionTimeout", "StreamFailbackTimeout", "RetryCount"))),
			))),
			o("OriginMapStore", obj(
				scalars("OriginHostName"),
				ms(o("RedisServer", obj(scalars("Host", "Auth")))),
			)),
			crossDomains,
		),
	)

	// §3.5 OutputProfile.
	bypassIfMatchShape = obj(
		scalars("Codec", "Bitrate", "Framerate", "Width", "Height", "Samplerate", "Channel"),
		ms(sj("SAR", "sar")),
	)
	videoProfileShape = obj(
		scalars("Name", "Bypass", "Codec", "Modules", "Bitrate", "Width", "Height", "Framerate",
			"SkipFrames", "Preset", "ThreadCount", "KeyFrameIntervalType", "KeyFrameInterval",
			"BFrames", "Profile", "Lookahead", "ExtraOptions"),
		ms(o("BypassIfMatch", bypassIfMatchShape)),
	)
	audioProfileShape = obj(
		scalars("Name", "Bypass", "Codec", "Modules", "Bitrate", "Samplerate", "Channel"),
		ms(o("BypassIfMatch", bypassIfMatchShape)),
	)
	imageProfileShape = obj(
		scalars("Name", "Codec", "Modules", "Width", "Height", "Framerate", "SkipFrames"),
		ms(o("BypassIfMatch", bypassIfMatchShape)),
	)
	encodesShape = obj(ms(
		l("Video", "videos", videoProfileShape),
		l("Audio", "audios", audioProfileShape),
		l("Image", "images", imageProfileShape),
	))
	playlistShape = obj(
		scalars("Name", "FileName"),
		ms(
			o("Options", obj(
				scalars("WebRtcAutoAbr", "EnableTsPackaging", "EnableSubtitles"),
				ms(sj("HLSChunklistPathDepth", "hlsChunklistPathDepth")),
			)),
			l("Rendition", "renditions", obj(
				scalars("Name", "Video", "Audio"),
				ms(sj("VideoIndexHint", "video_index_hint"), sj("AudioIndexHint", "audio_index_hint")),
			)),
			l("RenditionTemplate", "rendition_templates", obj(
				scalars("Name"),
				ms(
					oj("VideoTemplate", "video_template", obj(ms(
						sj("VariantName", "variant_name"), sj("EncodingType", "encoding_type"),
						sj("MaxWidth", "max_width"), sj("MinWidth", "min_width"),
						sj("MaxHeight", "max_height"), sj("MinHeight", "min_height"),
						sj("MaxFramerate", "max_framerate"), sj("MinFramerate", "min_framerate"),
						sj("MaxBitrate", "max_bitrate"), sj("MinBitrate", "min_bitrate"),
					))),
					oj("AudioTemplate", "audio_template", obj(ms(
						sj("VariantName", "variant_name"), sj("EncodingType", "encoding_type"),
						sj("MaxBitrate", "max_bitrate"), sj("MinBitrate", "min_bitrate"),
						sj("MaxSamplerate", "max_samplerate"), sj("MinSamplerate", "min_samplerate"),
						sj("MaxChannel", "max_channel"), sj("MinChannel", "min_channel"),
					))),
				),
			)),
		),
	)
	trackSetEntryShape = obj(scalars("Name", "IndexHint"))
	outputProfileShape = obj(
		scalars("Name", "OutputStreamName"),
		ms(
			o("Encodes", encodesShape),
			l("Playlist", "playlists", playlistShape),
			l("TrackSet", "tracksets", obj(ms(
				s("Name"),
				sj("Strict", "strict"),
				l("Video", "videos", trackSetEntryShape),
				l("Audio", "audios", trackSetEntryShape),
			))),
		),
	)

	// §3.4 OutputProfiles and the subtitle definitions shared with §3.3.
	subtitlesShape = obj(
		scalars("Enable", "DefaultLabel"),
		ms(l("Rendition", "rendition", obj(
			scalars("Label", "Language", "AutoSelect", "Forced"),
			ms(o("Transcription", obj(scalars("Engine", "Model", "AudioIndexHint", "SourceLanguage", "Translation")))),
		))),
	)
	hwaccelShape        = obj(scalars("Enable", "Modules"))
	outputProfilesShape = obj(
		scalars("HardwareAcceleration"),
		ms(
			l("OutputProfile", "outputProfile", outputProfileShape),
			oj("HWAccels", "hwaccels", obj(ms(o("Decoder", hwaccelShape), o("Encoder", hwaccelShape)))),
			o("Decodes", obj(scalars("ThreadCount", "OnlyKeyframes"))),
			o("MediaOptions", obj(ms(
				o("Subtitles", subtitlesShape),
				o("Overlays", obj(scalars("Enable", "Path"))),
				oj("STT", "stt", obj(
					scalars("Enable"),
					ms(l("Rendition", "rendition", obj(scalars(
						"Engine", "OutputSubtitleLabel", "Model", "InputAudioIndex", "SourceLanguage",
						"Translation", "StepMs", "LengthMs", "KeepMs", "Modules")))),
				)),
			))),
		),
	)

	// §3.6 Providers.
	providerBase = scalars("MaxConnection", "TimestampMode", "UseIncomingTimestamp",
		"PacketSilenceTimeoutMs", "FirstMediaWaitTimeoutMs")
	audioMapShape  = obj(ms(l("Item", "item", obj(scalars("Name", "Language", "Characteristics")))))
	providersShape = obj(ms(
		oj("RTMP", "rtmp", obj(providerBase,
			scalars("BlockDuplicateStreamName", "PassthroughOutputProfile"),
			ms(o("EventGenerator", obj(ms(l("Event", "event", obj(
				scalars("Trigger"),
				ms(oj("HLSID3v2", "hlsId3v2", obj(scalars("EventType", "FrameType", "Info", "Data")))),
			)))))),
		)),
		oj("RTSPPull", "rtspPull", obj(providerBase, scalars("BlockDuplicateStreamName"))),
		oj("RTSP", "rtsp", obj(providerBase)),
		oj("OVT", "ovt", obj(providerBase)),
		oj("SRT", "srt", obj(providerBase,
			scalars("BlockDuplicateStreamName"),
			ms(o("AudioMap", audioMapShape)),
		)),
		oj("WebRTC", "webrtc", obj(providerBase,
			scalars("Timeout", "RtcpBasedTimestamp"),
			ms(
				crossDomains,
				sj("FIRInterval", "firInterval"),
				o("Rtx", obj(scalars("Enable", "MaxHoldMs"))),
			),
		)),
		// (0.21) a deprecated placeholder stored as a boolean: a scalar.
		sj("FILE", "file"),
		oj("Schedule", "schedule", obj(providerBase, scalars("MediaRootDir", "ScheduleFilesDir"))),
		oj("Multiplex", "multiplex", obj(providerBase, scalars("MuxFilesDir"))),
		oj("MPEGTS", "mpegts", obj(providerBase,
			scalars("PacketReordering"),
			ms(
				b("StreamMap", "streams", "Stream", obj(scalars("Name", "Port"))),
				o("AudioMap", audioMapShape),
			),
		)),
	))

	// §3.7 Publishers.
	maxConnection      = obj(scalars("MaxConnection"))
	publisherStreamMap = obj(scalars("Enable", "Path", "RecordInfo"))
	hlsBase            = ms(
		s("MaxConnection"), s("OriginMode"), s("ServerTimeBasedSegmentNumbering"),
		s("SegmentCount"), s("SegmentDuration"), s("CreateDefaultPlaylist"),
		crossDomains,
		oj("DVR", "dvr", obj(scalars("Enable", "TempStoragePath", "MaxDuration", "EventPlaylistType"))),
		o("Dumps", obj(ms(l("Dump", "dump", obj(
			scalars("Id", "Enable", "TargetStreamName", "OutputPath"),
			ms(o("Playlists", obj(ms(l("Playlist", "playlist", str))))),
		))))),
		o("CacheControl", obj(scalars("MasterPlaylistMaxAge", "ChunklistMaxAge",
			"ChunklistWithDirectivesMaxAge", "SegmentMaxAge", "PartialSegmentMaxAge"))),
		o("DefaultQueryString", obj(ms(l("Query", "queries", optionShape)))),
	)
	publishersShape = obj(
		scalars("AppWorkerCount", "StreamWorkerCount", "DelayBufferTimeMs"),
		ms(
			oj("WebRTC", "webrtc", obj(
				scalars("MaxConnection", "Timeout", "JitterBuffer", "Rtx", "Ulpfec",
					"CreateDefaultPlaylist", "BandwidthEstimation"),
				ms(o("PlayoutDelay", obj(scalars("Min", "Max")))),
			)),
			oj("HLS", "hls", obj(hlsBase)),
			oj("LLHLS", "llhls", obj(hlsBase,
				scalars("ChunkDuration", "PartHoldBack", "EnablePreloadHint"),
				ms(oj("DRM", "drm", obj(scalars("Enable", "InfoFile")))),
			)),
			oj("OVT", "ovt", maxConnection),
			oj("SRT", "srt", maxConnection),
			oj("FILE", "file", obj(
				scalars("MaxConnection", "RootPath", "FilePath", "InfoPath"),
				ms(
					o("StreamMap", publisherStreamMap),
					// A deprecated name of <StreamMap>, read before it.
					member{"Record", &field{json: "record", shape: publisherStreamMap, sameAs: "streamMap"}},
				),
			)),
			o("Thumbnail", obj(scalars("MaxConnection"), ms(crossDomains))),
			o("Push", obj(
				scalars("ConnectionTimeout", "SendTimeout"),
				ms(o("StreamMap", publisherStreamMap)),
			)),
			oj("MPEGTSPush", "mpegtsPush", maxConnection),
			oj("RTMPPush", "rtmpPush", maxConnection),
			oj("SRTPush", "srtPush", maxConnection),
		),
	)

	// §3.3 Application.
	appShape = obj(
		scalars("Name", "Type"),
		ms(
			o("Decodes", obj(
				ms(o("Video", obj(scalars("HardwareAcceleration")))),
				ms(s("H264hasBframes")),
			)),
			o("OutputProfiles", outputProfilesShape),
			o("Providers", providersShape),
			o("Publishers", publishersShape),
			o("PersistentStreams", obj(ms(l("Stream", "stream", obj(
				scalars("Name", "OriginStreamName", "FallbackStreamName")))))),
			o("TranscodeWebhook", obj(scalars("Enable", "ControlServerUrl", "SecretKey", "Timeout",
				"UseLocalProfilesOnConnectionFailure", "UseLocalProfilesOnServerDisallow",
				"UseLocalProfilesOnErrorResponse"))),
			o("EventGenerator", obj(scalars("Enable", "Path"))),
			// OME's deprecation warning calls it <Subtitle>, but only <Subtitles>
			// is an element: <Subtitle> stops OME at startup ("Unknown item found").
			o("Subtitles", subtitlesShape),
		),
	)

	// The containers around the JSON views, which resolve walks too:
	// <VirtualHosts> holds <VirtualHost> entries, each of them an
	// <Applications> element holding <Application> entries.
	appsShape         = obj(ms(l("Application", "", appShape)))
	vhostTreeShape    = extend(vhostShape, o("Applications", appsShape))
	virtualHostsShape = obj(ms(l("VirtualHost", "", vhostTreeShape)))
)

// extend returns a copy of sh with more members.
func extend(sh *shape, more ...member) *shape {
	out := obj(more)
	for x, f := range sh.fields {
		if _, ok := out.fields[x]; !ok {
			out.fields[x] = f
		}
	}
	return out
}
