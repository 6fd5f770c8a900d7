// benches/search.mjs: measures the search of a site built with `dossier build --offline`, in
// Debian's Chromium driven by Playwright, from file:// as a reader opens it. For a few typical
// queries it prints the bytes the page loads and the time to the first results, and the size of
// the largest search file. See benches/README.md.
//
//   node benches/search.mjs SITE [--label N] [--runs R] [QUERY...]
//
// Without queries it picks them from the site: the most frequent word of five letters or more,
// the rarest, the name of the actor with most briefings, that name with a letter wrong, and the
// actor's surname with the frequent word. Each figure is the median of R runs (default 3), each
// in a fresh browser context. Prints Markdown table rows (no header) on stdout, notes on stderr.
// Needs `npm ci --prefix tests/browser --ignore-scripts`; CHROMIUM overrides /usr/bin/chromium.

import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from '../tests/browser/node_modules/playwright-core/index.mjs';

const args = process.argv.slice(2);
const site = path.resolve(args.shift() || '');
let label = '';
let runs = 3;
const queries = [];
while (args.length) {
  const arg = args.shift();
  if (arg === '--label') label = args.shift();
  else if (arg === '--runs') runs = Number(args.shift());
  else queries.push({ kind: 'given', q: arg });
}
if (!fs.existsSync(path.join(site, 'search', 'index.js'))) {
  console.error('usage: node benches/search.mjs SITE [--label N] [--runs R] [QUERY...]');
  console.error(`${site} holds no search/index.js: build it with dossier build --offline`);
  process.exit(2);
}

const client = createRequire(import.meta.url)(path.join(site, 'search.js'));

/** The value a script of the index assigns. */
function assigned(file) {
  const window = { DOSSIER_SEARCH_SHARDS: {} };
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), { window });
  return window.DOSSIER_SEARCH || Object.values(window.DOSSIER_SEARCH_SHARDS)[0];
}

/** Every file under `dir`. */
function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });
}

/** Typical queries, from the site's own dictionary (read with the client) and actors. */
async function pick() {
  const manifest = assigned(path.join(site, 'search', 'index.js'));
  const index = new client.Index(manifest, (kind, n) => Promise.resolve(assigned(
    path.join(site, manifest.shard.replace('{kind}', kind).replace('{n}', n)))));
  const words = (await index.entries('', '\uffff'))
    .filter((w) => /^[a-z]{5,}$/.test(w.term) && w.size > 0)
    .sort((a, b) => b.size - a.size || (a.term < b.term ? -1 : 1));
  const common = words[0].term;
  const rare = words[words.length - 1].term;
  const actors = JSON.parse(fs.readFileSync(path.join(site, 'data', 'actors.json'), 'utf8'));
  actors.sort((a, b) => b.briefings.length - a.briefings.length || (a.id < b.id ? -1 : 1));
  const name = client.fold(actors[0].name);
  const parts = client.queryTerms(name);
  const longest = parts.reduce((a, b) => (b.length > a.length ? b : a));
  const typo = name.replace(longest, longest.slice(0, -1) + (longest.endsWith('x') ? 'q' : 'x'));
  return [
    { kind: 'common word', q: common },
    { kind: 'rare word', q: rare },
    { kind: 'actor', q: name },
    { kind: 'typo', q: typo },
    { kind: 'two words', q: `${parts[parts.length - 1]} ${common}` },
  ];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One run: opens the search page on `q` in a fresh context; the time to the first results
 * (from the start of navigation), what was loaded, and the number of results. */
async function open(browser, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const loaded = new Set();
  const errors = [];
  page.on('requestfinished', (request) => loaded.add(request.url()));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  // Notes when each script and stylesheet has loaded, and the moment the results (or "no
  // briefing") first appear.
  await page.addInitScript(() => {
    window.loads = [];
    document.addEventListener('load', (event) => {
      const url = event.target.src || event.target.href;
      if (url) window.loads.push([url, performance.now()]);
    }, true);
    new MutationObserver((_, observer) => {
      const list = document.getElementById('search-results');
      const status = document.getElementById('search-status');
      if ((list && list.firstChild) || (status && /^No briefing/.test(status.textContent))) {
        window.firstResults = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  const url = pathToFileURL(path.join(site, 'search', 'index.html')).href;
  await page.goto(`${url}?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => window.firstResults !== undefined, null, { timeout: 120000 });
  // The facets come after the first results; wait for them too, so their bytes count.
  await page.waitForFunction(() => !document.getElementById('search-facets').hidden ||
    /^No briefing/.test(document.getElementById('search-status').textContent), null, { timeout: 120000 });
  const figures = await page.evaluate(() => ({
    first: window.firstResults,
    early: window.loads.filter((l) => l[1] <= window.firstResults).map((l) => l[0]),
    status: document.getElementById('search-status').textContent,
  }));
  await context.close();
  if (errors.length) throw new Error(`"${q}": ${errors.join('; ')}`);
  const size = (u) => fs.statSync(fileURLToPath(u.split('?')[0])).size;
  const all = [...loaded].filter((u) => u.startsWith('file:'));
  const index = all.filter((u) => /\/search\/.*\.js$/.test(u));
  const sum = (urls) => urls.reduce((total, u) => total + size(u), 0);
  return {
    first: figures.first,
    count: Number((figures.status.match(/^([\d,]+) briefing/) || [0, '0'])[1].replace(/,/g, '')),
    files: index.length,
    indexBytes: sum(index),
    // The page itself, and the files loaded before the first results.
    firstBytes: sum(all.filter((u) => u.includes('/search/index.html'))) + sum(figures.early),
    totalBytes: sum(all),
  };
}

const largest = files(path.join(site, 'search'))
  .map((file) => ({ file, size: fs.statSync(file).size }))
  .reduce((a, b) => (b.size > a.size ? b : a));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const kb = (bytes) => (bytes / 1024).toFixed(0);
try {
  for (const { kind, q } of queries.length ? queries : await pick()) {
    const measured = [];
    for (let r = 0; r < runs; r++) measured.push(await open(browser, q));
    const last = measured[measured.length - 1];
    console.log(`| ${label} | ${kind} | \`${q}\` | ${last.count} | ${last.files} | ` +
      `${kb(last.indexBytes)} | ${kb(last.firstBytes)} | ${kb(last.totalBytes)} | ` +
      `${median(measured.map((m) => m.first)).toFixed(0)} |`);
  }
  const name = path.relative(site, largest.file);
  console.log(`| ${label} | largest search file | \`${name}\` | | | ${kb(largest.size)} | | | |`);
} finally {
  await browser.close();
}
