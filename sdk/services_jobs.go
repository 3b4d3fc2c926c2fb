package sdk

import (
	"context"

	"github.com/omekit/omekit/internal/apiclient"
)

// PushService manages push jobs: re-streaming an output stream to an RTMP, SRT or MPEG-TS
// destination. The application needs a Push publisher.
type PushService struct{ c *Client }

// Start creates a push job and returns it, normally in state PushStateReady; a job for an output
// stream that does not exist yet waits for it. A duplicate id is ErrBadRequest, not ErrConflict.
// Operation startPush (POST /v1/vhosts/{vhost}/apps/{app}:startPush).
func (s *PushService) Start(ctx context.Context, vhost, app string, req StartPushRequest) (*Push, error) {
	body, err := encode(req)
	if err != nil {
		return nil, err
	}
	return call[Push](s.c)(apiclient.StartPush(ctx, s.c.base, vhost, app, body))
}

// Stop stops and removes the push job id. The job stays listed for about a second, and its id can
// be reused only after that. Operation stopPush (POST /v1/vhosts/{vhost}/apps/{app}:stopPush).
func (s *PushService) Stop(ctx context.Context, vhost, app, id string) error {
	body, err := encode(jobID{ID: id})
	if err != nil {
		return err
	}
	return s.c.callStatus(apiclient.StopPush(ctx, s.c.base, vhost, app, body))
}

// List returns the application's push jobs sorted by id, or only the job id when id is not empty
// (an unknown id gives an empty list). An application without a Push publisher has no jobs.
// Operation listPushes (POST /v1/vhosts/{vhost}/apps/{app}:pushes); the deprecated GET form is
// not used.
func (s *PushService) List(ctx context.Context, vhost, app, id string) ([]Push, error) {
	body, err := encode(jobFilter{ID: id})
	if err != nil {
		return nil, err
	}
	return callList[Push](s.c)(apiclient.ListPushes(ctx, s.c.base, vhost, app, body))
}

// RecordingService manages recording jobs: writing an output stream to files. The application
// needs a FILE publisher.
type RecordingService struct{ c *Client }

// Start creates a recording job and returns it: RecordStateRecording when the output stream is
// live, RecordStateReady when the job waits for it, RecordStateError when the file could not be
// opened. A duplicate id is ErrBadRequest. Operation startRecord
// (POST /v1/vhosts/{vhost}/apps/{app}:startRecord).
func (s *RecordingService) Start(ctx context.Context, vhost, app string, req StartRecordRequest) (*Record, error) {
	body, err := encode(req)
	if err != nil {
		return nil, err
	}
	return call[Record](s.c)(apiclient.StartRecord(ctx, s.c.base, vhost, app, body))
}

// Stop stops the recording job id, removes it at once and returns its last state (state
// RecordStateStopping, with the output paths and totals). Operation stopRecord
// (POST /v1/vhosts/{vhost}/apps/{app}:stopRecord).
func (s *RecordingService) Stop(ctx context.Context, vhost, app, id string) (*Record, error) {
	body, err := encode(jobID{ID: id})
	if err != nil {
		return nil, err
	}
	return call[Record](s.c)(apiclient.StopRecord(ctx, s.c.base, vhost, app, body))
}

// List returns the application's recording jobs sorted by id, or only the job id when id is not
// empty (an unknown id gives an empty list). An application without a FILE publisher is
// ErrNotFound. Operation listRecords (POST /v1/vhosts/{vhost}/apps/{app}:records); the
// deprecated GET form is not used.
func (s *RecordingService) List(ctx context.Context, vhost, app, id string) ([]Record, error) {
	body, err := encode(jobFilter{ID: id})
	if err != nil {
		return nil, err
	}
	return callList[Record](s.c)(apiclient.ListRecords(ctx, s.c.base, vhost, app, body))
}

// jobID is the body of :stopPush and :stopRecord.
type jobID struct {
	ID string `json:"id"`
}

// jobFilter is the body of :pushes and :records: every job, or the one with the id.
type jobFilter struct {
	ID string `json:"id,omitempty"`
}
