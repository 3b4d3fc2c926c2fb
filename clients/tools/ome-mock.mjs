// Starts the repository's OME mock (mockserver/cmd/ome-mock) for the Node checks under clients/,
// and stops it again. Only Node's standard library is used, so any package here can import it
// without installing anything.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** The root of the repository (clients/tools → the repository). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Builds ome-mock into a temporary directory (with $GO, or `go`), runs it as
 * `ome-mock -listen 127.0.0.1:0 ARGS…` and resolves, once it printed its ready line, to
 * `{ baseUrl, stop, output }`. `stop` ends the mock (SIGTERM, SIGKILL after 10 s) and removes the
 * directory.
 */
export async function startMock(args = [], { timeoutMs = 240_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "omekit-mock-"));
  const bin = join(dir, "ome-mock");
  try {
    await promisify(execFile)(process.env.GO || "go", ["build", "-o", bin, "./mockserver/cmd/ome-mock"], {
      cwd: repoRoot,
      timeout: timeoutMs,
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`building ome-mock failed:\n${err.stderr ?? err.message}`);
  }
  const child = spawn(bin, ["-listen", "127.0.0.1:0", ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise((done) => child.once("exit", done));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const baseUrl = await new Promise((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`ome-mock did not start within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
      child.stdout.on("data", (chunk) => {
        output += chunk.toString();
        const match = /^ome-mock: serving OvenMediaEngine API mock on (http:\/\/\S+)\n/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]);
        }
      });
      child.stderr.on("data", (chunk) => (output += chunk.toString()));
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`ome-mock exited (${code}) before it was ready:\n${output}`));
      });
      child.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    return { baseUrl, stop, output: () => output };
  } catch (err) {
    await stop();
    throw err;
  }
}
