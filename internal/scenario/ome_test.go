package scenario

import (
	"crypto/tls"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseServerConfig(t *testing.T) {
	xml := `<?xml version="1.0"?>
<Server version="8">
	<Bind>
		<Managers><API><Port>28081</Port></API></Managers>
		<Providers><RTMP><Port>28082</Port></RTMP><MPEGTS><Port>28084/udp</Port></MPEGTS></Providers>
		<Publishers><OVT><Port>28092</Port></OVT></Publishers>
	</Bind>
	<Managers><API><AccessToken> tok </AccessToken></API></Managers>
	<VirtualHosts><VirtualHost><Applications><Application>
		<Providers><Schedule><MediaRootDir>/tmp/x/media</MediaRootDir><ScheduleFilesDir>/tmp/x/sch</ScheduleFilesDir></Schedule></Providers>
		<Publishers><FILE><RootPath>/tmp/x/rec</RootPath></FILE>
			<LLHLS><Dumps><Dump><OutputPath>/tmp/x/dumps/${StreamName}</OutputPath></Dump></Dumps></LLHLS></Publishers>
	</Application></Applications></VirtualHost></VirtualHosts>
</Server>`
	c, err := ParseServerConfig([]byte(xml))
	if err != nil {
		t.Fatal(err)
	}
	if c.Token != "tok" || c.APIPort != 28081 || c.RTMPPort != 28082 || c.OVTPort != 28092 {
		t.Errorf("config %+v", c)
	}
	want := map[string][]string{"MediaRootDir": {"/tmp/x/media"}, "ScheduleFilesDir": {"/tmp/x/sch"}, "RootPath": {"/tmp/x/rec"}, "OutputPath": {"/tmp/x/dumps/${StreamName}"}}
	if !reflect.DeepEqual(c.Dirs, want) {
		t.Errorf("dirs %v, want %v", c.Dirs, want)
	}
	if v := c.Vars(); v["API_PORT"] != "28081" || v["RTMP_PORT"] != "28082" || v["OVT_PORT"] != "28092" {
		t.Errorf("vars %v", v)
	}
	if _, err := ParseServerConfig([]byte(`<Server><Bind/></Server>`)); err == nil {
		t.Error("a Server.xml without an API port was accepted")
	}
}

func TestPrepareDirs(t *testing.T) {
	root, err := os.MkdirTemp("", "scenario-dirs-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(root)
	stale := filepath.Join(root, "sch", "old.sch")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	media := filepath.Join(root, "media", "clip.mp4")
	if err := os.MkdirAll(filepath.Dir(media), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(media, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &ServerConfig{Dirs: map[string][]string{
		"ScheduleFilesDir": {filepath.Join(root, "sch")},
		"MediaRootDir":     {filepath.Join(root, "media")},
		"OutputPath":       {filepath.Join(root, "dumps") + "/${StreamName}/x"},
	}}
	if err := prepareDirs(cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("a channel file of an earlier run survived")
	}
	if _, err := os.Stat(media); err != nil {
		t.Error("the media directory was emptied")
	}
	if _, err := os.Stat(filepath.Join(root, "dumps")); err != nil {
		t.Error("the directory above a macro was not created")
	}
	for _, outside := range []string{"/opt/ovenmediaengine/mux", os.TempDir()} {
		err := prepareDirs(&ServerConfig{Dirs: map[string][]string{"MuxFilesDir": {outside}}})
		if err == nil || !strings.Contains(err.Error(), "temporary directory") {
			t.Errorf("%s: %v, want a refusal", outside, err)
		}
	}
}

func TestFFmpegArgs(t *testing.T) {
	f := &FFmpeg{RTMPAddr: "127.0.0.1:1935"}
	args, err := f.Args(Publish{Vhost: "default", App: "live", Stream: "s", Tracks: []Track{
		{Type: "Video", Codec: "H264", Width: 320, Height: 240, Framerate: 25, Bitrate: 500000},
		{Type: "Audio", Codec: "AAC", Samplerate: 44100, Channels: 1, Bitrate: 64000},
	}})
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Join(args, " ")
	for _, want := range []string{"testsrc2=size=320x240:rate=25", "-g 25", "-b:v 500000", "sine=frequency=440:sample_rate=44100",
		"-ar 44100 -ac 1", "-b:a 64000", "-f flv rtmp://127.0.0.1:1935/live/s"} {
		if !strings.Contains(line, want) {
			t.Errorf("ffmpeg %s lacks %q", line, want)
		}
	}
	audioOnly, err := f.Args(Publish{App: "a", Stream: "s", Tracks: []Track{{Type: "Audio"}}})
	if err != nil || strings.Contains(strings.Join(audioOnly, " "), "testsrc2") || !strings.Contains(strings.Join(audioOnly, " "), "-map 0:a") {
		t.Errorf("audio only: %v %v", audioOnly, err)
	}
	for name, p := range map[string]Publish{
		"no tracks": {App: "a", Stream: "s"},
		"vp8":       {App: "a", Stream: "s", Tracks: []Track{{Type: "Video", Codec: "VP8"}}},
		"opus":      {App: "a", Stream: "s", Tracks: []Track{{Type: "Audio", Codec: "OPUS"}}},
	} {
		if _, err := f.Args(p); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestWriteCertificate(t *testing.T) {
	prefix := filepath.Join(t.TempDir(), "tls", "api")
	if err := WriteCertificate(prefix); err != nil {
		t.Fatal(err)
	}
	cert, err := tls.LoadX509KeyPair(prefix+".crt", prefix+".key")
	if err != nil {
		t.Fatalf("the written pair does not load: %v", err)
	}
	if len(cert.Certificate) != 1 {
		t.Errorf("%d certificates", len(cert.Certificate))
	}
	sc := &Scenario{Certificates: []string{"{{TLS_DIR}}/a", "{{TLS_DIR}}/b"}}
	dir := t.TempDir()
	if err := sc.WriteCertificates(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"a.crt", "a.key", "b.crt", "b.key"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}
