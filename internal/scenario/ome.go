package scenario

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ServerConfig is what a Runner or recorder needs from a Server.xml.
type ServerConfig struct {
	Token    string
	APIPort  int
	RTMPPort int // the RTMP provider's port (0 if none)
	OVTPort  int // the OVT publisher's port (0 if none)
	// Dirs are the directories OME writes into or reads media from: every <ScheduleFilesDir>,
	// <MuxFilesDir>, <MediaRootDir>, FILE publisher <RootPath> and LLHLS dump <OutputPath>, by
	// element name.
	Dirs map[string][]string
}

// ParseServerConfig reads the few things ServerConfig holds from a Server.xml.
func ParseServerConfig(data []byte) (*ServerConfig, error) {
	var doc struct {
		Bind struct {
			Managers struct {
				API struct {
					Port string `xml:"Port"`
				} `xml:"API"`
			} `xml:"Managers"`
			Providers struct {
				RTMP struct {
					Port string `xml:"Port"`
				} `xml:"RTMP"`
			} `xml:"Providers"`
			Publishers struct {
				OVT struct {
					Port string `xml:"Port"`
				} `xml:"OVT"`
			} `xml:"Publishers"`
		} `xml:"Bind"`
		Managers struct {
			API struct {
				AccessToken string `xml:"AccessToken"`
			} `xml:"API"`
		} `xml:"Managers"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("Server.xml: %w", err)
	}
	c := &ServerConfig{Token: strings.TrimSpace(doc.Managers.API.AccessToken), Dirs: map[string][]string{}}
	port := func(s string) int {
		s, _, _ = strings.Cut(strings.TrimSpace(s), "/")
		n, _ := strconv.Atoi(s)
		return n
	}
	c.APIPort = port(doc.Bind.Managers.API.Port)
	c.RTMPPort = port(doc.Bind.Providers.RTMP.Port)
	c.OVTPort = port(doc.Bind.Publishers.OVT.Port)
	if c.APIPort == 0 {
		return nil, errors.New("Server.xml: no <Bind><Managers><API><Port>")
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("Server.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			name := stack[len(stack)-1]
			switch name {
			case "ScheduleFilesDir", "MuxFilesDir", "MediaRootDir", "RootPath", "OutputPath":
				if v := strings.TrimSpace(string(t)); v != "" {
					c.Dirs[name] = append(c.Dirs[name], v)
				}
			}
		}
	}
	return c, nil
}

// Vars returns the variables a scenario may use for this configuration's ports: API_PORT,
// RTMP_PORT and OVT_PORT.
func (c *ServerConfig) Vars() map[string]string {
	return map[string]string{
		"API_PORT":  strconv.Itoa(c.APIPort),
		"RTMP_PORT": strconv.Itoa(c.RTMPPort),
		"OVT_PORT":  strconv.Itoa(c.OVTPort),
	}
}

// OME is a real OvenMediaEngine started by StartOME.
type OME struct {
	BaseURL string
	Config  *ServerConfig
	ConfDir string
	cmd     *exec.Cmd
	done    chan error
}

// StartOME runs OME in the foreground through runScript (the bundle's run-ome.sh CONF_DIR) on a
// fresh configuration directory under workDir holding serverXML, and waits until its API
// answers. It first empties the directories OME keeps channels in (ScheduleFilesDir,
// MuxFilesDir), the FILE publisher's RootPath and the LLHLS dumps' OutputPath (up to its first
// macro), and creates MediaRootDir; it refuses to touch any of them outside the system's
// temporary directory. env is added to OME's environment. Stop it with Stop.
func StartOME(ctx context.Context, runScript string, serverXML []byte, workDir string, env ...string) (*OME, error) {
	cfg, err := ParseServerConfig(serverXML)
	if err != nil {
		return nil, err
	}
	if err := prepareDirs(cfg); err != nil {
		return nil, err
	}
	conf := filepath.Join(workDir, "conf")
	if err := os.RemoveAll(conf); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(conf, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(conf, "Server.xml"), serverXML, 0o644); err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(workDir, "ome.out"))
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command(runScript, conf)
	cmd.Env = append(append(os.Environ(), "OME_LOG_DIR="+filepath.Join(workDir, "logs")), env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", runScript, err)
	}
	o := &OME{BaseURL: fmt.Sprintf("http://127.0.0.1:%d", cfg.APIPort), Config: cfg, ConfDir: conf, cmd: cmd, done: make(chan error, 1)}
	go func() { o.done <- cmd.Wait() }()
	if err := o.waitReady(ctx, 60*time.Second); err != nil {
		o.Stop()
		return nil, fmt.Errorf("%w (see %s)", err, logf.Name())
	}
	return o, nil
}

func prepareDirs(cfg *ServerConfig) error {
	tmp := filepath.Clean(os.TempDir()) + string(filepath.Separator)
	for name, dirs := range cfg.Dirs {
		for _, d := range dirs {
			if i := strings.Index(d, "${"); i >= 0 {
				d = filepath.Dir(d[:i] + "x") // the directory above the first macro
			}
			d = filepath.Clean(d)
			if !strings.HasPrefix(d+string(filepath.Separator), tmp) || d+string(filepath.Separator) == tmp {
				return fmt.Errorf("Server.xml: <%s>%s</%s> is outside %s; point it into a temporary directory", name, d, name, tmp)
			}
			if name != "MediaRootDir" {
				if err := os.RemoveAll(d); err != nil {
					return err
				}
			}
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
		}
	}
	return nil
}

func (o *OME) waitReady(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	c := &http.Client{Timeout: 2 * time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, o.BaseURL+"/v1/version", nil)
		req.Header.Set("Authorization", Authorization(o.Config.Token, ""))
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-o.done:
			o.done <- err
			return fmt.Errorf("OME exited before its API answered: %v", err)
		case <-ctx.Done():
			return fmt.Errorf("OME's API at %s did not answer within %v", o.BaseURL, timeout)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Stop ends OME (SIGTERM, then SIGKILL after ten seconds) and waits for it.
func (o *OME) Stop() {
	if o == nil || o.cmd == nil || o.cmd.Process == nil {
		return
	}
	_ = o.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-o.done:
	case <-time.After(10 * time.Second):
		_ = o.cmd.Process.Kill()
		<-o.done
	}
}

// GenerateMedia writes a seconds-long H.264 + AAC test pattern to path with ffmpeg.
func GenerateMedia(ctx context.Context, ffmpeg, path string, seconds int) error {
	if ffmpeg == "" {
		ffmpeg = "ffmpeg"
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, ffmpeg, "-nostdin", "-loglevel", "error", "-y",
		"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=640x360:rate=30:duration=%d", seconds),
		"-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=440:sample_rate=48000:duration=%d", seconds),
		"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "30", "-b:v", "800k",
		"-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2", path)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("ffmpeg %s: %v: %s", path, err, out)
	}
	return nil
}
