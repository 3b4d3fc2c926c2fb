package sdk

import (
	"context"

	"github.com/omekit/omekit/gen"
)

// PushService manages push jobs: re-streaming an output stream to an RTMP, SRT or MPEG-TS
// destination. The application needs a Push publisher.
type PushService struct{ c *Client }

// Start creates a push job and returns it, normally in state PushStateReady; a job for an output
// stream that does not exist yet waits for it. A duplicate id is ErrBadRequest, not ErrConflict.
// Operation startPush (POST /v1/vhosts/{vhost}/apps/{app}:startPush).
func (s *PushService) Start(ctx context.Context, vhost, app string, req StartPushRequest) (*Push, error) {
	body, err := jsonBody(req)
	if err != nil {
		return nil, err
	}
	var env gen.PushEnvelope
	if err := into(&env)(s.c.gen.StartPushWithBody(ctx, vhost, app, jsonType, body)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// Stop stops and removes the push job id. The job stays listed for about a second, and its id can
// be reused only after that. Operation stopPush (POST /v1/vhosts/{vhost}/apps/{app}:stopPush).
func (s *PushService) Stop(ctx context.Context, vhost, app, id string) error {
	body, err := jsonBody(gen.PushIDRequest{ID: id})
	if err != nil {
		return err
	}
	return into(nil)(s.c.gen.StopPushWithBody(ctx, vhost, app, jsonType, body))
}

// List returns the application's push jobs sorted by id, or only the job id when id is not empty
// (an unknown id gives an empty list). An application without a Push publisher has no jobs.
// Operation listPushes (POST /v1/vhosts/{vhost}/apps/{app}:pushes); the deprecated GET form is
// not used.
func (s *PushService) List(ctx context.Context, vhost, app, id string) ([]Push, error) {
	var req gen.PushListRequest
	if id != "" {
		req.ID = &id
	}
	body, err := jsonBody(req)
	if err != nil {
		return nil, err
	}
	var env gen.PushListEnvelope
	if err := into(&env)(s.c.gen.ListPushesWithBody(ctx, vhost, app, jsonType, body)); err != nil {
		return nil, err
	}
	return env.Response, nil
}

// RecordingService manages recording jobs: writing an output stream to files. The application
// needs a FILE publisher.
type RecordingService struct{ c *Client }

// Start creates a recording job and returns it: RecordStateRecording when the output stream is
// live, RecordStateReady when the job waits for it, RecordStateError when the file could not be
// opened. A duplicate id is ErrBadRequest. Operation startRecord
// (POST /v1/vhosts/{vhost}/apps/{app}:startRecord).
func (s *RecordingService) Start(ctx context.Context, vhost, app string, req StartRecordRequest) (*Record, error) {
	body, err := jsonBody(req)
	if err != nil {
		return nil, err
	}
	var env gen.RecordEnvelope
	if err := into(&env)(s.c.gen.StartRecordWithBody(ctx, vhost, app, jsonType, body)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// Stop stops the recording job id, removes it at once and returns its last state (state
// RecordStateStopping, with the output paths and totals). Operation stopRecord
// (POST /v1/vhosts/{vhost}/apps/{app}:stopRecord).
func (s *RecordingService) Stop(ctx context.Context, vhost, app, id string) (*Record, error) {
	body, err := jsonBody(gen.RecordIDRequest{ID: id})
	if err != nil {
		return nil, err
	}
	var env gen.RecordEnvelope
	if err := into(&env)(s.c.gen.StopRecordWithBody(ctx, vhost, app, jsonType, body)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// List returns the application's recording jobs sorted by id, or only the job id when id is not
// empty (an unknown id gives an empty list). An application without a FILE publisher is
// ErrNotFound. Operation listRecords (POST /v1/vhosts/{vhost}/apps/{app}:records); the
// deprecated GET form is not used.
func (s *RecordingService) List(ctx context.Context, vhost, app, id string) ([]Record, error) {
	var req gen.RecordListRequest
	if id != "" {
		req.ID = &id
	}
	body, err := jsonBody(req)
	if err != nil {
		return nil, err
	}
	var env gen.RecordListEnvelope
	if err := into(&env)(s.c.gen.ListRecordsWithBody(ctx, vhost, app, jsonType, body)); err != nil {
		return nil, err
	}
	return env.Response, nil
}
