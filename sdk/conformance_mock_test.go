package sdk_test

import (
	"testing"

	"github.com/omekit/omekit/mockserver"
)

func TestConformanceAgainstMock(t *testing.T) {
	ts := mockserver.NewTest(t)
	runConformance(t, ts.Client(), conformanceEnv{
		readOnlyVhost: "default",
		app:           "app",
		publish: func(vhost, app, stream string) error {
			return ts.PublishStream(vhost, app, mockserver.InputStream{Name: stream})
		},
	})
}
