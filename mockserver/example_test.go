package mockserver_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/omekit/omekit/mockserver"
	"github.com/omekit/omekit/sdk"
)

// In a test, NewTest takes the test's *testing.T (any testing.TB): the mock listens on a free
// loopback port, stops when the test ends, and hands out an SDK client that is ready to use. The
// hooks of the mock make streams appear, which OME's API cannot.
func ExampleNewTest() {
	t, end := exampleT() // in a test function: the test's t
	defer end()

	ts := mockserver.NewTest(t)
	c := ts.Client()
	ctx := context.Background()

	if _, err := c.VirtualHosts.Create(ctx, sdk.VirtualHost{Name: "tenant1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Applications.Create(ctx, "tenant1", sdk.Application{Name: "live", Type: sdk.ApplicationTypeLive}); err != nil {
		t.Fatal(err)
	}
	if err := ts.PublishStream("tenant1", "live", mockserver.InputStream{Name: "cam"}); err != nil {
		t.Fatal(err)
	}
	info, err := c.Streams.Get(ctx, "tenant1", "live", "cam")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(info.Name, info.Input.SourceType, len(info.Input.Tracks), "tracks")
	// Output:
	// cam Rtmp 3 tracks
}

// exampleT is a stand-in for a test's *testing.T, so that the example runs as documentation: it
// runs the cleanups when the example ends and panics where a test would fail.
func exampleT() (testing.TB, func()) {
	t := &fakeT{}
	return t, func() {
		for i := len(t.cleanups) - 1; i >= 0; i-- {
			t.cleanups[i]()
		}
	}
}

type fakeT struct {
	testing.TB // only the methods below are used
	cleanups   []func()
}

func (*fakeT) Helper()                           {}
func (t *fakeT) Cleanup(f func())                { t.cleanups = append(t.cleanups, f) }
func (*fakeT) Fatal(args ...any)                 { panic(fmt.Sprint(args...)) }
func (*fakeT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
