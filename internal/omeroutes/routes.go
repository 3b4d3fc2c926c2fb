// Package omeroutes is the table of OvenMediaEngine 0.21's v1 REST API routes: every operation
// its API server registers, with the method, the path template and the operationId that
// openapi/ome.yaml gives it. It is a fact about OME (recorded from its route registrations and
// checked against the running server, see docs/ome-behaviour.md), kept apart from the document so
// that tests can hold the document, the generated code and the mock to it.
package omeroutes

import "net/http"

// Route is one operation of OME's v1 API.
type Route struct {
	Method, Path, OperationID string
}

// Routes lists every operation OME 0.21 answers: nothing more, nothing less.
var Routes = []Route{
	{http.MethodGet, "/v1/version", "getVersion"},

	{http.MethodGet, "/v1/vhosts", "listVirtualHosts"},
	{http.MethodPost, "/v1/vhosts", "createVirtualHosts"},
	{http.MethodGet, "/v1/vhosts/{vhost}", "getVirtualHost"},
	{http.MethodDelete, "/v1/vhosts/{vhost}", "deleteVirtualHost"},
	{http.MethodPost, "/v1/vhosts:reloadAllCertificates", "reloadAllCertificates"},
	{http.MethodPost, "/v1/vhosts/{vhost}:reloadCertificate", "reloadCertificate"},

	{http.MethodGet, "/v1/vhosts/{vhost}/apps", "listApplications"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps", "createApplications"},
	{http.MethodGet, "/v1/vhosts/{vhost}/apps/{app}", "getApplication"},
	{http.MethodPatch, "/v1/vhosts/{vhost}/apps/{app}", "patchApplication"},
	{http.MethodDelete, "/v1/vhosts/{vhost}/apps/{app}", "deleteApplication"},

	{http.MethodGet, "/v1/vhosts/{vhost}/apps/{app}/outputProfiles", "listOutputProfiles"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/outputProfiles", "createOutputProfiles"},
	{http.MethodGet, "/v1/vhosts/{vhost}/apps/{app}/outputProfiles/{profile}", "getOutputProfile"},
	{http.MethodPatch, "/v1/vhosts/{vhost}/apps/{app}/outputProfiles/{profile}", "patchOutputProfile"},
	{http.MethodDelete, "/v1/vhosts/{vhost}/apps/{app}/outputProfiles/{profile}", "deleteOutputProfile"},

	{http.MethodGet, "/v1/vhosts/{vhost}/apps/{app}/streams", "listStreams"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/streams", "createStream"},
	{http.MethodGet, "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}", "getStream"},
	{http.MethodDelete, "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}", "deleteStream"},

	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}:startPush", "startPush"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}:stopPush", "stopPush"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}:pushes", "listPushes"},
	{http.MethodGet, "/v1/vhosts/{vhost}/apps/{app}:pushes", "listPushesDeprecated"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}:startRecord", "startRecord"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}:stopRecord", "stopRecord"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}:records", "listRecords"},
	{http.MethodGet, "/v1/vhosts/{vhost}/apps/{app}:records", "listRecordsDeprecated"},

	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendEvent", "sendEvent"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendEvents", "sendEvents"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendSubtitles", "sendSubtitles"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:startHlsDump", "startHlsDump"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:stopHlsDump", "stopHlsDump"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:hlsDumps", "listHlsDumps"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:concludeHlsLive", "concludeHlsLive"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:enableStt", "enableStt"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:disableStt", "disableStt"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sttStatus", "getSttStatus"},

	{http.MethodGet, "/v1/vhosts/{vhost}/apps/{app}/scheduledChannels", "listScheduledChannels"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/scheduledChannels", "createScheduledChannel"},
	{http.MethodGet, "/v1/vhosts/{vhost}/apps/{app}/scheduledChannels/{stream}", "getScheduledChannel"},
	{http.MethodPatch, "/v1/vhosts/{vhost}/apps/{app}/scheduledChannels/{stream}", "patchScheduledChannel"},
	{http.MethodDelete, "/v1/vhosts/{vhost}/apps/{app}/scheduledChannels/{stream}", "deleteScheduledChannel"},

	{http.MethodGet, "/v1/vhosts/{vhost}/apps/{app}/multiplexChannels", "listMultiplexChannels"},
	{http.MethodPost, "/v1/vhosts/{vhost}/apps/{app}/multiplexChannels", "createMultiplexChannel"},
	{http.MethodGet, "/v1/vhosts/{vhost}/apps/{app}/multiplexChannels/{stream}", "getMultiplexChannel"},
	{http.MethodDelete, "/v1/vhosts/{vhost}/apps/{app}/multiplexChannels/{stream}", "deleteMultiplexChannel"},

	{http.MethodGet, "/v1/stats/current", "getServerStats"},
	{http.MethodGet, "/v1/stats/current/vhosts/{vhost}", "getVirtualHostStats"},
	{http.MethodGet, "/v1/stats/current/vhosts/{vhost}/apps/{app}", "getApplicationStats"},
	{http.MethodGet, "/v1/stats/current/vhosts/{vhost}/apps/{app}/streams/{stream}", "getStreamStats"},
	{http.MethodGet, "/v1/stats/current/internals", "listInternalStats"},
	{http.MethodGet, "/v1/stats/current/internals/queues", "getQueueStats"},

	{http.MethodPost, "/v1/managers/api:reloadCertificate", "reloadAPIServerCertificate"},
}

// Deprecated names the operations that are OME's deprecated GET aliases of the list actions.
var Deprecated = map[string]bool{"listPushesDeprecated": true, "listRecordsDeprecated": true}
