package openapi_test

import "net/http"

// omeRoute is one operation of OME 0.21's v1 API, taken from the route registrations in OME's
// source (see ../shared/reference): the method, the path template, and the operationId our
// document gives it. Sample values fill the template in routing tests.
type omeRoute struct {
	method, path, operationID string
}

// omeRoutes lists every operation the document must describe: nothing more, nothing less.
var omeRoutes = []omeRoute{
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

// deprecatedOperations are OME's GET aliases of the list actions, kept "until deprecated".
var deprecatedOperations = map[string]bool{"listPushesDeprecated": true, "listRecordsDeprecated": true}
