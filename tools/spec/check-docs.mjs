#!/usr/bin/env node
// Loads the rendered API reference (build/docs/index.html) from disk in headless Chromium and fails
// when the page logs a console error, throws, tries to reach the network, or does not list and
// render every operation of the document (by its summary). Keeps two screenshots for a person to
// look at: the landing page and one action operation.
//
//   node tools/spec/check-docs.mjs [--html build/docs/index.html] [--spec openapi/ome.yaml]
//                                  [--screenshot build/docs-screenshot.png]
//
// Chromium: $CHROMIUM, else /usr/bin/chromium (Debian's package).
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { parse } from "yaml";

const { values: opts } = parseArgs({
  options: {
    html: { type: "string", default: "build/docs/index.html" },
    spec: { type: "string", default: "openapi/ome.yaml" },
    screenshot: { type: "string", default: "build/docs-screenshot.png" },
  },
});

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
if (!existsSync(executablePath)) {
  console.error(`check-docs: no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM)`);
  process.exit(2);
}
const htmlPath = resolve(opts.html);
if (!existsSync(htmlPath)) {
  console.error(`check-docs: ${htmlPath} does not exist (run make docs)`);
  process.exit(2);
}

// Every operation of the document, with the text the reference must show for it.
const doc = parse(readFileSync(opts.spec, "utf8"));
const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const operations = [];
for (const [path, item] of Object.entries(doc.paths)) {
  for (const m of methods) {
    const op = item[m];
    if (op) operations.push({ key: `${m.toUpperCase()} ${path}`, id: op.operationId, summary: op.summary });
  }
}

const problems = [];
const browser = await chromium.launch({
  executablePath,
  headless: true,
  // CI runs as root, where Chromium refuses to start with its sandbox.
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  timeout: 60_000,
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught exception: ${err.message}`));
  // The page must be self-contained: anything but file:, data: and blob: is refused and reported.
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    problems.push(`network request from a file:// page: ${url}`);
    return route.abort();
  });
  page.on("requestfailed", (req) => {
    if (/^(file|data|blob):/.test(req.url())) problems.push(`failed to load ${req.url()}: ${req.failure()?.errorText}`);
  });

  page.setDefaultTimeout(15_000);
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load", timeout: 60_000 });
  const menuItem = '[data-component-name="Menu/MenuItem"]';
  await page.waitForSelector(`${menuItem}.menu-item-type-group`, { timeout: 30_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: opts.screenshot });

  // Redoc lists each tag's operations in the sidebar once the tag is opened: open every tag and
  // collect the operation entries (label and link).
  const entries = new Map(); // summary -> href
  const groups = await page.$$eval(`${menuItem}.menu-item-type-group > a`, (as) => as.map((a) => a.getAttribute("href")));
  for (const href of groups) {
    await page.click(`${menuItem}.menu-item-type-group > a[href="${href}"]`);
    await page.waitForTimeout(150);
    for (const [label, link] of await page.$$eval(`${menuItem}.menu-item-type-operation`, (items) =>
      items.map((e) => [e.innerText.split("\n")[0].trim(), e.querySelector("a")?.getAttribute("href")]),
    )) {
      entries.set(label, link);
    }
  }

  // Every operation must be in the sidebar under its summary, and its page must render with the
  // summary as its heading.
  let shown = 0;
  const operationShot = opts.screenshot.replace(/(\.png)?$/, "-operation.png");
  for (const op of operations) {
    const href = entries.get(op.summary);
    if (!href) {
      problems.push(`${op.key} (${op.id}): no sidebar entry "${op.summary}"`);
      continue;
    }
    await page.evaluate((h) => (location.hash = h), href);
    const ok = await page
      .waitForFunction(
        (summary) =>
          [...document.querySelectorAll("h1, h2")].some((h) => h.innerText.split("\n")[0].trim() === summary),
        op.summary,
        { timeout: 10_000 },
      )
      .then(() => true, () => false);
    if (!ok) {
      problems.push(`${op.key} (${op.id}): its page ${href} shows no heading "${op.summary}"`);
      continue;
    }
    shown++;
    if (op.id === "sendEvents") {
      await page.waitForTimeout(300);
      await page.screenshot({ path: operationShot });
    }
  }
  console.log(
    `check-docs: ${shown}/${operations.length} operations listed and rendered, ` +
      `${problems.length} problem(s); screenshots ${opts.screenshot}, ${operationShot}`,
  );
} catch (err) {
  problems.push(`the check itself failed: ${err.message.split("\n")[0]}`);
} finally {
  await browser.close();
}
for (const p of problems) console.error(`check-docs: ${p}`);
process.exit(problems.length ? 1 : 0);
