package serverxml

import (
	"reflect"
	"strings"
	"testing"
)

// The three Server.xml files shipped with OME 0.21, read from the directory
// named by OME_CONF_EXAMPLES (never copied into the repository): an extra
// check that runs in CI, and is skipped elsewhere.

// Pieces shared by the expected JSON below.
const (
	wantBypassStreamProfile = `{
		"name": "bypass_stream",
		"outputStreamName": "${OriginStreamName}",
		"playlists": [{
			"name": "default",
			"fileName": "master",
			"options": {"webRtcAutoAbr": "true", "hlsChunklistPathDepth": "0", "enableTsPackaging": "true"},
			"rendition_templates": [{
				"name": "${Height}p",
				"video_template": {"encoding_type": "all"},
				"audio_template": {"encoding_type": "all"}
			}]
		}],
		"encodes": {
			"videos": [{"name": "bypass_video", "bypass": "true"}],
			"audios": [
				{"name": "aac_audio", "codec": "aac", "bitrate": "128000", "samplerate": "48000", "channel": "2", "bypassIfMatch": {"codec": "eq"}},
				{"name": "opus_audio", "codec": "opus", "bitrate": "128000", "samplerate": "48000", "channel": "2", "bypassIfMatch": {"codec": "eq"}}
			]
		}
	}`
	wantWebRTCPublisher = `{"timeout": "30000", "rtx": "false", "ulpfec": "false", "jitterBuffer": "false", "createDefaultPlaylist": "true"}`
	wantHLSPublisher    = `{"segmentCount": "4", "segmentDuration": "4", "crossDomains": {"urls": ["*"]}, "createDefaultPlaylist": "true"}`
	wantTLSHost         = `{"names": ["*"], "tls": {"certPath": "./cert.crt", "keyPath": "./cert.key", "chainCertPath": "./cert.ca-bundle"}}`
)

func TestReferenceFiles(t *testing.T) {
	t.Parallel()
	confExamplesDir(t)
	type subtree struct {
		what string
		path []string // in the app's JSON view ("" first element: the vhost's)
		want string
	}
	tests := []struct {
		file     string
		vhost    string // the JSON view of the only vhost
		app      string // its only application
		subtrees []subtree
	}{
		{
			file:  "Server.xml",
			vhost: `{"name": "default", "distribution": "ovenmediaengine.com", "host": {"names": ["*"]}}`,
			app:   "app",
			subtrees: []subtree{
				{"outputProfiles", []string{"outputProfiles"}, `{
					"decodes": {"threadCount": "2", "onlyKeyframes": "false"},
					"outputProfile": [` + wantBypassStreamProfile + `]
				}`},
				{"providers", []string{"providers"}, `{
					"ovt": {}, "rtmp": {}, "srt": {}, "rtspPull": {},
					"mpegts": {"streams": [{"name": "stream_4000", "port": "4000/udp"}]},
					"webrtc": {"timeout": "30000", "crossDomains": {"urls": ["*"]}},
					"schedule": {"mediaRootDir": "/opt/ovenmediaengine/media", "scheduleFilesDir": "/opt/ovenmediaengine/media"}
				}`},
				{"publishers", []string{"publishers"}, `{
					"appWorkerCount": "1", "streamWorkerCount": "8", "ovt": {},
					"webrtc": ` + wantWebRTCPublisher + `,
					"llhls": {
						"chunkDuration": "0.5", "partHoldBack": "1.5", "segmentDuration": "6", "segmentCount": "10",
						"dvr": {"enable": "false", "tempStoragePath": "/tmp/ome_dvr/", "maxDuration": "3600"},
						"drm": {"enable": "false", "infoFile": "path/to/file.xml"},
						"crossDomains": {"urls": ["*"]},
						"createDefaultPlaylist": "true"
					},
					"hls": ` + wantHLSPublisher + `
				}`},
			},
		},
		{
			file:  "Origin.xml",
			vhost: `{"name": "default", "distribution": "ovenmediaengine.com", "host": ` + wantTLSHost + `, "crossDomains": {"urls": ["*"]}}`,
			app:   "app",
			subtrees: []subtree{
				{"outputProfiles", []string{"outputProfiles"}, `{"outputProfile": [` + wantBypassStreamProfile + `]}`},
				{"providers", []string{"providers"}, `{
					"ovt": {}, "rtmp": {}, "srt": {}, "rtspPull": {},
					"webrtc": {"timeout": "30000", "crossDomains": {"urls": ["*"]}},
					"schedule": {"mediaRootDir": "/opt/ovenmediaengine/media", "scheduleFilesDir": "/opt/ovenmediaengine/media"}
				}`},
				{"publishers", []string{"publishers"}, `{
					"appWorkerCount": "1", "streamWorkerCount": "8", "ovt": {},
					"webrtc": ` + wantWebRTCPublisher + `,
					"llhls": {
						"originMode": "true", "chunkDuration": "0.5", "partHoldBack": "1.5", "segmentDuration": "6", "segmentCount": "10",
						"crossDomains": {"urls": ["*"]}, "createDefaultPlaylist": "true"
					},
					"hls": ` + wantHLSPublisher + `
				}`},
			},
		},
		{
			file: "Edge.xml",
			// Origin URLs, a list of plain strings, are shown after ${env:...}
			// substitution (with no variables set: ":9000/").
			vhost: `{
				"name": "default", "distribution": "ovenmediaengine.com", "host": ` + wantTLSHost + `,
				"origins": {
					"properties": {"noInputFailoverTimeout": "3000", "unusedStreamDeletionTimeout": "60000"},
					"origin": [{
						"location": "/",
						"pass": {
							"scheme": "ovt",
							"urls": {"url": [":9000/"]},
							"forwardQueryParams": "true"
						}
					}]
				},
				"crossDomains": {"urls": ["*"]}
			}`,
			app: "*",
			subtrees: []subtree{
				{"whole application", nil, `{
					"name": "*", "type": "live",
					"outputProfiles": {"outputProfile": [{
						"name": "passthrough", "outputStreamName": "${OriginStreamName}",
						"encodes": {"videos": [{"bypass": "true"}], "audios": [{"bypass": "true"}]}
					}]},
					"providers": {"ovt": {}},
					"publishers": {
						"appWorkerCount": "1", "streamWorkerCount": "8",
						"webrtc": ` + wantWebRTCPublisher + `,
						"llhls": {"chunkDuration": "0.5", "segmentDuration": "6", "segmentCount": "10", "crossDomains": {"urls": ["*"]}, "createDefaultPlaylist": "true"},
						"hls": ` + wantHLSPublisher + `
					}
				}`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			path, _ := refFile(t, tt.file)
			// The include="VHost*.xml" next to the file matches nothing there.
			cfg, err := ParseFile(path, noEnv)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Name != "OvenMediaEngine" {
				t.Errorf("Name = %q", cfg.Name)
			}
			// Every reference file ships with the API commented out.
			if cfg.API != nil || cfg.AccessToken != "" || cfg.CrossDomains != nil {
				t.Errorf("API = %+v, AccessToken = %q, CrossDomains = %+v; want the API off", cfg.API, cfg.AccessToken, cfg.CrossDomains)
			}
			if got := vhostNames(cfg); !reflect.DeepEqual(got, []string{"default"}) {
				t.Fatalf("vhosts = %q", got)
			}
			vh := cfg.VirtualHosts[0]
			assertJSON(t, "vhost", vh.Config, tt.vhost)
			if _, ok := vh.Config["applications"]; ok {
				t.Error(`vhost JSON has "applications"`)
			}
			if got := appNames(vh); !reflect.DeepEqual(got, []string{tt.app}) {
				t.Fatalf("apps = %q", got)
			}
			app := vh.Applications[0]
			if app.Config["name"] != tt.app || app.Config["type"] != "live" {
				t.Errorf("name/type = %v/%v", app.Config["name"], app.Config["type"])
			}
			if _, ok := app.Config["dynamic"]; ok {
				t.Error(`app JSON has "dynamic"`)
			}
			for _, st := range tt.subtrees {
				assertJSON(t, st.what, at(app.Config, st.path...), st.want)
			}
		})
	}
}

// The JSON view keeps OME's types: every scalar a string, every list an array
// (also with a single entry), omit-name lists bare.
func TestReferenceJSONTypes(t *testing.T) {
	t.Parallel()
	path, _ := refFile(t, "Server.xml")
	cfg, err := ParseFile(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	vh := cfg.VirtualHosts[0]
	app := vh.Applications[0].Config
	checks := []struct {
		what string
		v    any
		want string // "string", "array" or "object"
	}{
		{"host.names (bare list)", at(vh.Config, "host", "names"), "array"},
		{"outputProfiles.outputProfile (one entry)", at(app, "outputProfiles", "outputProfile"), "array"},
		{"providers.mpegts.streams (bare list, one entry)", at(app, "providers", "mpegts", "streams"), "array"},
		{"providers.webrtc.crossDomains.urls", at(app, "providers", "webrtc", "crossDomains", "urls"), "array"},
		{"providers.ovt (empty element)", at(app, "providers", "ovt"), "object"},
		{"publishers.appWorkerCount (number)", at(app, "publishers", "appWorkerCount"), "string"},
		{"publishers.webrtc.rtx (bool)", at(app, "publishers", "webrtc", "rtx"), "string"},
		{"publishers.llhls.chunkDuration (double)", at(app, "publishers", "llhls", "chunkDuration"), "string"},
	}
	for _, c := range checks {
		var got string
		switch c.v.(type) {
		case string:
			got = "string"
		case []any:
			got = "array"
		case map[string]any:
			got = "object"
		default:
			got = "missing or other"
		}
		if got != c.want {
			t.Errorf("%s: %T (%v), want %s", c.what, c.v, c.v, c.want)
		}
	}
	profiles := at(app, "outputProfiles", "outputProfile").([]any)
	encodes := at(profiles[0], "encodes")
	if videos, ok := at(encodes, "videos").([]any); !ok || len(videos) != 1 {
		t.Errorf("encodes.videos = %v, want a one-entry array", at(encodes, "videos"))
	}
	if audios, ok := at(encodes, "audios").([]any); !ok || len(audios) != 2 {
		t.Errorf("encodes.audios = %v, want two entries", at(encodes, "audios"))
	}
}

// The reference files with their API block un-commented, as an operator
// enables it: the port comes from ${env:OME_API_PORT:8081}.
func TestReferenceFilesWithAPIEnabled(t *testing.T) {
	t.Parallel()
	confExamplesDir(t)
	tests := []struct {
		file        string
		env         map[string]string
		wantAPI     APIConfig
		wantToken   string
		wantCORS    *CrossDomains
		wantErrText string // when the file must be rejected
		errLineOf   string // text on the line the error must name
	}{
		{file: "Origin.xml", wantAPI: APIConfig{Port: 8081}},
		{file: "Origin.xml", env: map[string]string{"OME_API_PORT": "18081"}, wantAPI: APIConfig{Port: 18081}},
		{file: "Edge.xml", wantAPI: APIConfig{Port: 8081}},
		{file: "Edge.xml", env: map[string]string{"OME_API_PORT": "9"}, wantAPI: APIConfig{Port: 9}},
		{
			file: "Origin.xml", env: map[string]string{"OME_API_PORT": "http"},
			wantErrText: `<Port> must be a port number between 1 and 65535, got "http" (from "${env:OME_API_PORT:8081}")`,
			errLineOf:   "${env:OME_API_PORT:8081}",
		},
		{
			// A variable that is set but empty wins over the default, like in OME.
			file: "Edge.xml", env: map[string]string{"OME_API_PORT": ""},
			wantErrText: `got ""`, errLineOf: "${env:OME_API_PORT:8081}",
		},
		{
			file:      "Server.xml",
			wantAPI:   APIConfig{Port: 8081, TLSPort: 8082},
			wantToken: "ome-access-token",
			wantCORS: &CrossDomains{URLs: []string{
				"*.airensoft.com", "http://*.sub-domain.airensoft.com", "http?://airensoft.*",
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			path, data := refFile(t, tt.file)
			data = enableAPI(t, data)
			cfg, err := Parse(data, path, env(tt.env))
			if tt.wantErrText != "" {
				e := asError(t, err)
				if e.File != path || e.Line != lineOf(t, data, tt.errLineOf) || !strings.Contains(e.Msg, tt.wantErrText) {
					t.Errorf("error %q, want %s:%d: …%s…", err, path, lineOf(t, data, tt.errLineOf), tt.wantErrText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.API == nil || *cfg.API != tt.wantAPI {
				t.Errorf("API = %+v, want %+v", cfg.API, tt.wantAPI)
			}
			if cfg.AccessToken != tt.wantToken {
				t.Errorf("AccessToken = %q, want %q", cfg.AccessToken, tt.wantToken)
			}
			if !reflect.DeepEqual(cfg.CrossDomains, tt.wantCORS) {
				t.Errorf("CrossDomains = %+v, want %+v", cfg.CrossDomains, tt.wantCORS)
			}
			// Enabling the API changes nothing in the vhosts.
			if got := vhostNames(cfg); !reflect.DeepEqual(got, []string{"default"}) {
				t.Errorf("vhosts = %q", got)
			}
		})
	}
}
