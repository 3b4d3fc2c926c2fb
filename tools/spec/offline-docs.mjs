#!/usr/bin/env node
// Makes the page `redocly build-docs --inlineBundle` wrote work without a network: Redoc's
// "API docs by Redocly" badge loads its logo from Redocly's CDN, which fails (with a console error)
// offline and in CI. The logo is replaced by an inline SVG with the same word; nothing else changes.
//
//   node tools/spec/offline-docs.mjs build/docs/index.html
import { readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2];
if (!file) {
  console.error("usage: offline-docs.mjs FILE.html");
  process.exit(2);
}
const logo = (width) =>
  "data:image/svg+xml," +
  encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16" viewBox="0 0 ${width} 16">` +
      `<text x="0" y="12" font-family="sans-serif" font-size="12" font-weight="600" fill="#4a4a4a">Redocly</text></svg>`,
  ).replace(/'/g, "%27");
const cdn = {
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg": logo(52),
  "https://cdn.redoc.ly/redoc/logo-mini.svg": logo(52),
};
let html = readFileSync(file, "utf8");
let replaced = 0;
for (const [url, data] of Object.entries(cdn)) {
  const parts = html.split(url);
  replaced += parts.length - 1;
  html = parts.join(data);
}
writeFileSync(file, html);
console.log(`offline-docs: ${file}: ${replaced} CDN logo reference(s) inlined`);
