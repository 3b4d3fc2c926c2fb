package mockserver

import (
	"crypto/rand"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// How push and recording jobs run (docs/ome-behaviour.md, "Push and recording jobs" and
// "Asynchronous behaviour").
//
// OME's push publisher reconciles its jobs with the streams on a control pass about once a
// second: a new push is answered in state "ready" and starts "pushing" on the next pass after its
// output stream exists; a stopped push is only flagged, and stays listed (its id taken, a second
// stop answered 200) until the next pass removes it. The file publisher works synchronously: a
// recording starts in the startRecord call (or when its stream appears) and is gone when
// stopRecord returns.
//
// The mock works the same out lazily: whenever jobs are looked at, or a stream goes, it replays
// the control passes due since the last look against its clock (passes fall every pushTick from
// the application's creation). WithoutDelays makes each pass happen at the moment of the look.
//
// The mock sends no media. Counters are what the output stream's configured bitrates would
// produce in the time a session has run; recordings split every interval of recorded time.

// pushTick is the period of OME's push control pass.
const pushTick = time.Second

// recordKeyFrameWait is how long a new recording waits for its first key frame: OME drops the
// packets before it, so the counters stay absent and startTime follows the clock until then.
const recordKeyFrameWait = time.Second

// pushJob is a push job of an application.
type pushJob struct {
	id      string
	req     pushRequest
	created time.Time
	// stopAt is when stopPush flagged the job (zero: not flagged); the next pass removes it.
	stopAt time.Time
	// done: a pass removed the job; it is no longer listed.
	done bool

	state    wire.PushState
	session  *stream   // input stream whose output the running session pushes; nil: none
	begun    time.Time // when the running session started
	shown    time.Time // startTime: set when a session starts and again when it stops
	sequence int       // sessions that have ended
	// totals of the sessions that have ended
	totalBytes, totalMs int64
	// passed is the time up to which control passes have been applied.
	passed time.Time
}

// recordJob is a recording job of an application.
type recordJob struct {
	id      string
	req     recordRequest
	created time.Time
	txID    string // ${TransactionId}

	state               wire.RecordState
	session             *stream // input stream whose output is being recorded; nil: none
	begun               time.Time
	started             time.Time // record start time (of the current or last file)
	stopped             time.Time // record stop time (of the last file)
	sequence            int       // files finished
	totalBytes, totalMs int64
	filePath, infoPath  string // outputFilePath, outputInfoPath
}

// jobRate is the byte rate, per millisecond, of the tracks a job takes from an output stream:
// the selected ones, or all of them when the job selects none.
func jobRate(o outputStream, sel jobStream) float64 {
	bits := 0
	for _, t := range o.tracks {
		if !jobTakesTrack(t, sel) {
			continue
		}
		switch {
		case t.Video != nil:
			bits += t.Video.Bitrate
		case t.Audio != nil:
			bits += t.Audio.Bitrate
		}
	}
	return float64(bits) / 8 / 1000
}

func jobTakesTrack(t wire.Track, sel jobStream) bool {
	if len(sel.trackIDs) == 0 && len(sel.variantNames) == 0 {
		return true
	}
	for _, id := range sel.trackIDs {
		if id == t.ID {
			return true
		}
	}
	name := ""
	if t.Name != nil {
		name = *t.Name
	}
	for _, v := range sel.variantNames {
		if base, _, _ := strings.Cut(v, ":"); base == name {
			return true
		}
	}
	return false
}

// jobCounters is what a session that began at begun has sent by now.
func jobCounters(a *app, s *stream, sel jobStream, begun, now time.Time) (bytes, ms int64) {
	if s == nil || now.Before(begun) {
		return 0, 0
	}
	ms = now.Sub(begun).Milliseconds()
	if o, ok := s.findOutput(sel.name); ok {
		bytes = int64(jobRate(o, sel) * float64(ms))
	}
	return bytes, ms
}

// jobSource is the input stream behind the job's output stream at time t, or nil: the stream must
// exist now, have been created by t, and have its media started (it has output streams then).
func jobSource(a *app, name string, t time.Time) *stream {
	src := a.outputStreamSource(name)
	if src == nil || src.created.After(t) {
		return nil
	}
	return src
}

// nextPass is the first push control pass of the application strictly after t.
func (a *app) nextPass(t time.Time) time.Time {
	base := a.metrics.created
	if t.Before(base) {
		return base
	}
	n := t.Sub(base)/pushTick + 1
	return base.Add(n * pushTick)
}

// settleJobs brings the application's jobs up to now; the caller holds the write lock.
func (st *store) settleJobs(a *app, now time.Time) {
	for id, j := range a.pushes {
		j.settle(a, st, now)
		if j.done {
			delete(a.pushes, id)
		}
	}
	for _, j := range a.records {
		j.settle(a, now)
	}
}

// endSession ends the running push session at t (its stream went, or the job was removed).
func (j *pushJob) endSession(a *app, t time.Time) {
	if j.session == nil {
		return
	}
	b, ms := jobCounters(a, j.session, j.req.stream, j.begun, t)
	j.totalBytes += b
	j.totalMs += ms
	j.sequence++
	j.shown = t
	j.state = wire.PushStateStopped
	j.session = nil
}

func (j *pushJob) settle(a *app, st *store, now time.Time) {
	if j.done {
		return
	}
	// A session whose stream has gone ended when it went.
	if j.session != nil && !j.session.removed.IsZero() {
		j.endSession(a, j.session.removed)
	}
	from := j.passed
	if from.Before(j.created) {
		from = j.created
	}
	pass := a.nextPass(from)
	if st.instant {
		pass = now // WithoutDelays: a pass at every look
	}
	for !pass.After(now) {
		if !j.stopAt.IsZero() {
			j.endSession(a, pass)
			j.done = true
			return
		}
		src := jobSource(a, j.req.stream.name, pass)
		if src == nil {
			j.state = wire.PushStateReady
			if later := a.outputStreamSource(j.req.stream.name); later != nil && !st.instant {
				// The stream appeared after this pass: the next pass after it starts the push.
				j.passed = pass
				pass = a.nextPass(later.created)
				continue
			}
			break
		}
		if j.session == nil {
			if j.state == wire.PushStateError {
				// A failed session is stopped before the next try, which counts in the sequence.
				j.sequence++
			}
			j.shown = pass
			if st.unreachable[j.req.url] || (j.req.streamKey != "" && st.unreachable[j.req.url+"/"+j.req.streamKey]) {
				// The connection fails; the next pass stops the session and tries again.
				j.state = wire.PushStateError
				j.passed = pass
				if st.instant {
					break
				}
				pass = a.nextPass(pass)
				if pass.After(now) {
					break
				}
				continue
			}
			j.session, j.begun, j.state = src, pass, wire.PushStatePushing
		}
		break
	}
	j.passed = now
}

func (j *pushJob) view(a *app, vhost, app string, now time.Time) wire.Push {
	loc := now.Location()
	var proto *wire.PushProtocol
	if j.req.protocol != "" {
		p := wire.PushProtocol(j.req.protocol)
		proto = &p
	}
	bytes, ms := jobCounters(a, j.session, j.req.stream, j.begun, now)
	state := j.state
	if state == "" {
		state = wire.PushStateReady
	}
	return wire.Push{
		ID: jobStr(j.id), Vhost: jobStr(vhost), App: jobStr(app),
		Stream: j.req.stream.view(), State: state, Protocol: proto,
		URL: jobStr(j.req.url), StreamKey: jobStr(j.req.streamKey),
		SentBytes: bytes, SentTime: ms, TotalsentBytes: j.totalBytes + bytes, TotalsentTime: j.totalMs + ms,
		Sequence:    j.sequence,
		CreatedTime: wire.Timestamp{Time: j.created.In(loc)},
		StartTime:   wire.Timestamp{Time: jobTimeOr(j.shown, loc)},
		// OME never sets a push's finish time.
		FinishTime: wire.Timestamp{Time: omeEpoch(loc)},
		IsConfig:   false,
	}
}

// Recording jobs.

func newRecordJob(id string, req recordRequest, now time.Time) *recordJob {
	return &recordJob{id: id, req: req, created: now, txID: transactionID(), state: wire.RecordStateReady}
}

// transactionID is a random 16-character ${TransactionId}.
func transactionID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// Without FILE publisher <FilePath>/<InfoPath> (or the request's filePath/infoPath), OME names
// the files with these templates.
const (
	defaultRecordFile = "${TransactionId}_${VirtualHost}_${Application}_${Stream}_${StartTime:YYYYMMDDhhmmss}.ts"
	defaultRecordInfo = "${TransactionId}_${VirtualHost}_${Application}_${Stream}.xml"
)

var recordMacro = regexp.MustCompile(`\$\{([a-zA-Z0-9:]+)\}`)

// expandRecordPath expands OME's file macros in a recording path template. Like OME, each macro
// is recognised by the names it contains: ${VirtualHost}, ${Application}, ${Stream},
// ${Sequence}, ${Id…}, ${TransactionId…}, ${StartTime:fmt} and ${EndTime:fmt}, where fmt
// spells YYYY MM DD hh mm ss in the server's local time.
func (j *recordJob) expandPath(a *app, tmpl string, loc *time.Location) string {
	return recordMacro.ReplaceAllStringFunc(tmpl, func(m string) string {
		g := m[2 : len(m)-1]
		switch {
		case strings.Contains(g, "VirtualHost"):
			return a.vhost.name
		case strings.Contains(g, "Application"):
			return a.name
		case strings.Contains(g, "Stream"):
			return j.req.stream.name
		case strings.Contains(g, "Sequence"):
			return strconv.Itoa(j.sequence)
		case strings.HasPrefix(g, "Id"):
			return j.id
		case strings.HasPrefix(g, "TransactionId"):
			return j.txID
		case strings.Contains(g, "StartTime"):
			return macroTime(strings.Replace(g, "StartTime:", "", 1), jobTimeOr(j.started, loc))
		case strings.Contains(g, "EndTime"):
			return macroTime(strings.Replace(g, "EndTime:", "", 1), jobTimeOr(j.stopped, loc))
		}
		return m
	})
}

func macroTime(format string, t time.Time) string {
	// In OME's order: a later pattern never sees the digits an earlier one wrote.
	for _, p := range [][2]string{
		{"YYYY", t.Format("2006")}, {"MM", t.Format("01")}, {"DD", t.Format("02")},
		{"hh", t.Format("15")}, {"mm", t.Format("04")}, {"ss", t.Format("05")},
	} {
		format = strings.ReplaceAll(format, p[0], p[1])
	}
	return format
}

// setPaths works out outputFilePath and outputInfoPath from the templates in force.
func (j *recordJob) setPaths(a *app, loc *time.Location) {
	file, info := j.req.filePath, j.req.infoPath
	if pub, ok := a.section("publishers", "file"); ok {
		if file == "" {
			file = optString(pub["filePath"])
		}
		if info == "" {
			info = optString(pub["infoPath"])
		}
	}
	if file == "" {
		file = defaultRecordFile
	}
	if info == "" {
		info = defaultRecordInfo
	}
	j.filePath, j.infoPath = j.expandPath(a, file, loc), j.expandPath(a, info, loc)
}

// finishFile ends the file being written at t: it rolls the counters into the totals and counts
// the file.
func (j *recordJob) finishFile(a *app, t time.Time, loc *time.Location) {
	b, ms := jobCounters(a, j.session, j.req.stream, j.begun, t)
	j.totalBytes += b
	j.totalMs += ms
	j.stopped = t
	j.setPaths(a, loc)
	j.sequence++
}

func (j *recordJob) settle(a *app, now time.Time) {
	loc := now.Location()
	if j.session != nil {
		end := j.session.removed
		limit := now
		if !end.IsZero() {
			limit = end
		}
		// OME moves the start time along with every packet it drops before the first key frame.
		if j.started.Before(j.begun) {
			j.started = j.begun
			if limit.Before(j.begun) {
				j.started = limit
			}
		}
		// With an interval, OME starts a new file each time the current one has that much
		// recorded time.
		if iv := time.Duration(j.req.interval) * time.Millisecond; iv > 0 {
			for j.begun.Add(iv).Before(limit) {
				t := j.begun.Add(iv)
				j.finishFile(a, t, loc)
				j.started, j.begun = t, t
				j.setPaths(a, loc)
			}
		}
		if !end.IsZero() {
			j.finishFile(a, end, loc)
			j.session = nil
			j.state = wire.RecordStateReady
		}
	}
	if j.session == nil {
		src := a.outputStreamSource(j.req.stream.name)
		if src == nil {
			j.state = wire.RecordStateReady
			return
		}
		t := j.created
		if src.created.After(t) {
			t = src.created
		}
		// The file is named when the session starts; data is written from the first key frame.
		j.session, j.started, j.begun, j.state = src, t, t.Add(recordKeyFrameWait), wire.RecordStateRecording
		j.setPaths(a, loc)
	}
}

func (j *recordJob) view(a *app, vhost, app string, state wire.RecordState, now time.Time) wire.Record {
	loc := now.Location()
	created := wire.Timestamp{Time: j.created.In(loc)}
	r := wire.Record{
		ID: jobStr(j.id), Vhost: jobStr(vhost), App: jobStr(app),
		Stream: j.req.stream.view(), State: state, IsConfig: false,
		Metadata: jobStr(j.req.metadata), FilePath: jobStr(j.req.filePath), InfoPath: jobStr(j.req.infoPath),
		OutputFilePath: jobStr(j.filePath), OutputInfoPath: jobStr(j.infoPath),
		Schedule: jobStr(j.req.schedule), CreatedTime: &created,
	}
	if j.req.interval > 0 {
		iv := j.req.interval
		r.Interval = &iv
	}
	if j.req.segmentationRule != "" {
		rule := wire.RecordSegmentationRule(j.req.segmentationRule)
		r.SegmentationRule = &rule
	}
	// The run-time members are shown only while a recording runs or has just ended.
	if state == wire.RecordStateReady {
		return r
	}
	bytes, ms := jobCounters(a, j.session, j.req.stream, j.begun, now)
	positive := func(n int64) *int64 {
		if n <= 0 {
			return nil
		}
		return &n
	}
	r.RecordBytes, r.RecordTime = positive(bytes), positive(ms)
	r.TotalRecordBytes, r.TotalRecordTime = positive(j.totalBytes+bytes), positive(j.totalMs+ms)
	if j.sequence > 0 {
		seq := j.sequence
		r.Sequence = &seq
	}
	if !j.started.IsZero() {
		t := j.started
		if j.session != nil && now.Before(j.begun) {
			t = now // still waiting for the first key frame
		}
		st := wire.Timestamp{Time: t.In(loc)}
		r.StartTime = &st
	}
	return r
}
