package sdk

import (
	"context"

	"github.com/omekit/omekit/internal/apiclient"
)

// VersionService reads the server's version.
type VersionService struct{ c *Client }

// Get returns OME's version. Operation getVersion (GET /v1/version).
func (s *VersionService) Get(ctx context.Context) (*Version, error) {
	return call[Version](s.c)(apiclient.GetVersion(ctx, s.c.base))
}

// VirtualHostsService manages virtual hosts and their TLS certificates.
type VirtualHostsService struct{ c *Client }

// List returns the names of all virtual hosts. Operation listVirtualHosts (GET /v1/vhosts).
func (s *VirtualHostsService) List(ctx context.Context) ([]string, error) {
	return callList[string](s.c)(apiclient.ListVirtualHosts(ctx, s.c.base))
}

// Create creates virtual hosts, each judged on its own. It returns one result per host, in order;
// the error is nil only when every host was created, a *BatchError when some were not, and an
// *APIError when the request as a whole failed. Operation createVirtualHosts (POST /v1/vhosts).
func (s *VirtualHostsService) Create(ctx context.Context, hosts ...VirtualHost) ([]Result[VirtualHost], error) {
	if hosts == nil {
		hosts = []VirtualHost{}
	}
	body, err := encode(hosts)
	if err != nil {
		return nil, err
	}
	return callBatch[VirtualHost](s.c, len(hosts))(apiclient.CreateVirtualHosts(ctx, s.c.base, body))
}

// Get returns a virtual host's configuration. Operation getVirtualHost (GET /v1/vhosts/{vhost}).
func (s *VirtualHostsService) Get(ctx context.Context, vhost string) (*VirtualHost, error) {
	return call[VirtualHost](s.c)(apiclient.GetVirtualHost(ctx, s.c.base, vhost))
}

// Delete deletes a virtual host created through the API (ErrReadOnly for one declared in
// Server.xml). Operation deleteVirtualHost (DELETE /v1/vhosts/{vhost}).
func (s *VirtualHostsService) Delete(ctx context.Context, vhost string) error {
	return s.c.callStatus(apiclient.DeleteVirtualHost(ctx, s.c.base, vhost))
}

// ReloadAllCertificates reloads every virtual host's TLS certificate from its files. Operation
// reloadAllCertificates (POST /v1/vhosts:reloadAllCertificates).
func (s *VirtualHostsService) ReloadAllCertificates(ctx context.Context) error {
	return s.c.callStatus(apiclient.ReloadAllCertificates(ctx, s.c.base, emptyObject))
}

// ReloadCertificate reloads one virtual host's TLS certificate. Operation reloadCertificate
// (POST /v1/vhosts/{vhost}:reloadCertificate).
func (s *VirtualHostsService) ReloadCertificate(ctx context.Context, vhost string) error {
	return s.c.callStatus(apiclient.ReloadCertificate(ctx, s.c.base, vhost, emptyObject))
}

// ApplicationsService manages the applications of a virtual host.
type ApplicationsService struct{ c *Client }

// List returns the names of a virtual host's applications, oldest first. Operation
// listApplications (GET /v1/vhosts/{vhost}/apps).
func (s *ApplicationsService) List(ctx context.Context, vhost string) ([]string, error) {
	return callList[string](s.c)(apiclient.ListApplications(ctx, s.c.base, vhost))
}

// Create creates applications in a virtual host created through the API; OME fills in default
// providers, publishers and output profiles for keys that are absent. Results and errors as for
// VirtualHostsService.Create; note that OME aborts the rest of the request at the first
// application whose configuration is invalid (an *APIError), keeping those created before it.
// Operation createApplications (POST /v1/vhosts/{vhost}/apps).
func (s *ApplicationsService) Create(ctx context.Context, vhost string, apps ...Application) ([]Result[Application], error) {
	if apps == nil {
		apps = []Application{}
	}
	body, err := encode(apps)
	if err != nil {
		return nil, err
	}
	return callBatch[Application](s.c, len(apps))(apiclient.CreateApplications(ctx, s.c.base, vhost, body))
}

// Get returns an application's configuration. Operation getApplication
// (GET /v1/vhosts/{vhost}/apps/{app}).
func (s *ApplicationsService) Get(ctx context.Context, vhost, app string) (*Application, error) {
	return call[Application](s.c)(apiclient.GetApplication(ctx, s.c.base, vhost, app))
}

// Patch merges patch into the application's configuration (objects merge; values, arrays and
// nulls replace) and restarts the application, dropping its streams. Operation patchApplication
// (PATCH /v1/vhosts/{vhost}/apps/{app}).
func (s *ApplicationsService) Patch(ctx context.Context, vhost, app string, patch ApplicationPatch) (*Application, error) {
	body, err := encode(patch)
	if err != nil {
		return nil, err
	}
	return call[Application](s.c)(apiclient.PatchApplication(ctx, s.c.base, vhost, app, body))
}

// Delete deletes an application and its streams. Operation deleteApplication
// (DELETE /v1/vhosts/{vhost}/apps/{app}).
func (s *ApplicationsService) Delete(ctx context.Context, vhost, app string) error {
	return s.c.callStatus(apiclient.DeleteApplication(ctx, s.c.base, vhost, app))
}

// OutputProfilesService manages an application's output profiles. Every write restarts the
// application.
type OutputProfilesService struct{ c *Client }

// List returns the names of the application's output profiles in configuration order. Operation
// listOutputProfiles (GET /v1/vhosts/{vhost}/apps/{app}/outputProfiles).
func (s *OutputProfilesService) List(ctx context.Context, vhost, app string) ([]string, error) {
	return callList[string](s.c)(apiclient.ListOutputProfiles(ctx, s.c.base, vhost, app))
}

// Create adds output profiles (each needs a name, an output stream name and encodes). Results
// and errors as for VirtualHostsService.Create. Operation createOutputProfiles
// (POST /v1/vhosts/{vhost}/apps/{app}/outputProfiles).
func (s *OutputProfilesService) Create(ctx context.Context, vhost, app string, profiles ...OutputProfile) ([]Result[OutputProfile], error) {
	if profiles == nil {
		profiles = []OutputProfile{}
	}
	body, err := encode(profiles)
	if err != nil {
		return nil, err
	}
	return callBatch[OutputProfile](s.c, len(profiles))(apiclient.CreateOutputProfiles(ctx, s.c.base, vhost, app, body))
}

// Get returns one output profile. Operation getOutputProfile
// (GET /v1/vhosts/{vhost}/apps/{app}/outputProfiles/{profile}).
func (s *OutputProfilesService) Get(ctx context.Context, vhost, app, profile string) (*OutputProfile, error) {
	return call[OutputProfile](s.c)(apiclient.GetOutputProfile(ctx, s.c.base, vhost, app, profile))
}

// Replace replaces an output profile entirely (OME's PATCH is a full replacement; the name is
// kept from the path). It returns the stored profile, or nil when OME answered without one.
// Operation patchOutputProfile (PATCH /v1/vhosts/{vhost}/apps/{app}/outputProfiles/{profile}).
func (s *OutputProfilesService) Replace(ctx context.Context, vhost, app, profile string, update OutputProfileUpdate) (*OutputProfile, error) {
	body, err := encode(update)
	if err != nil {
		return nil, err
	}
	return callNullable[OutputProfile](s.c)(apiclient.PatchOutputProfile(ctx, s.c.base, vhost, app, profile, body))
}

// Delete deletes an output profile. Operation deleteOutputProfile
// (DELETE /v1/vhosts/{vhost}/apps/{app}/outputProfiles/{profile}).
func (s *OutputProfilesService) Delete(ctx context.Context, vhost, app, profile string) error {
	return s.c.callStatus(apiclient.DeleteOutputProfile(ctx, s.c.base, vhost, app, profile))
}

// APIServerService manages the API server itself.
type APIServerService struct{ c *Client }

// ReloadCertificate reloads the API server's own TLS certificate (an error when the API has no
// TLS port). Operation reloadAPIServerCertificate (POST /v1/managers/api:reloadCertificate).
func (s *APIServerService) ReloadCertificate(ctx context.Context) error {
	return s.c.callStatus(apiclient.ReloadAPIServerCertificate(ctx, s.c.base, emptyObject))
}
