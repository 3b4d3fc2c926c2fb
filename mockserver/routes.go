package mockserver

import (
	"net/http"

	"github.com/omekit/omekit/gen/server"
)

// adapter is the generated chi server's view of the mock: one method per operation of
// openapi/ome.yaml (the compiler checks that none is missing), each handing the path parameters
// to the handler of the same name through serve, which reads the body and writes the answer.
type adapter struct {
	s *Server
	h *handlers
}

var _ server.ServerInterface = (*adapter)(nil)

func (a *adapter) ReloadAPIServerCertificate(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, call{}, a.h.ReloadAPIServerCertificate)
}

func (a *adapter) GetServerStats(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, call{}, a.h.GetServerStats)
}

func (a *adapter) ListInternalStats(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, call{}, a.h.ListInternalStats)
}

func (a *adapter) GetQueueStats(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, call{}, a.h.GetQueueStats)
}

func (a *adapter) GetVirtualHostStats(w http.ResponseWriter, r *http.Request, vhost string) {
	a.serve(w, r, call{Vhost: vhost}, a.h.GetVirtualHostStats)
}

func (a *adapter) GetApplicationStats(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.GetApplicationStats)
}

func (a *adapter) GetStreamStats(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.GetStreamStats)
}

func (a *adapter) GetVersion(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, call{}, a.h.GetVersion)
}

func (a *adapter) ListVirtualHosts(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, call{}, a.h.ListVirtualHosts)
}

func (a *adapter) CreateVirtualHosts(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, call{}, a.h.CreateVirtualHosts)
}

func (a *adapter) DeleteVirtualHost(w http.ResponseWriter, r *http.Request, vhost string) {
	a.serve(w, r, call{Vhost: vhost}, a.h.DeleteVirtualHost)
}

func (a *adapter) GetVirtualHost(w http.ResponseWriter, r *http.Request, vhost string) {
	a.serve(w, r, call{Vhost: vhost}, a.h.GetVirtualHost)
}

func (a *adapter) ListApplications(w http.ResponseWriter, r *http.Request, vhost string) {
	a.serve(w, r, call{Vhost: vhost}, a.h.ListApplications)
}

func (a *adapter) CreateApplications(w http.ResponseWriter, r *http.Request, vhost string) {
	a.serve(w, r, call{Vhost: vhost}, a.h.CreateApplications)
}

func (a *adapter) DeleteApplication(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.DeleteApplication)
}

func (a *adapter) GetApplication(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.GetApplication)
}

func (a *adapter) PatchApplication(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.PatchApplication)
}

func (a *adapter) ListMultiplexChannels(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.ListMultiplexChannels)
}

func (a *adapter) CreateMultiplexChannel(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.CreateMultiplexChannel)
}

func (a *adapter) DeleteMultiplexChannel(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.DeleteMultiplexChannel)
}

func (a *adapter) GetMultiplexChannel(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.GetMultiplexChannel)
}

func (a *adapter) ListOutputProfiles(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.ListOutputProfiles)
}

func (a *adapter) CreateOutputProfiles(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.CreateOutputProfiles)
}

func (a *adapter) DeleteOutputProfile(w http.ResponseWriter, r *http.Request, vhost, app, profile string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Profile: profile}, a.h.DeleteOutputProfile)
}

func (a *adapter) GetOutputProfile(w http.ResponseWriter, r *http.Request, vhost, app, profile string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Profile: profile}, a.h.GetOutputProfile)
}

func (a *adapter) PatchOutputProfile(w http.ResponseWriter, r *http.Request, vhost, app, profile string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Profile: profile}, a.h.PatchOutputProfile)
}

func (a *adapter) ListScheduledChannels(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.ListScheduledChannels)
}

func (a *adapter) CreateScheduledChannel(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.CreateScheduledChannel)
}

func (a *adapter) DeleteScheduledChannel(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.DeleteScheduledChannel)
}

func (a *adapter) GetScheduledChannel(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.GetScheduledChannel)
}

func (a *adapter) PatchScheduledChannel(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.PatchScheduledChannel)
}

func (a *adapter) ListStreams(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.ListStreams)
}

func (a *adapter) CreateStream(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.CreateStream)
}

func (a *adapter) DeleteStream(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.DeleteStream)
}

func (a *adapter) GetStream(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.GetStream)
}

func (a *adapter) ConcludeHLSLive(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.ConcludeHLSLive)
}

func (a *adapter) DisableSTT(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.DisableSTT)
}

func (a *adapter) EnableSTT(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.EnableSTT)
}

func (a *adapter) ListHLSDumps(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.ListHLSDumps)
}

func (a *adapter) SendEvent(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.SendEvent)
}

func (a *adapter) SendEvents(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.SendEvents)
}

func (a *adapter) SendSubtitles(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.SendSubtitles)
}

func (a *adapter) StartHLSDump(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.StartHLSDump)
}

func (a *adapter) StopHLSDump(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.StopHLSDump)
}

func (a *adapter) GetSTTStatus(w http.ResponseWriter, r *http.Request, vhost, app, stream string) {
	a.serve(w, r, call{Vhost: vhost, App: app, Stream: stream}, a.h.GetSTTStatus)
}

func (a *adapter) ListPushesDeprecated(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.ListPushesDeprecated)
}

func (a *adapter) ListPushes(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.ListPushes)
}

func (a *adapter) ListRecordsDeprecated(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.ListRecordsDeprecated)
}

func (a *adapter) ListRecords(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.ListRecords)
}

func (a *adapter) StartPush(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.StartPush)
}

func (a *adapter) StartRecord(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.StartRecord)
}

func (a *adapter) StopPush(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.StopPush)
}

func (a *adapter) StopRecord(w http.ResponseWriter, r *http.Request, vhost, app string) {
	a.serve(w, r, call{Vhost: vhost, App: app}, a.h.StopRecord)
}

func (a *adapter) ReloadCertificate(w http.ResponseWriter, r *http.Request, vhost string) {
	a.serve(w, r, call{Vhost: vhost}, a.h.ReloadCertificate)
}

func (a *adapter) ReloadAllCertificates(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, call{}, a.h.ReloadAllCertificates)
}
