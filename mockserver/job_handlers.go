package mockserver

import (
	"context"

	"github.com/omekit/omekit/gen"
)

// jobBodyErrors maps rejected bodies of this area to OME's messages (see bodyError).
var jobBodyErrors = map[string]bodyErrorFunc{}

// pushJob is a push job of an application.
type pushJob struct{}

// recordJob is a recording job of an application.
type recordJob struct{}

func (h *handlers) StartPush(ctx context.Context, request gen.StartPushRequestObject) (gen.StartPushResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) StopPush(ctx context.Context, request gen.StopPushRequestObject) (gen.StopPushResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ListPushes(ctx context.Context, request gen.ListPushesRequestObject) (gen.ListPushesResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ListPushesDeprecated(ctx context.Context, request gen.ListPushesDeprecatedRequestObject) (gen.ListPushesDeprecatedResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) StartRecord(ctx context.Context, request gen.StartRecordRequestObject) (gen.StartRecordResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) StopRecord(ctx context.Context, request gen.StopRecordRequestObject) (gen.StopRecordResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ListRecords(ctx context.Context, request gen.ListRecordsRequestObject) (gen.ListRecordsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ListRecordsDeprecated(ctx context.Context, request gen.ListRecordsDeprecatedRequestObject) (gen.ListRecordsDeprecatedResponseObject, error) {
	return nil, errNotImplemented
}
