package sdk_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/omekit/omekit/mockserver"
	"github.com/omekit/omekit/sdk"
)

// newExampleServer starts an in-process mock of OME with its default Server.xml.
func newExampleServer(opts ...mockserver.Option) (*mockserver.Server, *httptest.Server) {
	m, err := mockserver.New(opts...)
	if err != nil {
		panic(err)
	}
	return m, httptest.NewServer(m.Handler())
}

func Example() {
	_, srv := newExampleServer()
	defer srv.Close()

	c, err := sdk.New(srv.URL, sdk.WithAccessToken("ome-access-token"))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	vhosts, _ := c.VirtualHosts.List(ctx)
	fmt.Println("vhosts:", vhosts)
	apps, _ := c.Applications.List(ctx, "default")
	fmt.Println("apps:", apps)
	// Output:
	// vhosts: [default]
	// apps: [app]
}

// Configuration declared in Server.xml comes back as strings; the SDK's scalar types read either form.
func ExampleApplicationsService_Get() {
	_, srv := newExampleServer()
	defer srv.Close()
	c, _ := sdk.New(srv.URL, sdk.WithAccessToken("ome-access-token"))

	app, err := c.Applications.Get(context.Background(), "default", "app")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(app.Name, app.Type)
	fmt.Println("app workers:", app.Publishers.AppWorkerCount.Int64(), "(sent as a string:", app.Publishers.AppWorkerCount.IsString(), ")")
	// Output:
	// app live
	// app workers: 1 (sent as a string: true )
}

// Batch calls report every item; the error is a *BatchError when any item failed.
func ExampleVirtualHostsService_Create() {
	_, srv := newExampleServer()
	defer srv.Close()
	c, _ := sdk.New(srv.URL, sdk.WithAccessToken("ome-access-token"))

	results, err := c.VirtualHosts.Create(context.Background(), sdk.VirtualHost{Name: "tenant1"}, sdk.VirtualHost{Name: "default"})
	for i, r := range results {
		fmt.Println(i, r.StatusCode, r.Message)
	}
	var be *sdk.BatchError
	if errors.As(err, &be) {
		fmt.Println("failed items:", len(be.Failed), "conflict:", errors.Is(err, sdk.ErrConflict))
	}
	// Output:
	// 0 200 OK
	// 1 409 The virtual host already exists: [default]
	// failed items: 1 conflict: true
}

// Errors are *APIError values that errors.Is matches against the sentinels.
func ExampleAPIError() {
	_, srv := newExampleServer()
	defer srv.Close()
	c, _ := sdk.New(srv.URL, sdk.WithAccessToken("ome-access-token"))
	ctx := context.Background()

	err := c.Applications.Delete(ctx, "default", "app")
	fmt.Println(errors.Is(err, sdk.ErrReadOnly), errors.Is(err, sdk.ErrForbidden))

	_, err = c.Streams.Get(ctx, "default", "app", "nosuch")
	var ae *sdk.APIError
	if errors.As(err, &ae) {
		fmt.Println(ae.StatusCode, ae.Message)
	}
	// Output:
	// true true
	// 404 Could not find the stream: [default/#default#app/nosuch]
}

// The mock's hooks make streams appear, so push jobs can be followed from reserved to pushing.
func ExamplePushService_Start() {
	// OME starts a push on its next control pass, about a second after the call (and after the
	// stream appears); WithoutDelays makes the mock do it at once.
	m, srv := newExampleServer(mockserver.WithoutDelays())
	defer srv.Close()
	c, _ := sdk.New(srv.URL, sdk.WithAccessToken("ome-access-token"))
	ctx := context.Background()

	req := sdk.StartPushRequest{ID: "yt", Protocol: "rtmp", URL: "rtmp://a.rtmp.example/live2",
		StreamKey: "key", Stream: sdk.JobStreamRequest{Name: "cam"}}
	p, _ := c.Push.Start(ctx, "default", "app", req)
	fmt.Println(p.ID, p.State)

	_ = m.PublishStream("default", "app", mockserver.InputStream{Name: "cam"})
	pushes, _ := c.Push.List(ctx, "default", "app", "")
	fmt.Println(pushes[0].ID, pushes[0].State)
	// Output:
	// yt ready
	// yt pushing
}

// New takes the API server's base URL and options; the access token is the raw
// <Managers><API><AccessToken> of Server.xml.
func ExampleNew() {
	_, srv := newExampleServer()
	defer srv.Close()

	c, err := sdk.New(srv.URL,
		sdk.WithAccessToken("ome-access-token"),
		sdk.WithUserAgent("my-service/1.2"),
		sdk.WithRetry(sdk.RetryPolicy{MaxAttempts: 3, MinBackoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := c.Version.Get(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("OME", v.Version)

	_, err = sdk.New("http://ome.example:8081/?debug=1")
	fmt.Println(err)
	// Output:
	// OME 0.21.0
	// sdk: base URL "http://ome.example:8081/" must not have a query or a fragment
}

// Names that would change which URL is requested are refused before anything is sent.
func ExampleErrInvalidName() {
	_, srv := newExampleServer()
	defer srv.Close()
	c, _ := sdk.New(srv.URL, sdk.WithAccessToken("ome-access-token"))

	err := c.Applications.Delete(context.Background(), "default", "..")
	fmt.Println(errors.Is(err, sdk.ErrInvalidName))
	fmt.Println(err)
	// Output:
	// true
	// sdk: invalid name: app ".." cannot be a segment of a URL path
}

// Values returns what OME stored for the items that succeeded; the *BatchError says which failed.
func ExampleValues() {
	_, srv := newExampleServer()
	defer srv.Close()
	c, _ := sdk.New(srv.URL, sdk.WithAccessToken("ome-access-token"))
	ctx := context.Background()

	results, err := c.VirtualHosts.Create(ctx, sdk.VirtualHost{Name: "a"}, sdk.VirtualHost{Name: "default"}, sdk.VirtualHost{Name: "b"})
	for _, vh := range sdk.Values(results) {
		fmt.Println("created", vh.Name)
	}
	var be *sdk.BatchError
	if errors.As(err, &be) {
		for _, f := range be.Failed {
			fmt.Println("item", f.Index, "failed:", f.StatusCode, f.Message)
		}
	}
	// Output:
	// created a
	// created b
	// item 1 failed: 409 The virtual host already exists: [default]
}
