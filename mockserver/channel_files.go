package mockserver

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// How channels come and go (docs/ome-behaviour.md, "Scheduled channels", "Multiplex channels"
// and "Asynchronous behaviour").
//
// OME's channel APIs only write and delete channel files (<name>.sch in <ScheduleFilesDir>,
// <name>.mux in <MuxFilesDir>). Each provider looks at its directory once a second, from the
// server's start:
//   - a new file is loaded on the next look: a scheduled channel's stream appears then, a
//     multiplex channel is listed from then on and its stream appears once every source stream
//     is there;
//   - a rewritten file is loaded again when its modification time, in whole seconds, differs
//     from the loaded one's, so a second write within the same second is never loaded;
//   - a deleted file is noticed on three looks in a row before the channel and its stream go (a
//     multiplex channel still waiting for its sources goes a look later); deleting it again
//     meanwhile fails, as the file is already gone.
//
// The mock keeps the files in memory and replays the looks due whenever the store is used, on
// its clock; WithoutDelays makes every look happen at once.

// channelWatchPeriod is how often OME's Schedule and Multiplex providers look at their files.
const channelWatchPeriod = time.Second

// channelMisses is how many looks in a row must miss a file before its channel goes.
const channelMisses = 3

// channelKind is "sch" or "mux", the file name extensions.
type channelKind string

const (
	kindScheduled channelKind = "sch"
	kindMultiplex channelKind = "mux"
)

// channelFile is a channel file and what the provider has loaded from it.
type channelFile struct {
	kind    channelKind
	name    string
	content any       // *scheduledChannel or *multiplexChannel, as last written
	written time.Time // last write
	deleted time.Time // zero while the file exists

	version int // writes so far

	loaded        bool
	loadedSec     int64 // modification time (whole seconds) of the loaded content
	loadedVersion int
	misses        int // looks in a row that did not find the file
	looked        time.Time
}

func channelKey(kind channelKind, name string) string { return string(kind) + "/" + name }

// writeChannelFile writes (or rewrites) a channel file at now; the caller holds the write lock.
func (st *store) writeChannelFile(a *app, kind channelKind, name string, content any, now time.Time) {
	key := channelKey(kind, name)
	f := a.channelFiles[key]
	if f == nil {
		f = &channelFile{kind: kind, name: name}
		a.channelFiles[key] = f
	}
	// The store was brought up to date when this request took the lock (update), so the looks
	// before now have been made.
	f.content, f.written, f.deleted, f.looked = content, now, time.Time{}, now
	f.version++
	st.markDue(now)
}

// deleteChannelFile deletes a channel file at now; false when there is none (already deleted).
// The caller holds the write lock.
func (st *store) deleteChannelFile(a *app, kind channelKind, name string, now time.Time) bool {
	f := a.channelFiles[channelKey(kind, name)]
	if f == nil || !f.deleted.IsZero() {
		return false
	}
	f.deleted, f.looked = now, now
	st.markDue(now)
	return true
}

// channelFilePath is the path OME names in its "Could not delete" answers: the configured
// directory, a slash added, then "/<name>.<ext>".
func channelFilePath(dir string, kind channelKind, name string) string {
	if !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	return dir + "/" + name + "." + string(kind)
}

// nextLook is the providers' first look strictly after t.
func (st *store) nextLook(t time.Time) time.Time {
	base := st.started
	if t.Before(base) {
		return base
	}
	n := t.Sub(base)/channelWatchPeriod + 1
	return base.Add(n * channelWatchPeriod)
}

// markDue notes that the channels must be brought up to date from t on.
func (st *store) markDue(t time.Time) {
	if n := t.UnixNano(); n < st.due.Load() {
		st.due.Store(n)
	}
}

// settleIfDue brings the channels up to date when something may have changed; the caller holds
// the write lock.
func (st *store) settleIfDue(now time.Time) {
	if now.UnixNano() < st.due.Load() {
		return
	}
	st.due.Store(math.MaxInt64)
	for _, vh := range st.order {
		for _, a := range vh.appOrder {
			st.settleChannels(a, now)
		}
	}
}

// settleChannels replays the providers' looks at a's channel files up to now, then starts the
// multiplex streams whose sources are all there.
func (st *store) settleChannels(a *app, now time.Time) {
	if len(a.channelFiles) == 0 && len(a.multiplexes) == 0 {
		return
	}
	keys := make([]string, 0, len(a.channelFiles))
	for k := range a.channelFiles {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f := a.channelFiles[k]
		if st.instant {
			for i := 0; i <= channelMisses && f.look(st, a, now); i++ {
			}
		} else {
			for t := st.nextLook(f.looked); !t.After(now); t = st.nextLook(t) {
				changed := f.look(st, a, t)
				if !changed && f.steady(st.instant) {
					break
				}
			}
		}
		f.looked = now
		if !f.steady(st.instant) {
			st.markDue(st.nextLook(now))
		}
		if !f.loaded && !f.deleted.IsZero() {
			delete(a.channelFiles, k)
		}
	}
	for _, name := range sortedKeys(a.multiplexes) {
		if !st.startMultiplexStream(a, a.multiplexes[name], now) {
			st.markDue(now) // waiting for a source: look again at the next use
		}
	}
}

// steady reports whether further looks would change nothing.
func (f *channelFile) steady(instant bool) bool {
	if f.deleted.IsZero() {
		return f.loaded && !f.stale(instant)
	}
	return !f.loaded
}

// stale reports whether the file was rewritten since it was loaded, as the provider can tell:
// by a different modification second (WithoutDelays: by any write).
func (f *channelFile) stale(instant bool) bool {
	if instant {
		return f.loadedVersion != f.version
	}
	return f.loadedSec != f.written.Unix()
}

// look is one look of the provider at time t; it reports whether anything changed.
func (f *channelFile) look(st *store, a *app, t time.Time) bool {
	exists := !f.written.After(t) && (f.deleted.IsZero() || f.deleted.After(t))
	if st.instant {
		exists = f.deleted.IsZero()
	}
	if exists {
		f.misses = 0
		switch {
		case !f.loaded:
			if !st.loadChannel(a, f, t) {
				return false
			}
		case f.stale(st.instant):
			st.reloadChannel(a, f, t)
		default:
			return false
		}
		f.loaded, f.loadedSec, f.loadedVersion = true, f.written.Unix(), f.version
		return true
	}
	if !f.loaded {
		return false
	}
	f.misses++
	need := channelMisses
	if mc, ok := f.content.(*multiplexChannel); ok && a.multiplexes[f.name] == mc && a.streams[f.name] == nil {
		// A multiplex channel still waiting for its sources takes about a second longer to
		// stop (observed twice; OME stops its pulling first).
		need++
	}
	if f.misses >= need || st.instant {
		st.unloadChannel(a, f)
		f.loaded = false
	}
	return true
}

// loadChannel makes the channel the provider found; false when it cannot (a stream of that name
// exists), in which case the provider tries again on its next look.
func (st *store) loadChannel(a *app, f *channelFile, t time.Time) bool {
	switch c := f.content.(type) {
	case *scheduledChannel:
		if a.streams[f.name] != nil {
			return false
		}
		s := st.addStream(a, f.name, wire.StreamSourceTypeScheduled, nil)
		s.created = t
		s.relay = c.bypassTranscoder
		a.schedules[f.name] = c
	case *multiplexChannel:
		c.loadedAt = t
		a.multiplexes[f.name] = c
	}
	return true
}

// reloadChannel loads a rewritten file: a schedule changes in place, a multiplex channel is
// made anew (its stream goes and comes back when its sources are there).
func (st *store) reloadChannel(a *app, f *channelFile, t time.Time) {
	switch c := f.content.(type) {
	case *scheduledChannel:
		if a.schedules[f.name] != nil {
			a.schedules[f.name] = c
		}
	case *multiplexChannel:
		st.unloadChannel(a, f)
		c.loadedAt = t
		a.multiplexes[f.name] = c
	}
}

func (st *store) unloadChannel(a *app, f *channelFile) {
	kind := wire.StreamSourceTypeScheduled
	if f.kind == kindScheduled {
		delete(a.schedules, f.name)
	} else {
		kind = wire.StreamSourceTypeMultiplex
		delete(a.multiplexes, f.name)
	}
	if s := a.streams[f.name]; s != nil && s.sourceType == kind {
		st.terminateStream(s)
	}
}
