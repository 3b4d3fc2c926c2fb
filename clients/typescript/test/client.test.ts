// The TypeScript client against the repository's OME mock (`go run ./mockserver/cmd/ome-mock`),
// plus the URL building it shares with the Go client. Run with `make ts-test` (or `npm test`).
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { dirname, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { createOmeClient, escapePathSegment, omeAuthorization, omePathSerializer } from "../src/index.js";

const token = "ome-access-token";
// dist/test/ → clients/typescript → the repository.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

describe("URL building (the same URLs as the Go client in gen/)", () => {
  // [template, params, want] — the cases of openapi/client_test.go.
  const cases: [string, Record<string, string>, string][] = [
    ["/v1/vhosts/{vhost}/apps/{app}:startPush", { vhost: "default", app: "app" }, "/v1/vhosts/default/apps/app:startPush"],
    ["/v1/vhosts:reloadAllCertificates", {}, "/v1/vhosts:reloadAllCertificates"],
    ["/v1/vhosts/{vhost}:reloadCertificate", { vhost: "default" }, "/v1/vhosts/default:reloadCertificate"],
    ["/v1/managers/api:reloadCertificate", {}, "/v1/managers/api:reloadCertificate"],
    [
      "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendEvent",
      { vhost: "default", app: "app", stream: "cam:1" },
      "/v1/vhosts/default/apps/app/streams/cam:1:sendEvent",
    ],
    [
      "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendEvents",
      { vhost: "default", app: "app", stream: "my stream" },
      "/v1/vhosts/default/apps/app/streams/my%20stream:sendEvents",
    ],
    ["/v1/vhosts/{vhost}", { vhost: "a/b" }, "/v1/vhosts/a%2Fb"],
    [
      "/v1/vhosts/{vhost}/apps/{app}/streams/{stream}",
      { vhost: "default", app: "app", stream: "100%ü" },
      "/v1/vhosts/default/apps/app/streams/100%25%C3%BC",
    ],
    [
      "/v1/vhosts/{vhost}/apps/{app}/outputProfiles/{profile}",
      { vhost: "default", app: "app", profile: "p:1" },
      "/v1/vhosts/default/apps/app/outputProfiles/p:1",
    ],
  ];
  for (const [template, params, want] of cases) {
    test(`${template} ${JSON.stringify(params)}`, () => {
      assert.equal(omePathSerializer(template, params), want);
    });
  }

  test("escapes like Go's url.PathEscape", () => {
    assert.equal(escapePathSegment("a:b@c&d=e+f$g"), "a:b@c&d=e+f$g");
    assert.equal(escapePathSegment("a;b,c?d#e!f'g(h)i*j"), "a%3Bb%2Cc%3Fd%23e%21f%27g%28h%29i%2Aj");
    assert.equal(escapePathSegment("-_.~AZaz09"), "-_.~AZaz09");
  });

  test("the Authorization header carries the whole token", () => {
    assert.equal(omeAuthorization(token), "Basic b21lLWFjY2Vzcy10b2tlbg==");
    assert.equal(omeAuthorization("user:pass"), "Basic dXNlcjpwYXNz");
  });

  test("the client sends action requests to the right URL, below a base path", async () => {
    const seen: string[] = [];
    const client = createOmeClient({
      baseUrl: "https://proxy.example/ome",
      token,
      fetch: async (request: Request) => {
        seen.push(`${request.method} ${request.url} ${request.headers.get("Authorization")}`);
        return new Response(JSON.stringify({ statusCode: 200, message: "OK" }), {
          headers: { "Content-Type": "application/json;charset=UTF-8" },
        });
      },
    });
    await client.POST("/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendEvent", {
      params: { path: { vhost: "default", app: "app", stream: "cam:1" } },
      body: { eventFormat: "id3v2", events: [{ frameType: "TXXX", info: "x", data: "y" }] },
    });
    assert.deepEqual(seen, [
      "POST https://proxy.example/ome/v1/vhosts/default/apps/app/streams/cam:1:sendEvent Basic b21lLWFjY2Vzcy10b2tlbg==",
    ]);
  });
});

describe("against ome-mock", () => {
  let mock: ChildProcess | undefined;
  let baseUrl = "";
  let output = "";

  before(async () => {
    // `go run` builds and starts the mock as a child of its own; both get a process group of their
    // own so that `after` can stop the pair.
    mock = spawn(process.env.GO ?? "go", ["run", "./mockserver/cmd/ome-mock", "-listen", "127.0.0.1:0"], {
      cwd: repoRoot,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const child = mock;
    baseUrl = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`ome-mock did not start within 240 s:\n${output}`)), 240_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const firstLine = output.split("\n")[0] ?? "";
        const match = /^ome-mock: serving OvenMediaEngine API mock on (http:\/\/\S+)$/.exec(firstLine);
        if (output.includes("\n") && match?.[1]) {
          clearTimeout(timer);
          resolveUrl(match[1]);
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`ome-mock exited (${code}) before it was ready:\n${output}`));
      });
      child.on("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  });

  after(async () => {
    if (!mock?.pid || mock.exitCode !== null) return;
    const exited = new Promise((done) => mock?.once("exit", done));
    process.kill(-mock.pid, "SIGTERM");
    const timeout = setTimeout(() => mock?.pid && process.kill(-mock.pid, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timeout);
  });

  test("lists virtual hosts", async () => {
    const client = createOmeClient({ baseUrl, token });
    const { data, error, response } = await client.GET("/v1/vhosts");
    assert.equal(response.status, 200);
    assert.equal(error, undefined);
    assert.equal(data?.statusCode, 200);
    assert.ok(data?.response.includes("default"), `vhosts: ${JSON.stringify(data)}`);
  });

  test("creates an application in a virtual host it creates, and uses an action path", async () => {
    const client = createOmeClient({ baseUrl, token });
    const vhost = `ts-${randomBytes(4).toString("hex")}`;

    const created = await client.POST("/v1/vhosts", { body: [{ name: vhost }] });
    assert.equal(created.response.status, 200, JSON.stringify(created.error ?? created.data));
    assert.equal(created.data?.[0]?.statusCode, 200);
    try {
      const apps = await client.POST("/v1/vhosts/{vhost}/apps", {
        params: { path: { vhost } },
        body: [{ name: "live", type: "live" }],
      });
      assert.equal(apps.response.status, 200, JSON.stringify(apps.error ?? apps.data));
      assert.equal(apps.data?.[0]?.statusCode, 200);
      assert.equal(apps.data?.[0]?.response?.name, "live");

      const names = await client.GET("/v1/vhosts/{vhost}/apps", { params: { path: { vhost } } });
      assert.deepEqual(names.data?.response, ["live"]);

      const app = await client.GET("/v1/vhosts/{vhost}/apps/{app}", { params: { path: { vhost, app: "live" } } });
      assert.equal(app.response.status, 200);
      assert.equal(app.data?.response.name, "live");
      assert.equal(app.data?.response.type, "live");

      // POST …/apps/{app}:pushes — an action: the ':' must reach the server as it is.
      const pushes = await client.POST("/v1/vhosts/{vhost}/apps/{app}:pushes", {
        params: { path: { vhost, app: "live" } },
        body: {},
      });
      assert.equal(pushes.response.status, 200, JSON.stringify(pushes.error));
      assert.equal(new URL(pushes.response.url).pathname, `/v1/vhosts/${vhost}/apps/live:pushes`);
      assert.deepEqual(pushes.data?.response, []);
    } finally {
      const deleted = await client.DELETE("/v1/vhosts/{vhost}", { params: { path: { vhost } } });
      assert.equal(deleted.response.status, 200, JSON.stringify(deleted.error));
    }
  });

  test("gets 403 for a write to the Server.xml virtual host", async () => {
    const client = createOmeClient({ baseUrl, token });
    const { data, error, response } = await client.POST("/v1/vhosts/{vhost}/apps", {
      params: { path: { vhost: "default" } },
      body: [{ name: "ts-forbidden", type: "live" }],
    });
    assert.equal(response.status, 403);
    assert.equal(data, undefined);
    assert.ok(error && !Array.isArray(error) && "message" in error, JSON.stringify(error));
    assert.equal(error.statusCode, 403);
    assert.match(error.message, /read-only/);
  });

  test("gets 401 without a token", async () => {
    const client = createOmeClient({ baseUrl });
    const { data, error, response } = await client.GET("/v1/vhosts");
    assert.equal(response.status, 401);
    assert.equal(data, undefined);
    assert.equal(error?.statusCode, 401);
    assert.equal(response.headers.get("WWW-Authenticate"), 'Basic realm="OvenMediaEngine"');
  });
});
