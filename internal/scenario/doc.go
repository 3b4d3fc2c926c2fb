// Package scenario records how an OvenMediaEngine API server answers a fixed sequence of
// requests, and compares another server's answers with such a recording.
//
// A scenario (scenario.json) is a list of steps. Most steps are one HTTP request
// ({name, method, path, body | raw | raw_base64, auth, headers}); the others drive media, time
// or files: "publish" makes a live stream appear (an ffmpeg RTMP publisher for a real OME, the
// mock's /_mock hooks for the mock), "unpublish" makes it go, "unreachable"/"reachable" tell the
// mock that pulls of a URL fail, "sleep_ms" waits, "wait_for" polls a path until it answers a
// status, and "certificate"/"write_file" write certificate files the server reads. Text in
// paths, bodies and headers may use variables written {{NAME}} (OME's own ${…} macros pass
// through untouched); a scenario gives their default values, a Runner may override them. The
// format is a superset of the first recording's: a bare JSON array of steps is a scenario too,
// and its "shell" steps are recognised but not run.
//
// Per step, "compare" says how much of the answer a comparison looks at ("" all of it after
// normalisation, "shape", "status"), "drift_compare" the same for cmd/omecheck's comparison of
// a user's server with the mock, and "skip_mock" why a mock cannot reproduce the answer (real
// media, say). Per scenario, "use" says whether cmd/omecheck plays it ("read": read-only steps
// bound to what the server has; "write": steps that only touch a virtual host named {{VH}}).
//
// A Runner plays a scenario against a base URL with an access token and returns a Transcript:
// per request step the status, content type, CORS headers and body the server answered. The
// Media interface is the pluggable "media driver" (FFmpeg for a real OME, MockHooks for the
// mock).
//
// Two answers are compared after Normalize, which holds every normalisation rule in one place
// (see normalize.go); Compare reports the differences as paths such as "status",
// "headers.Vary" or "body.response[0].state", and CompareTranscripts and Replay do it for a
// whole run. Operations maps a request to its operation in openapi/ome.yaml.
//
// The recordings of OME 0.21.0 this module relies on are embedded (Recordings): each is a
// directory under testdata/ with the Server.xml OME ran on, the scenario and the transcript.
// cmd/record (a development tool) makes them with a real OME; FINDINGS.md lists where the mock
// answers differently.
package scenario
