package sdk

import "github.com/omekit/omekit/gen"

// Configuration models (virtual hosts, applications, output profiles and their parts),
// re-exported so that building a configuration needs only this package.
type (
	AdmissionWebhooks                      = gen.AdmissionWebhooks
	ApplicationDecodes                     = gen.ApplicationDecodes
	ApplicationDecodesVideo                = gen.ApplicationDecodesVideo
	ApplicationEventGenerator              = gen.ApplicationEventGenerator
	ApplicationPersistentStream            = gen.ApplicationPersistentStream
	ApplicationPersistentStreams           = gen.ApplicationPersistentStreams
	ApplicationSubtitleRendition           = gen.ApplicationSubtitleRendition
	ApplicationSubtitleTranscription       = gen.ApplicationSubtitleTranscription
	ApplicationSubtitles                   = gen.ApplicationSubtitles
	ApplicationTranscodeWebhook            = gen.ApplicationTranscodeWebhook
	BypassIfMatch                          = gen.BypassIfMatch
	CrossDomains                           = gen.CrossDomains
	CrossDomainsHeader                     = gen.CrossDomainsHeader
	EncodeImage                            = gen.EncodeImage
	HostTLS                                = gen.HostTLS
	Origin                                 = gen.Origin
	OriginMapStore                         = gen.OriginMapStore
	OriginMapStoreRedisServer              = gen.OriginMapStoreRedisServer
	OriginPass                             = gen.OriginPass
	OriginPassURLs                         = gen.OriginPassURLs
	OriginProperties                       = gen.OriginProperties
	Origins                                = gen.Origins
	OutputProfilePlaylist                  = gen.OutputProfilePlaylist
	OutputProfilePlaylistAudioTemplate     = gen.OutputProfilePlaylistAudioTemplate
	OutputProfilePlaylistEncodingType      = gen.OutputProfilePlaylistEncodingType
	OutputProfilePlaylistOptions           = gen.OutputProfilePlaylistOptions
	OutputProfilePlaylistRendition         = gen.OutputProfilePlaylistRendition
	OutputProfilePlaylistRenditionTemplate = gen.OutputProfilePlaylistRenditionTemplate
	OutputProfilePlaylistVideoTemplate     = gen.OutputProfilePlaylistVideoTemplate
	OutputProfileTrackSet                  = gen.OutputProfileTrackSet
	OutputProfileTrackSetEntry             = gen.OutputProfileTrackSetEntry
	OutputProfilesDecodes                  = gen.OutputProfilesDecodes
	OutputProfilesHwaccel                  = gen.OutputProfilesHwaccel
	OutputProfilesHwaccels                 = gen.OutputProfilesHwaccels
	OutputProfilesMediaOptions             = gen.OutputProfilesMediaOptions
	OutputProfilesOverlays                 = gen.OutputProfilesOverlays
	OutputProfilesSTT                      = gen.OutputProfilesSTT
	OutputProfilesSTTRendition             = gen.OutputProfilesSTTRendition
	ProviderAudioMap                       = gen.ProviderAudioMap
	ProviderAudioMapItem                   = gen.ProviderAudioMapItem
	ProviderMPEGTS                         = gen.ProviderMPEGTS
	ProviderMPEGTSStream                   = gen.ProviderMPEGTSStream
	ProviderMultiplex                      = gen.ProviderMultiplex
	ProviderOVT                            = gen.ProviderOVT
	ProviderRTMP                           = gen.ProviderRTMP
	ProviderRTMPEvent                      = gen.ProviderRTMPEvent
	ProviderRTMPEventGenerator             = gen.ProviderRTMPEventGenerator
	ProviderRTMPEventHLSId3V2              = gen.ProviderRTMPEventHLSId3V2
	ProviderRTSP                           = gen.ProviderRTSP
	ProviderRTSPPull                       = gen.ProviderRTSPPull
	ProviderSRT                            = gen.ProviderSRT
	ProviderSchedule                       = gen.ProviderSchedule
	ProviderWebRTC                         = gen.ProviderWebRTC
	ProviderWebRTCRtx                      = gen.ProviderWebRTCRtx
	PublisherFile                          = gen.PublisherFile
	PublisherHLS                           = gen.PublisherHLS
	PublisherHLSCacheControl               = gen.PublisherHLSCacheControl
	PublisherHLSDefaultQueryString         = gen.PublisherHLSDefaultQueryString
	PublisherHLSDump                       = gen.PublisherHLSDump
	PublisherHLSDumpPlaylists              = gen.PublisherHLSDumpPlaylists
	PublisherHLSDumps                      = gen.PublisherHLSDumps
	PublisherHLSDvr                        = gen.PublisherHLSDvr
	PublisherHLSQuery                      = gen.PublisherHLSQuery
	PublisherLLHLS                         = gen.PublisherLLHLS
	PublisherLLHLSDrm                      = gen.PublisherLLHLSDrm
	PublisherLegacyPush                    = gen.PublisherLegacyPush
	PublisherOVT                           = gen.PublisherOVT
	PublisherPush                          = gen.PublisherPush
	PublisherSRT                           = gen.PublisherSRT
	PublisherStreamMap                     = gen.PublisherStreamMap
	PublisherThumbnail                     = gen.PublisherThumbnail
	PublisherWebRTC                        = gen.PublisherWebRTC
	PublisherWebRTCPlayoutDelay            = gen.PublisherWebRTCPlayoutDelay
	SignedPolicy                           = gen.SignedPolicy
	VirtualHostEnables                     = gen.VirtualHostEnables
)
