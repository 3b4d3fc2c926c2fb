package mockserver

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// strmXML is a Server.xml with one application per feature the stream tests need:
//   - app: the default application (LLHLS, WebRTC, bypass profile with an Opus encode);
//   - subs: app-level subtitles (English default, Korean), speech-to-text into Korean (plus a
//     rendition whose label does not exist, which OME skips), an encoded 480p profile with
//     playlists, LLHLS and HLSv3;
//   - plain: an output profile but no LLHLS and no default playlists;
//   - relay: RTMP passthroughOutputProfile, so RTMP streams are relays;
//   - legacy: the deprecated mediaOptions subtitles and STT that starts disabled with translation.
const strmXML = `<?xml version="1.0" encoding="UTF-8"?>
<Server version="8">
	<Name>OvenMediaEngine</Name>
	<Type>origin</Type>
	<IP>*</IP>
	<Bind><Managers><API><Port>8081</Port></API></Managers></Bind>
	<Managers><API><AccessToken>t</AccessToken></API></Managers>
	<VirtualHosts>
		<VirtualHost>
			<Name>default</Name>
			<Host><Names><Name>*</Name></Names></Host>
			<Applications>
				<Application>
					<Name>app</Name>
					<Type>live</Type>
					<OutputProfiles>
						<OutputProfile>
							<Name>bypass_stream</Name>
							<OutputStreamName>${OriginStreamName}</OutputStreamName>
							<Encodes>
								<Video><Name>bypass_video</Name><Bypass>true</Bypass></Video>
								<Audio><Name>bypass_audio</Name><Bypass>true</Bypass></Audio>
								<Audio><Name>opus_audio</Name><Codec>opus</Codec><Bitrate>128000</Bitrate><Samplerate>48000</Samplerate><Channel>2</Channel></Audio>
							</Encodes>
						</OutputProfile>
					</OutputProfiles>
					<Providers><RTMP /><RTSPPull /><OVT /></Providers>
					<Publishers><WebRTC /><LLHLS /></Publishers>
				</Application>
				<Application>
					<Name>subs</Name>
					<Type>live</Type>
					<Providers><RTMP /><OVT /></Providers>
					<Subtitles>
						<Enable>true</Enable>
						<DefaultLabel>English</DefaultLabel>
						<Rendition><Label>English</Label><Language>en</Language></Rendition>
						<Rendition><Label>Korean</Label><Language>ko</Language><Forced>true</Forced></Rendition>
					</Subtitles>
					<OutputProfiles>
						<MediaOptions>
							<STT>
								<Rendition>
									<Engine>whisper</Engine>
									<Model>{{MODEL}}</Model>
									<OutputSubtitleLabel>Korean</OutputSubtitleLabel>
									<SourceLanguage>ko</SourceLanguage>
								</Rendition>
								<Rendition>
									<Engine>whisper</Engine>
									<Model>{{MODEL}}</Model>
									<OutputSubtitleLabel>Klingon</OutputSubtitleLabel>
								</Rendition>
							</STT>
						</MediaOptions>
						<OutputProfile>
							<Name>sd</Name>
							<OutputStreamName>${OriginStreamName}_sd</OutputStreamName>
							<Encodes>
								<Video><Name>h264_480</Name><Codec>h264</Codec><Bitrate>1M</Bitrate><Height>480</Height><Framerate>29.97</Framerate><Modules>x264</Modules></Video>
								<Audio><Name>aac</Name><Bypass>true</Bypass></Audio>
							</Encodes>
							<Playlist>
								<Name>abr</Name>
								<FileName>abr</FileName>
								<Options><WebRtcAutoAbr>false</WebRtcAutoAbr><EnableTsPackaging>true</EnableTsPackaging></Options>
								<Rendition><Name>sd</Name><Video>h264_480</Video><Audio>aac</Audio></Rendition>
							</Playlist>
							<Playlist>
								<Name>mine</Name>
								<FileName>llhls</FileName>
								<Rendition><Name>audio_only</Name><Audio>aac</Audio></Rendition>
							</Playlist>
						</OutputProfile>
					</OutputProfiles>
					<Providers><RTMP /></Providers>
					<Publishers><LLHLS /><HLS /></Publishers>
				</Application>
				<Application>
					<Name>plain</Name>
					<Type>live</Type>
					<OutputProfiles>
						<OutputProfile>
							<Name>pass</Name>
							<OutputStreamName>${OriginStreamName}</OutputStreamName>
							<Encodes><Video><Bypass>true</Bypass></Video><Audio><Bypass>true</Bypass></Audio></Encodes>
						</OutputProfile>
					</OutputProfiles>
					<Providers><RTMP /></Providers>
					<Publishers><OVT /></Publishers>
				</Application>
				<Application>
					<Name>relay</Name>
					<Type>live</Type>
					<OutputProfiles>
						<OutputProfile>
							<Name>ignored</Name>
							<OutputStreamName>${OriginStreamName}_ignored</OutputStreamName>
							<Encodes><Video><Bypass>true</Bypass></Video></Encodes>
						</OutputProfile>
					</OutputProfiles>
					<Providers><RTMP><PassthroughOutputProfile>true</PassthroughOutputProfile></RTMP></Providers>
					<Publishers><LLHLS /><WebRTC><CreateDefaultPlaylist>false</CreateDefaultPlaylist></WebRTC></Publishers>
				</Application>
				<Application>
					<Name>legacy</Name>
					<Type>live</Type>
					<OutputProfiles>
						<MediaOptions>
							<Subtitles>
								<Enable>true</Enable>
								<Rendition><Label>Captions</Label><Language>en</Language></Rendition>
							</Subtitles>
							<STT>
								<Enable>false</Enable>
								<Rendition>
									<Engine>Whisper</Engine>
									<Model>{{MODEL}}</Model>
									<OutputSubtitleLabel>Captions</OutputSubtitleLabel>
									<Translation>true</Translation>
								</Rendition>
							</STT>
						</MediaOptions>
						<OutputProfile>
							<Name>pass</Name>
							<OutputStreamName>${OriginStreamName}</OutputStreamName>
							<Encodes><Video><Bypass>true</Bypass></Video><Audio><Bypass>true</Bypass></Audio></Encodes>
						</OutputProfile>
					</OutputProfiles>
					<Providers><RTMP /></Providers>
					<Publishers><LLHLS /></Publishers>
				</Application>
			</Applications>
		</VirtualHost>
	</VirtualHosts>
</Server>`

// strmClock is a settable clock for tests that look at time stamps.
type strmClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *strmClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *strmClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// strmKST is a non-UTC zone, to see that time stamps keep the server's offset.
var strmKST = time.FixedZone("KST", 9*3600)

// strmHarness is a harness on strmXML with a settable clock starting at 2026-11-26 09:30:12.345 KST.
// Its Whisper model ({{MODEL}} in strmXML) is a non-empty file of the test's temporary directory
// (the mock only checks that it could be read).
func strmHarness(t *testing.T, opts ...Option) (*harness, *strmClock) {
	t.Helper()
	clk := &strmClock{t: time.Date(2026, 11, 26, 9, 30, 12, 345e6, strmKST)}
	xml := strings.ReplaceAll(strmXML, "{{MODEL}}", strmModel(t))
	return newHarness(t, append([]Option{WithServerXML("streams.xml", []byte(xml)), WithClock(clk.Now)}, opts...)...), clk
}

// strmModel writes a stand-in Whisper model file and returns its path.
func strmModel(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ggml-small.bin")
	if err := os.WriteFile(path, []byte("not really a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// strmPublish publishes a stream through the Go hook, failing the test on error.
func strmPublish(t *testing.T, h *harness, app string, in InputStream) {
	t.Helper()
	if err := h.s.PublishStream("default", app, in); err != nil {
		t.Fatalf("PublishStream(%s/%s): %v", app, in.Name, err)
	}
}

// strmConfFile is a Server.xml fixture of testdata/serverxml.
func strmConfFile(t *testing.T, name string) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller")
	}
	return filepath.Join(filepath.Dir(file), fixturesDir, name)
}

// strmInfo GETs a stream and decodes its StreamInfo.
func strmInfo(t *testing.T, h *harness, app, name string) (wire.StreamInfo, response) {
	t.Helper()
	r := h.do(http.MethodGet, "/v1/vhosts/default/apps/"+app+"/streams/"+name, nil)
	expect(t, r, http.StatusOK, "OK")
	var env wire.StreamInfoEnvelope
	r.JSON(t, &env)
	return env.Response, r
}

// strmOutput finds an output stream by name.
func strmOutput(t *testing.T, info wire.StreamInfo, name string) wire.StreamOutput {
	t.Helper()
	for _, o := range info.Outputs {
		if o.Name != nil && *o.Name == name {
			return o
		}
	}
	t.Fatalf("no output %q in %+v", name, info.Outputs)
	return wire.StreamOutput{}
}

// strmTrack finds a track by name.
func strmTrack(t *testing.T, tracks []wire.Track, name string) wire.Track {
	t.Helper()
	for _, tr := range tracks {
		if tr.Name != nil && *tr.Name == name {
			return tr
		}
	}
	t.Fatalf("no track %q", name)
	return wire.Track{}
}

// strmNames lists the names of a list response.
func strmNames(t *testing.T, h *harness, app string) []string {
	t.Helper()
	r := h.do(http.MethodGet, "/v1/vhosts/default/apps/"+app+"/streams", nil)
	expect(t, r, http.StatusOK, "OK")
	var env wire.NameListEnvelope
	r.JSON(t, &env)
	return env.Response
}

// strmResults decodes a sendEvents results array.
func strmResults(t *testing.T, r response) []wire.SendEventResult {
	t.Helper()
	var res []wire.SendEventResult
	if err := json.Unmarshal(r.Body, &res); err != nil {
		t.Fatalf("not a results array: %s", r.Body)
	}
	return res
}
