package mockserver

import (
	"context"

	"github.com/omekit/omekit/gen"
)

// configBodyErrors maps rejected bodies of this area to OME's messages (see bodyError).
var configBodyErrors = map[string]bodyErrorFunc{}

func (h *handlers) GetVersion(ctx context.Context, request gen.GetVersionRequestObject) (gen.GetVersionResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ListVirtualHosts(ctx context.Context, request gen.ListVirtualHostsRequestObject) (gen.ListVirtualHostsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) CreateVirtualHosts(ctx context.Context, request gen.CreateVirtualHostsRequestObject) (gen.CreateVirtualHostsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) GetVirtualHost(ctx context.Context, request gen.GetVirtualHostRequestObject) (gen.GetVirtualHostResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) DeleteVirtualHost(ctx context.Context, request gen.DeleteVirtualHostRequestObject) (gen.DeleteVirtualHostResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ReloadAllCertificates(ctx context.Context, request gen.ReloadAllCertificatesRequestObject) (gen.ReloadAllCertificatesResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ReloadCertificate(ctx context.Context, request gen.ReloadCertificateRequestObject) (gen.ReloadCertificateResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ListApplications(ctx context.Context, request gen.ListApplicationsRequestObject) (gen.ListApplicationsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) CreateApplications(ctx context.Context, request gen.CreateApplicationsRequestObject) (gen.CreateApplicationsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) GetApplication(ctx context.Context, request gen.GetApplicationRequestObject) (gen.GetApplicationResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) PatchApplication(ctx context.Context, request gen.PatchApplicationRequestObject) (gen.PatchApplicationResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) DeleteApplication(ctx context.Context, request gen.DeleteApplicationRequestObject) (gen.DeleteApplicationResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ListOutputProfiles(ctx context.Context, request gen.ListOutputProfilesRequestObject) (gen.ListOutputProfilesResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) CreateOutputProfiles(ctx context.Context, request gen.CreateOutputProfilesRequestObject) (gen.CreateOutputProfilesResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) GetOutputProfile(ctx context.Context, request gen.GetOutputProfileRequestObject) (gen.GetOutputProfileResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) PatchOutputProfile(ctx context.Context, request gen.PatchOutputProfileRequestObject) (gen.PatchOutputProfileResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) DeleteOutputProfile(ctx context.Context, request gen.DeleteOutputProfileRequestObject) (gen.DeleteOutputProfileResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ReloadAPIServerCertificate(ctx context.Context, request gen.ReloadAPIServerCertificateRequestObject) (gen.ReloadAPIServerCertificateResponseObject, error) {
	return nil, errNotImplemented
}
