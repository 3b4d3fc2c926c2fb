// Starts the repository's OME mock (`go run ./mockserver/cmd/ome-mock`) for the Node checks under
// clients/, and stops it again. Only Node's standard library is used, so any package here can
// import it without installing anything.
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The root of the repository (clients/tools → the repository). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Runs `go run ./mockserver/cmd/ome-mock -listen 127.0.0.1:0 ARGS…` from the repository root and
 * resolves, once the mock printed its ready line, to `{ baseUrl, stop }`. `go run` starts the mock
 * as a child of its own, so both get a process group of their own and `stop` ends the group.
 * The Go command is $GO, or `go`.
 */
export async function startMock(args = [], { timeoutMs = 240_000 } = {}) {
  const child = spawn(process.env.GO || "go", ["run", "./mockserver/cmd/ome-mock", "-listen", "127.0.0.1:0", ...args], {
    cwd: repoRoot,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise((done) => child.once("exit", done));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // gone in the meantime
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
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
