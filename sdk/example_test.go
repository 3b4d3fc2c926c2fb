package sdk_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/omekit/omekit/mockserver"
	"github.com/omekit/omekit/sdk"
)

// newExampleServer starts an in-process mock of OME with its default Server.xml.
func newExampleServer() (*mockserver.Server, *httptest.Server) {
	m, err := mockserver.New()
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
	m, srv := newExampleServer()
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
