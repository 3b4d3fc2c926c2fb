#!/usr/bin/env node
// Proves that the client installs from the repository as its README says, with nothing built
// first: for each way of installing it, a fresh temporary project installs the package, compiles
// scripts/consumer/example.ts against the installed types (strict, with the client's pinned tsc),
// and runs it against ome-mock (built from the repository). Fails on the first problem.
//
// The installs run with --offline. Before them, `npm cache add --prefer-offline` puts the client's
// runtime dependencies (the non-dev packages of its package-lock.json) into npm's cache: `npm ci`
// caches their tarballs but not always the registry metadata an install of a new package reads.
// That step is the only one that may reach the registry, and only when they are not cached yet.
import { execFileSync } from "node:child_process";
import { cpSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { startMock } from "../../tools/ome-mock.mjs";

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = join(pkgDir, "node_modules", ".bin", "tsc");
const npm = process.env.NPM || "npm";
const token = "ome-access-token"; // the mock's default configuration
const npmFlags = ["--offline", "--no-audit", "--no-fund", "--loglevel=error"];

function sh(cmd, args, cwd, env = {}) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed:\n${err.stdout ?? ""}${err.stderr ?? err.message}`);
  }
}

const work = mkdtempSync(join(tmpdir(), "omekit-ts-install-"));
const ways = [
  {
    // install-links=true in .npmrc, as the README says; then a second install from the lockfile
    // alone (npm ci) must copy again rather than link.
    name: "install-links=true in .npmrc, npm install <clients/typescript>, then npm ci",
    install: (project) => {
      writeFileSync(join(project, ".npmrc"), "install-links=true\n");
      sh(npm, ["install", ...npmFlags, pkgDir], project);
      sh(npm, ["ci", ...npmFlags], project);
    },
  },
  {
    name: "npm pack, then npm install <tarball>",
    install: (project) => {
      const tarball = sh(npm, ["pack", "--silent", "--pack-destination", work], pkgDir).trim().split("\n").pop();
      sh(npm, ["install", ...npmFlags, join(work, tarball)], project);
    },
  },
];

const lock = JSON.parse(readFileSync(join(pkgDir, "package-lock.json"), "utf8"));
const runtimeDeps = Object.entries(lock.packages)
  .filter(([path, entry]) => path.startsWith("node_modules/") && !entry.dev)
  .map(([path, entry]) => `${path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length)}@${entry.version}`);

let mock;
let failed = false;
try {
  try {
    sh(npm, ["cache", "add", "--offline", "--loglevel=error", ...runtimeDeps], pkgDir);
  } catch {
    console.log(`caching ${runtimeDeps.join(" ")} from the registry`);
    sh(npm, ["cache", "add", "--prefer-offline", "--loglevel=error", ...runtimeDeps], pkgDir);
  }
  mock = await startMock();
  for (const [i, way] of ways.entries()) {
    const project = join(work, `consumer-${i}`);
    cpSync(join(pkgDir, "scripts", "consumer"), project, { recursive: true });
    writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: `consumer-${i}`, private: true, type: "module" })}\n`);
    try {
      way.install(project);
      // A link would work here only because clients/typescript has its own node_modules.
      const installed = join(project, "node_modules", "@omekit", "ome-client");
      if (lstatSync(installed).isSymbolicLink()) throw new Error(`${installed} is a link, not a copy`);
      sh(tsc, ["-p", "tsconfig.json"], project);
      const out = sh(process.execPath, ["run.mjs", mock.baseUrl, "default"], project, { OME_TOKEN: token }).trim();
      if (out !== '["app"]') throw new Error(`the example listed ${out}, want ["app"] (the apps of the mock's default vhost)`);
      console.log(`ok   ${way.name}: installed, type-checked, one call answered ${out}`);
    } catch (err) {
      failed = true;
      console.log(`FAIL ${way.name}: ${err.message}`);
    }
  }
} finally {
  await mock?.stop();
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
