//go:build integration

package sdk_test

import (
	"os"
	"testing"

	"github.com/omekit/omekit/sdk"
)

// TestConformanceAgainstOME runs the conformance suite against a real OvenMediaEngine:
//
//	OME_URL=http://127.0.0.1:8081 OME_TOKEN=... OME_STREAM=stream go test -tags integration -run Conformance ./sdk/
//
// OME_VHOST (default "default") must be a Server.xml virtual host whose application OME_APP
// (default "app") has Push and FILE publishers and a live input stream OME_STREAM.
func TestConformanceAgainstOME(t *testing.T) {
	url, token, stream := os.Getenv("OME_URL"), os.Getenv("OME_TOKEN"), os.Getenv("OME_STREAM")
	if url == "" || token == "" || stream == "" {
		t.Fatal("set OME_URL, OME_TOKEN and OME_STREAM to run the suite against a real OvenMediaEngine")
	}
	c, err := sdk.New(url, sdk.WithAccessToken(token))
	if err != nil {
		t.Fatal(err)
	}
	runConformance(t, c, conformanceEnv{readOnlyVhost: getenv("OME_VHOST", "default"), app: getenv("OME_APP", "app"), stream: stream})
}

func getenv(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
