package sdk

import (
	"context"

	"github.com/omekit/omekit/gen"
)

// VersionService reads the server's version.
type VersionService struct{ c *Client }

// Get returns OME's version. Operation getVersion (GET /v1/version).
func (s *VersionService) Get(ctx context.Context) (*Version, error) {
	var env gen.VersionEnvelope
	if err := into(&env)(s.c.gen.GetVersion(ctx)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// VirtualHostsService manages virtual hosts and their TLS certificates.
type VirtualHostsService struct{ c *Client }

// List returns the names of all virtual hosts. Operation listVirtualHosts (GET /v1/vhosts).
func (s *VirtualHostsService) List(ctx context.Context) ([]string, error) {
	var env gen.NameListEnvelope
	if err := into(&env)(s.c.gen.ListVirtualHosts(ctx)); err != nil {
		return nil, err
	}
	return env.Response, nil
}

// Create creates virtual hosts, each judged on its own. It returns one result per host, in order;
// the error is nil only when every host was created, a *BatchError when some were not, and an
// *APIError when the request as a whole failed. Operation createVirtualHosts (POST /v1/vhosts).
func (s *VirtualHostsService) Create(ctx context.Context, hosts ...VirtualHost) ([]Result[VirtualHost], error) {
	if hosts == nil {
		hosts = []VirtualHost{}
	}
	body, err := jsonBody(hosts)
	if err != nil {
		return nil, err
	}
	return readBatch[VirtualHost](s.c.gen.CreateVirtualHostsWithBody(ctx, jsonType, body))
}

// Get returns a virtual host's configuration. Operation getVirtualHost (GET /v1/vhosts/{vhost}).
func (s *VirtualHostsService) Get(ctx context.Context, vhost string) (*VirtualHost, error) {
	var env gen.VirtualHostEnvelope
	if err := into(&env)(s.c.gen.GetVirtualHost(ctx, vhost)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// Delete deletes a virtual host created through the API (ErrReadOnly for one declared in
// Server.xml). Operation deleteVirtualHost (DELETE /v1/vhosts/{vhost}).
func (s *VirtualHostsService) Delete(ctx context.Context, vhost string) error {
	return into(nil)(s.c.gen.DeleteVirtualHost(ctx, vhost))
}

// ReloadAllCertificates reloads every virtual host's TLS certificate from its files. Operation
// reloadAllCertificates (POST /v1/vhosts:reloadAllCertificates).
func (s *VirtualHostsService) ReloadAllCertificates(ctx context.Context) error {
	body, _ := jsonBody(nil)
	return into(nil)(s.c.gen.ReloadAllCertificatesWithBody(ctx, jsonType, body))
}

// ReloadCertificate reloads one virtual host's TLS certificate. Operation reloadCertificate
// (POST /v1/vhosts/{vhost}:reloadCertificate).
func (s *VirtualHostsService) ReloadCertificate(ctx context.Context, vhost string) error {
	body, _ := jsonBody(nil)
	return into(nil)(s.c.gen.ReloadCertificateWithBody(ctx, vhost, jsonType, body))
}

// ApplicationsService manages the applications of a virtual host.
type ApplicationsService struct{ c *Client }

// List returns the names of a virtual host's applications, oldest first. Operation
// listApplications (GET /v1/vhosts/{vhost}/apps).
func (s *ApplicationsService) List(ctx context.Context, vhost string) ([]string, error) {
	var env gen.NameListEnvelope
	if err := into(&env)(s.c.gen.ListApplications(ctx, vhost)); err != nil {
		return nil, err
	}
	return env.Response, nil
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
	body, err := jsonBody(apps)
	if err != nil {
		return nil, err
	}
	return readBatch[Application](s.c.gen.CreateApplicationsWithBody(ctx, vhost, jsonType, body))
}

// Get returns an application's configuration. Operation getApplication
// (GET /v1/vhosts/{vhost}/apps/{app}).
func (s *ApplicationsService) Get(ctx context.Context, vhost, app string) (*Application, error) {
	var env gen.ApplicationEnvelope
	if err := into(&env)(s.c.gen.GetApplication(ctx, vhost, app)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// Patch merges patch into the application's configuration (objects merge; values, arrays and
// nulls replace) and restarts the application, dropping its streams. Operation patchApplication
// (PATCH /v1/vhosts/{vhost}/apps/{app}).
func (s *ApplicationsService) Patch(ctx context.Context, vhost, app string, patch ApplicationPatch) (*Application, error) {
	body, err := jsonBody(patch)
	if err != nil {
		return nil, err
	}
	var env gen.ApplicationEnvelope
	if err := into(&env)(s.c.gen.PatchApplicationWithBody(ctx, vhost, app, jsonType, body)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// Delete deletes an application and its streams. Operation deleteApplication
// (DELETE /v1/vhosts/{vhost}/apps/{app}).
func (s *ApplicationsService) Delete(ctx context.Context, vhost, app string) error {
	return into(nil)(s.c.gen.DeleteApplication(ctx, vhost, app))
}

// OutputProfilesService manages an application's output profiles. Every write restarts the
// application.
type OutputProfilesService struct{ c *Client }

// List returns the names of the application's output profiles in configuration order. Operation
// listOutputProfiles (GET /v1/vhosts/{vhost}/apps/{app}/outputProfiles).
func (s *OutputProfilesService) List(ctx context.Context, vhost, app string) ([]string, error) {
	var env gen.NameListEnvelope
	if err := into(&env)(s.c.gen.ListOutputProfiles(ctx, vhost, app)); err != nil {
		return nil, err
	}
	return env.Response, nil
}

// Create adds output profiles (each needs a name, an output stream name and encodes). Results
// and errors as for VirtualHostsService.Create. Operation createOutputProfiles
// (POST /v1/vhosts/{vhost}/apps/{app}/outputProfiles).
func (s *OutputProfilesService) Create(ctx context.Context, vhost, app string, profiles ...OutputProfile) ([]Result[OutputProfile], error) {
	if profiles == nil {
		profiles = []OutputProfile{}
	}
	body, err := jsonBody(profiles)
	if err != nil {
		return nil, err
	}
	return readBatch[OutputProfile](s.c.gen.CreateOutputProfilesWithBody(ctx, vhost, app, jsonType, body))
}

// Get returns one output profile. Operation getOutputProfile
// (GET /v1/vhosts/{vhost}/apps/{app}/outputProfiles/{profile}).
func (s *OutputProfilesService) Get(ctx context.Context, vhost, app, profile string) (*OutputProfile, error) {
	var env gen.OutputProfileEnvelope
	if err := into(&env)(s.c.gen.GetOutputProfile(ctx, vhost, app, profile)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// Replace replaces an output profile entirely (OME's PATCH is a full replacement; the name is
// kept from the path). It returns the stored profile, or nil when OME answered without one.
// Operation patchOutputProfile (PATCH /v1/vhosts/{vhost}/apps/{app}/outputProfiles/{profile}).
func (s *OutputProfilesService) Replace(ctx context.Context, vhost, app, profile string, update OutputProfileUpdate) (*OutputProfile, error) {
	body, err := jsonBody(update)
	if err != nil {
		return nil, err
	}
	var env gen.CoreOutputProfileReplaceEnvelope
	if err := into(&env)(s.c.gen.PatchOutputProfileWithBody(ctx, vhost, app, profile, jsonType, body)); err != nil {
		return nil, err
	}
	return env.Response, nil
}

// Delete deletes an output profile. Operation deleteOutputProfile
// (DELETE /v1/vhosts/{vhost}/apps/{app}/outputProfiles/{profile}).
func (s *OutputProfilesService) Delete(ctx context.Context, vhost, app, profile string) error {
	return into(nil)(s.c.gen.DeleteOutputProfile(ctx, vhost, app, profile))
}

// APIServerService manages the API server itself.
type APIServerService struct{ c *Client }

// ReloadCertificate reloads the API server's own TLS certificate (an error when the API has no
// TLS port). Operation reloadAPIServerCertificate (POST /v1/managers/api:reloadCertificate).
func (s *APIServerService) ReloadCertificate(ctx context.Context) error {
	body, _ := jsonBody(nil)
	return into(nil)(s.c.gen.ReloadAPIServerCertificateWithBody(ctx, jsonType, body))
}
