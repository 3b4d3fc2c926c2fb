#!/usr/bin/env node
// The TypeScript client (clients/typescript) must build with the same tool versions that
// tools/spec pins, and carry the version of the document it is generated from: fails when a
// package both package.json files name is pinned differently, when a pin is not an exact version,
// or when the client's "version" is not openapi/ome.yaml's info.version.
import { readFileSync } from "node:fs";

const read = (f) => {
  const p = JSON.parse(readFileSync(f, "utf8"));
  return { ...p.dependencies, ...p.devDependencies };
};
const tools = read("tools/spec/package.json");
const client = read("clients/typescript/package.json");
const problems = [];
for (const [file, deps] of [["tools/spec/package.json", tools], ["clients/typescript/package.json", client]]) {
  for (const [name, version] of Object.entries(deps)) {
    if (!/^\d+\.\d+\.\d+$/.test(version)) problems.push(`${file}: ${name} is pinned as "${version}", not as an exact version`);
  }
}
for (const [name, version] of Object.entries(client)) {
  if (tools[name] !== undefined && tools[name] !== version) {
    problems.push(`${name}: ${version} in clients/typescript/package.json, ${tools[name]} in tools/spec/package.json`);
  }
}
// info.version: the `version:` key directly under the top-level `info:` of the document.
const info = /^info:\n((?:[ #].*\n|\n)*)/m.exec(readFileSync("openapi/ome.yaml", "utf8"))?.[1] ?? "";
const docVersion = /^  version: *["']?([^"'\s]+)/m.exec(info)?.[1];
const clientVersion = JSON.parse(readFileSync("clients/typescript/package.json", "utf8")).version;
if (clientVersion !== docVersion) {
  problems.push(`clients/typescript/package.json has version ${clientVersion}, openapi/ome.yaml info.version ${docVersion}`);
}
for (const p of problems) console.error(`check-pins: ${p}`);
process.exit(problems.length ? 1 : 0);
