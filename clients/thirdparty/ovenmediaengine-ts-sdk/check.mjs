#!/usr/bin/env node
// Drives the third-party npm package ovenmediaengine-ts-sdk (pinned in package-lock.json) through
// one whole workflow and compares each call's outcome with what a real OvenMediaEngine 0.21.0
// answered to the same calls (expected.ome-0.21.0.json):
//
//   create vhost → create app (push + file publishers, an output profile) → pull a stream over OVT
//   → start push → start record → send event → stats → stop jobs → delete app → delete vhost
//
// The SDK is used the way its own samples use it (samples/testSDK.ts in its repository):
// `setAuthorization(token)` + `setVersion("v1")`, objects for createApp, and for the other bodies
// the raw bytes of a JSON file (a Buffer), which axios sends as application/x-www-form-urlencoded.
//
//   node check.mjs                      against ome-mock (built from the repository), the default
//   node check.mjs --target ome         against a real OME: OME_RUN names a command that runs OME in
//                                       the foreground on `OME_RUN CONF_DIR` (CONF_DIR/Server.xml),
//                                       ffmpeg (on PATH) publishes the source stream over RTMP
//   node check.mjs --target ome --record   …and writes what OME answered as the expected outcomes
//   node check.mjs --target url --base http://127.0.0.1:29001   a server that is already running
//                                       (with testdata/Server.xml and src/cam published)
//
// Exits 1 when a step's outcome differs from the recorded one: an error the real server did not
// give, a success where it gave an error, or another status or message. The access token comes
// from testdata/Server.xml and is never printed.
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { startMock } from "../../tools/ome-mock.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// The package is CommonJS with `exports.default = class …`.
const OvenMediaEngineSDK = require("ovenmediaengine-ts-sdk").default;
const sdkVersion = require("ovenmediaengine-ts-sdk/package.json").version;
const axiosVersion = require("axios/package.json").version;

const { values: opts } = parseArgs({
  options: {
    target: { type: "string", default: "mock" },
    base: { type: "string" },
    record: { type: "boolean", default: false },
    expected: { type: "string", default: join(here, "expected.ome-0.21.0.json") },
  },
});

const serverXml = join(here, "testdata", "Server.xml");
const token = /<AccessToken>([^<]+)<\/AccessToken>/.exec(readFileSync(serverXml, "utf8"))?.[1];
if (!token) throw new Error(`${serverXml} has no <AccessToken>`);
// The ports of testdata/Server.xml (the source stream is published and pulled on these).
const RTMP_PORT = 29002;
const OVT_PORT = 29012;
const SRC_APP = "src";
const SRC_STREAM = "cam";
const VHOST = "tpvh";
const APP = "tpapp";
const STREAM = "pulled";

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const authorization = `Basic ${Buffer.from(token).toString("base64")}`;

/** A plain request outside the SDK, for waiting and for the mock's hooks. */
async function raw(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: authorization, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.text() };
}

async function waitFor(what, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
      last = "";
    } catch (err) {
      last = `: ${err.message}`;
    }
    await sleep(250);
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s${last}`);
}

// ---- the servers ---------------------------------------------------------------------------------

/** ome-mock on testdata/Server.xml, with src/cam published through its hooks as OME would show it. */
async function mockServer() {
  const mock = await startMock(["-c", serverXml]);
  try {
    const published = await raw(mock.baseUrl, "POST", "/_mock/streams/publish", {
      vhost: "default",
      app: SRC_APP,
      name: SRC_STREAM,
      sourceType: "Rtmp",
      // OME gives an RTMP input a data track besides the media tracks.
      dataTrack: true,
      tracks: [
        { type: "Video", codec: "H264", width: 640, height: 360, framerate: 30, bitrate: 800000 },
        { type: "Audio", codec: "AAC", samplerate: 48000, channels: 2, bitrate: 128000 },
      ],
    });
    if (published.status !== 201) throw new Error(`publishing ${SRC_APP}/${SRC_STREAM} on the mock: ${published.status} ${published.body}`);
  } catch (err) {
    await mock.stop();
    throw err;
  }
  return { baseUrl: mock.baseUrl, settleMs: 0, stop: mock.stop };
}

/** A real OME ($OME_RUN CONF_DIR) on a copy of testdata/Server.xml, and ffmpeg publishing src/cam. */
async function omeServer() {
  const run = process.env.OME_RUN;
  if (!run) throw new Error("--target ome needs OME_RUN: a command that runs OvenMediaEngine in the foreground on OME_RUN CONF_DIR");
  const work = mkdtempSync(join(tmpdir(), "omekit-thirdparty-"));
  const conf = join(work, "conf");
  mkdirSync(conf);
  copyFileSync(serverXml, join(conf, "Server.xml"));
  const children = [];
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((done) => child.once("exit", done));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        continue;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(work, { recursive: true, force: true });
  };
  const start = (cmd, args, log) => {
    const child = spawn(cmd, args, { cwd: work, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c) => (output = (output + c).slice(-4000)));
    child.stderr.on("data", (c) => (output = (output + c).slice(-4000)));
    child.on("error", (err) => (output += `\n${err.message}`));
    children.push(child);
    return { child, log: () => `${log}:\n${output}` };
  };
  const baseUrl = "http://127.0.0.1:29001";
  try {
    const ome = start(run, [conf], "OME");
    await waitFor("OME's API answering", 30_000, async () => {
      if (ome.child.exitCode !== null) throw new Error(`OME exited\n${ome.log()}`);
      return (await raw(baseUrl, "GET", "/v1/vhosts")).status === 200;
    });
    // The same test pattern as a camera: H.264 640x360 30 fps, AAC 48 kHz stereo.
    const ffmpeg = start(
      "ffmpeg",
      ["-nostdin", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-b:v", "800k",
        "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2", "-t", "600",
        "-f", "flv", `rtmp://127.0.0.1:${RTMP_PORT}/${SRC_APP}/${SRC_STREAM}`],
      "ffmpeg",
    );
    await waitFor(`${SRC_APP}/${SRC_STREAM} published`, 30_000, async () => {
      if (ffmpeg.child.exitCode !== null) throw new Error(`ffmpeg exited\n${ffmpeg.log()}`);
      return (await raw(baseUrl, "GET", `/v1/vhosts/default/apps/${SRC_APP}/streams/${SRC_STREAM}`)).status === 200;
    });
    return { baseUrl, settleMs: 3000, stop, work };
  } catch (err) {
    await stop();
    throw err;
  }
}

// ---- the workflow --------------------------------------------------------------------------------

/** The body as the SDK's samples pass it: the bytes of a JSON file. */
const file = (value) => Buffer.from(JSON.stringify(value, null, 4));

function steps(server, recordDir) {
  const pullUrl = `ovt://127.0.0.1:${OVT_PORT}/${SRC_APP}/${SRC_STREAM}`;
  const pushUrl = `rtmp://127.0.0.1:${RTMP_PORT}/${SRC_APP}`;
  return [
    ["getVirtualHosts", (sdk) => sdk.getVirtualHosts()],
    ["createVirtualHost", (sdk) => sdk.createVirtualHost(file([{ name: VHOST, host: { names: ["thirdparty.invalid"] } }]))],
    ["getVirtualHost", (sdk) => sdk.getVirtualHost(VHOST)],
    [
      "createApp",
      (sdk) =>
        sdk.createApp(VHOST, [
          {
            name: APP,
            type: "live",
            outputProfiles: {
              outputProfile: [
                {
                  name: "bypass",
                  outputStreamName: "${OriginStreamName}",
                  encodes: { videos: [{ name: "bypass_video", bypass: true }], audios: [{ name: "bypass_audio", bypass: true }] },
                },
              ],
            },
            providers: { ovt: {}, rtspPull: {} },
            publishers: {
              ovt: {},
              push: {},
              file: {
                rootPath: recordDir,
                filePath: "/${VirtualHost}/${Application}/${Stream}/${StartTime:YYYYMMDDhhmmss}_${EndTime:YYYYMMDDhhmmss}.ts",
                infoPath: "/${VirtualHost}/${Application}/${Stream}.xml",
              },
            },
          },
        ]),
    ],
    ["getApp", (sdk) => sdk.getApp(VHOST, APP)],
    ["getOutputProfiles", (sdk) => sdk.getOutputProfiles(VHOST, APP)],
    [
      "createStream",
      (sdk) =>
        sdk.createStream(
          VHOST,
          APP,
          file({ name: STREAM, urls: [pullUrl], properties: { persistent: false, noInputFailoverTimeoutMs: 3000, unusedStreamDeletionTimeoutMs: 60000 } }),
        ),
    ],
    [
      "getStream",
      async (sdk) => {
        // The pull connects in the background: wait (up to 20 s) for the stream, then let media flow.
        const deadline = Date.now() + 20_000;
        for (;;) {
          const res = await sdk.getStream(VHOST, APP, STREAM).catch((err) => err);
          if (res.status === 200 || Date.now() > deadline) {
            await sleep(server.settleMs);
            return sdk.getStream(VHOST, APP, STREAM);
          }
          await sleep(250);
        }
      },
    ],
    ["getStreams", (sdk) => sdk.getStreams(VHOST, APP)],
    [
      "startPushPublishing",
      (sdk) =>
        sdk.startPushPublishing(
          VHOST,
          APP,
          file({ id: "push-1", stream: { name: STREAM, variantNames: [] }, protocol: "rtmp", url: pushUrl, streamKey: "pushed" }),
        ),
    ],
    ["startRecording", (sdk) => sdk.startRecording(VHOST, APP, file({ id: "record-1", stream: { name: STREAM, variantNames: [] } }))],
    // A caller that fills every optional member it does not use with null (as clients generated
    // from typed models often do); the SDK passes such bodies on unchanged.
    [
      "startPushPublishingNulls",
      (sdk) =>
        sdk.startPushPublishing(
          VHOST,
          APP,
          file({ id: "push-2", stream: { name: STREAM, tracks: null, variantNames: null }, protocol: "rtmp", url: pushUrl, streamKey: null }),
        ),
    ],
    [
      "startRecordingNulls",
      (sdk) =>
        sdk.startRecording(VHOST, APP, file({ id: "record-2", stream: { name: STREAM, tracks: null, variantNames: null }, interval: null })),
    ],
    [
      "sendEvent",
      (sdk) =>
        sdk.sendEvent(
          VHOST,
          APP,
          STREAM,
          file({
            eventFormat: "id3v2",
            eventType: "video",
            events: [
              { frameType: "TXXX", info: "omekit", data: "third-party SDK check" },
              { frameType: "TIT2", data: "omekit 123" },
            ],
          }),
        ),
    ],
    ["getVirtualHostStatistics", (sdk) => sdk.getVirtualHostStatistics(VHOST)],
    ["getApplicationStatistics", (sdk) => sdk.getApplicationStatistics(VHOST, APP)],
    ["getStreamStatistics", (sdk) => sdk.getStreamStatistics(VHOST, APP, STREAM)],
    ["getPushPublishingState", (sdk) => sdk.getPushPublishingState(VHOST, APP)],
    ["getRecordingState", (sdk) => sdk.getRecordingState(VHOST, APP)],
    ["stopPushPublishing", (sdk) => sdk.stopPushPublishing(VHOST, APP, file({ id: "push-1" }))],
    ["stopRecording", (sdk) => sdk.stopRecording(VHOST, APP, file({ id: "record-1" }))],
    ["deleteApp", (sdk) => sdk.deleteApp(VHOST, APP)],
    // The SDK sends both certificate reloads as DELETE (OME's are POST).
    ["reloadAllCertificate", (sdk) => sdk.reloadAllCertificate(VHOST)],
    ["reloadAllCertificates", (sdk) => sdk.reloadAllCertificates()],
    ["deleteVirtualHost", (sdk) => sdk.deleteVirtualHost(VHOST)],
    ["getVirtualHostsAfter", (sdk) => sdk.getVirtualHosts()],
  ];
}

/**
 * What is compared: the HTTP status; for a bare array (batch answers) each item's statusCode, and
 * its message when it is an error; the envelope's statusCode, and its message for an error; the
 * names in a response that is a list of names (sorted: OME lists them in hash order); the types of
 * a stream's input tracks.
 */
function outcomeOf(status, data) {
  const out = { status };
  if (Array.isArray(data)) {
    out.items = data.map((item) => {
      const code = item?.statusCode;
      return code >= 400 ? { statusCode: code, message: item.message } : { statusCode: code };
    });
  } else if (data && typeof data === "object") {
    if ("statusCode" in data) out.statusCode = data.statusCode;
    if (status >= 400 || data.statusCode >= 400) out.message = data.message;
    if (Array.isArray(data.response) && data.response.every((v) => typeof v === "string")) out.names = [...data.response].sort();
    // A stream's input tracks by type: :sendEvent needs a data track among them.
    const tracks = data.response?.input?.tracks;
    if (Array.isArray(tracks)) out.inputTrackTypes = tracks.map((t) => t?.type);
  } else if (data !== undefined && data !== "") {
    out.body = String(data);
  }
  return out;
}

/** What is printed besides the outcome: the request line as it left axios, and job states. */
function detailOf(res, data) {
  const req = res?.request;
  const line = req ? `${req.method} ${req.path}` : "";
  let extra = "";
  const r = data?.response;
  if (Array.isArray(r) && r.some((j) => j && typeof j === "object" && "state" in j)) {
    extra = ` jobs ${r.map((j) => `${j.id}=${j.state}`).join(",")}`;
  } else if (r && typeof r === "object" && !Array.isArray(r) && r.input?.tracks) {
    extra = ` ${r.input.sourceType} tracks ${r.input.tracks.map((t) => `${t.name}:${t.type}`).join(",")}`;
  }
  return line + extra;
}

async function run(server, recordDir) {
  const sdk = new OvenMediaEngineSDK({ baseURL: server.baseUrl, timeout: 30_000 });
  sdk.setAuthorization(token);
  sdk.setVersion("v1");
  const results = [];
  for (const [name, call] of steps(server, recordDir)) {
    let outcome;
    let detail = "";
    try {
      const res = await call(sdk);
      outcome = outcomeOf(res.status, res.data);
      detail = detailOf(res, res.data);
    } catch (err) {
      if (err?.response) {
        outcome = outcomeOf(err.response.status, err.response.data);
        detail = detailOf(err.response, err.response.data);
      } else {
        outcome = { error: String(err?.code ?? err?.message ?? err) };
      }
    }
    results.push({ name, outcome, detail });
  }
  return results;
}

// ---- comparing -----------------------------------------------------------------------------------

const show = (o) => (o === undefined ? "(no such step recorded)" : JSON.stringify(o));

function compare(results, expected) {
  const want = new Map(expected.steps.map((s) => [s.name, s.outcome]));
  const failures = [];
  for (const { name, outcome, detail } of results) {
    const w = want.get(name);
    const same = JSON.stringify(w) === JSON.stringify(outcome);
    console.log(`${same ? "ok  " : "FAIL"} ${name.padEnd(26)} ${show(outcome)}${detail ? `  [${detail}]` : ""}`);
    if (!same) {
      console.log(`     ${"".padEnd(26)} OME answered ${show(w)}`);
      failures.push(name);
    }
  }
  return failures;
}

async function main() {
  let server;
  if (opts.target === "mock") server = await mockServer();
  else if (opts.target === "ome") server = await omeServer();
  else if (opts.target === "url") {
    if (!opts.base) throw new Error("--target url needs --base URL");
    server = { baseUrl: opts.base.replace(/\/+$/, ""), settleMs: 3000, stop: async () => {} };
  } else throw new Error(`unknown --target ${opts.target} (mock, ome or url)`);
  if (opts.record && opts.target === "mock") throw new Error("--record writes what a real OME answered: use --target ome or url");

  const recordDir = server.work ? join(server.work, "records") : join(tmpdir(), "omekit-thirdparty-records");
  let results;
  try {
    console.log(`ovenmediaengine-ts-sdk ${sdkVersion} (axios ${axiosVersion}) against ${opts.target} at ${server.baseUrl}`);
    results = await run(server, recordDir);
  } finally {
    await server.stop();
  }

  if (opts.record) {
    const doc = {
      about:
        "What a real OvenMediaEngine 0.21.0 answered to the calls of check.mjs, made through ovenmediaengine-ts-sdk; " +
        "the expected outcomes of the same calls against ome-mock. Written by `node check.mjs --target ome --record`.",
      server: "OvenMediaEngine 0.21.0",
      sdk: `ovenmediaengine-ts-sdk ${sdkVersion}, axios ${axiosVersion}`,
      recorded: new Date().toISOString().slice(0, 10),
      steps: results.map(({ name, outcome, detail }) => ({ name, request: detail.split(" ").slice(0, 2).join(" "), outcome })),
    };
    writeFileSync(opts.expected, `${JSON.stringify(doc, null, 2)}\n`);
    for (const { name, outcome, detail } of results) console.log(`     ${name.padEnd(26)} ${show(outcome)}${detail ? `  [${detail}]` : ""}`);
    console.log(`recorded ${results.length} steps in ${opts.expected}`);
    return 0;
  }
  const expected = JSON.parse(readFileSync(opts.expected, "utf8"));
  const failures = compare(results, expected);
  const missing = expected.steps.filter((s) => !results.some((r) => r.name === s.name)).map((s) => s.name);
  for (const name of missing) console.log(`FAIL ${name.padEnd(26)} recorded but not run`);
  const bad = failures.length + missing.length;
  console.log(bad ? `${bad} of ${expected.steps.length} steps differ from OME` : `all ${results.length} steps as OME answered them`);
  return bad ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`check.mjs: ${err.stack ?? err}`);
    process.exit(2);
  },
);
