// Takes one screenshot of a page of a built site in Debian's Chromium, at the top of the page:
// the README's pictures (docs/screenshot.png, docs/screenshot-envoy.png).
//
//   node tests/browser/screenshot.mjs SITE PAGE OUT.png [WIDTH [HEIGHT]]
//
// PAGE is a path inside SITE, such as index.html or envoys/zhai-jun/index.html; the default
// size is 1280 × 900. CHROMIUM overrides the browser (default /usr/bin/chromium).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [site, page, out, width = '1280', height = '900'] = process.argv.slice(2);
if (!site || !page || !out) {
  console.error('usage: node tests/browser/screenshot.mjs SITE PAGE OUT.png [WIDTH [HEIGHT]]');
  process.exit(2);
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: Number(width), height: Number(height) },
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const tab = context.pages()[0] || (await context.newPage());
  await tab.goto(pathToFileURL(path.resolve(site, page)).href);
  await tab.waitForLoadState('load');
  await tab.screenshot({ path: out });
  console.log(`screenshot ${path.resolve(out)}`);
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
