// Drives Debian's Chromium through a site built with `dossier build --offline`, opened from
// file:// with no server, as a reader would: home → a briefing → one of its envoys → the envoy's
// dossier → the chronology (to its second page and back, where it has one) → the tags → a tag, then a search from the header's box, which must
// list the envoy's pages, and more searches on the search page: the tag, with a change of sort,
// a filter from the facets and the back button, then each expectation. Every step clicks a real
// link or submits a real form and checks the page it lands on. Then every briefing with files
// (a bundle, as data/briefings.json lists them) is opened: each of its images must load, and
// every link to a file of the site (its files, archived copies, the web sizes of its images)
// must lead to a file that is there. No page may log a console error (a
// Content-Security-Policy violation is one), throw, or fail to load a file. Screenshots of the
// home, the envoy's dossier, the chronology and the actors index are saved at phone and desktop
// widths; at both widths, none of these pages nor any page of the walk may be wider than the
// window.
//
//   node tests/browser/e2e.mjs SITE SCREENSHOTS [--expect 'QUERY=>TITLE']... [--pages QUERY]
//   node tests/browser/e2e.mjs SITE SCREENSHOTS --server
//
// Each --expect searches QUERY on the search page and requires a result whose title is TITLE.
// --pages searches QUERY, which must find more than one page of results, and goes to the second
// page and back. With --server, SITE is a build for a server (without --offline): it is served
// over HTTP on 127.0.0.1 as a static host would serve it, and only the briefings with files are
// opened. It prints one line per step, and exits 1 with every problem listed if any step
// failed. CHROMIUM overrides the browser (default /usr/bin/chromium).

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const usage =
  "usage: node tests/browser/e2e.mjs SITE SCREENSHOTS [--expect 'QUERY=>TITLE']... [--pages QUERY] | SITE SCREENSHOTS --server";
const [siteArg, shotsArg, ...rest] = process.argv.slice(2);
if (!siteArg || !shotsArg) {
  console.error(usage);
  process.exit(2);
}
const expectations = [];
const served = rest[0] === '--server';
if (served) rest.shift();
let pagesQuery = null;
for (let i = 0; i < rest.length; i += 2) {
  const [query, title] = (rest[i + 1] || '').split('=>');
  if (rest[i] === '--pages' && rest[i + 1]) {
    pagesQuery = rest[i + 1];
  } else if (rest[i] === '--expect' && query && title) {
    expectations.push({ query, title });
  } else {
    console.error(usage);
    process.exit(2);
  }
}

const site = path.resolve(siteArg);
const shots = path.resolve(shotsArg);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const home = pathToFileURL(path.join(site, 'index.html')).href;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
/** Screenshots show the whole page, down to this many pixels. */
const MAX_HEIGHT = 5000;

/** Everything that went wrong, each with the page it happened on. */
const problems = [];
/** Every page the walk landed on, to be measured at both widths. */
const seen = new Set();

function fail(message) {
  throw new Error(message);
}

/** Words without accents and in lower case, as the search folds them. */
function fold(text) {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The address the served site starts at ("http://127.0.0.1:PORT/"), once it is served. */
let origin = null;

/** The media types a static host gives the site's files, by extension. */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.pdf': 'application/pdf',
};

/** The file of the site an address of the served site names: a folder's index.html. */
function servedFile(pathname) {
  const file = path.join(site, decodeURIComponent(pathname));
  if (!file.startsWith(site)) return null;
  return pathname.endsWith('/') ? path.join(file, 'index.html') : file;
}

/** Serves the site on 127.0.0.1 as a static host does; resolves once it listens. */
function serve() {
  const server = http.createServer((request, response) => {
    // The browser asks for it by itself; the pages name no icon.
    if (request.url === '/favicon.ico') {
      response.writeHead(204);
      response.end();
      return;
    }
    const file = servedFile(new URL(request.url, 'http://localhost').pathname);
    fs.readFile(file || '', (error, bytes) => {
      if (error) {
        response.writeHead(404);
        response.end();
        return;
      }
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      response.writeHead(200, { 'content-type': type });
      response.end(bytes);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      origin = `http://127.0.0.1:${server.address().port}/`;
      resolve(server);
    });
  });
}

/** Where an address points, from the site's root: "envoys/zhai-jun/index.html". */
function local(url) {
  if (origin && url.startsWith(origin)) return url.slice(origin.length);
  const u = new URL(url);
  const prefix = pathToFileURL(site).pathname + '/';
  return (u.pathname.startsWith(prefix) ? u.pathname.slice(prefix.length) : u.pathname) + u.search;
}

function watch(page) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      problems.push(`console error on ${local(page.url())}: ${msg.text()}`);
    }
  });
  page.on('pageerror', (error) => {
    problems.push(`uncaught exception on ${local(page.url())}: ${error.message}`);
  });
  page.on('requestfailed', (request) => {
    problems.push(
      `failed to load ${request.url()} on ${local(page.url())}: ${request.failure()?.errorText}`,
    );
  });
}

async function text(page, selector) {
  return (await page.locator(selector).first().innerText()).trim();
}

/** Checks what every page must have: a heading, the site's stylesheet, a header. */
async function checkPage(page, step) {
  seen.add(page.url());
  const h1 = await page.locator('h1').count();
  if (h1 !== 1) fail(`${step}: ${local(page.url())} has ${h1} h1 headings, not 1`);
  const styled = await page.evaluate(
    () => getComputedStyle(document.querySelector('main')).maxWidth !== 'none',
  );
  if (!styled) fail(`${step}: style.css is not applied on ${local(page.url())}`);
  if ((await page.locator('header.site-header a.site-title').count()) !== 1) {
    fail(`${step}: ${local(page.url())} has no site header`);
  }
}

/** Clicks a link, waits for the page it names, and checks that page. */
async function follow(page, link, step) {
  const href = await link.evaluate((a) => a.href);
  const label = (await link.innerText()).trim();
  await Promise.all([page.waitForURL(href), link.click()]);
  await page.waitForLoadState('load');
  await checkPage(page, step);
  console.log(`ok ${step}: "${label}" → ${local(page.url())}`);
  return label;
}

/** Asserts the page's address (from the site root) and its h1. */
async function expectPage(page, step, pattern, heading) {
  const where = local(page.url());
  if (!pattern.test(where)) fail(`${step}: landed on ${where}, expected ${pattern}`);
  const h1 = await text(page, 'h1');
  if (heading !== undefined && h1 !== heading) {
    fail(`${step}: the heading of ${where} is "${h1}", expected "${heading}"`);
  }
  return h1;
}

async function screenshot(page, url, name) {
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(size);
    await page.goto(url);
    await page.waitForLoadState('load');
    const file = path.join(shots, `${name}-${label}.png`);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const clip = { x: 0, y: 0, width: size.width, height: Math.min(height, MAX_HEIGHT) };
    await page.screenshot({ path: file, fullPage: true, clip });
    console.log(`screenshot ${file}`);
  }
  await page.setViewportSize(DESKTOP);
}

/** Opens each page at phone and desktop widths: none may be wider than the window, which
 * would make the reader scroll sideways. */
async function checkWidths(page, urls) {
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(size);
    for (const url of urls) {
      await page.goto(url);
      await page.waitForLoadState('load');
      const [scroll, inner] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth,
      ]);
      if (scroll > inner) {
        problems.push(`${local(url)} is ${scroll} px wide in a ${inner} px window (${label})`);
      }
    }
    console.log(`ok ${urls.length} pages fit a ${size.width} px window`);
  }
  await page.setViewportSize(DESKTOP);
}

/** The search page's results once its status has settled: the status, the query, the results
 * (title, address, marked words, date, why) and the pages found (name, address, kind). */
async function results(page) {
  await page.waitForFunction(() => {
    const status = document.getElementById('search-status');
    return status && status.textContent !== '' && !/needs JavaScript/.test(status.textContent);
  });
  return page.evaluate(() => ({
    status: document.getElementById('search-status').textContent,
    query: document.getElementById('search-q').value,
    items: Array.from(document.querySelectorAll('#search-results > li')).map((li) => {
      const a = li.querySelector('a');
      return {
        title: a.textContent,
        href: a.href,
        marked: Array.from(a.querySelectorAll('mark')).map((m) => m.textContent),
        date: li.querySelector('time').getAttribute('datetime'),
        why: li.querySelector('.why')?.textContent || '',
      };
    }),
    entities: Array.from(document.querySelectorAll('#search-entity-list li')).map((li) => ({
      name: li.querySelector('a').textContent,
      href: li.querySelector('a').href,
      label: li.querySelector('.label').textContent,
    })),
  }));
}

/** The number of results the status gives ("1,234 briefings match …"), or 0. */
function total(found) {
  return Number((found.status.match(/^([\d,]+) briefings? match/) || [0, '0'])[1].replace(/,/g, ''));
}

/** Runs `action`, which changes the search page's state, and waits for the new results. */
async function settle(page, action) {
  await page.evaluate(() => {
    document.getElementById('search-status').textContent = '';
  });
  await action();
  return results(page);
}

/** Types a query into the search page's own box, waits for its results, and checks that the
 * address now holds the query (so that a search can be shared). */
async function searchHere(page, query) {
  const found = await settle(page, () => page.locator('#search-q').fill(query));
  const inAddress = new URL(page.url()).searchParams.get('q');
  if (inAddress !== query) fail(`search page: the address holds q=${inAddress}, not "${query}"`);
  return found;
}

/** Checks the address's search parameter `name`. */
function expectParam(page, step, name, value) {
  const held = new URL(page.url()).searchParams.get(name);
  if (held !== value) fail(`${step}: the address holds ${name}=${held}, not ${value}`);
}

/** Sorts the results by date, filters them by the first actor the facets offer, then goes back
 * through both with the browser's back button. */
async function sortAndFilter(page, query) {
  const before = await searchHere(page, query);
  let found = await settle(page, () => page.locator('#search-sort').selectOption('date'));
  expectParam(page, 'sort', 'sort', 'date');
  const dates = found.items.map((r) => r.date);
  if (dates.some((d, k) => k > 0 && d > dates[k - 1])) fail(`sort: not newest first: ${dates}`);
  if (total(found) !== total(before)) fail(`sort: ${found.status} after ${before.status}`);
  console.log(`ok sort "${query}" by date: ${dates[0]} first`);

  const facet = page.locator('#search-facet-groups .facet', { hasText: 'Actor' }).locator('li').first();
  await facet.waitFor();
  const name = (await facet.locator('a').innerText()).trim();
  const count = Number((await facet.locator('.count').innerText()).replace(/,/g, ''));
  found = await settle(page, () => facet.locator('a').click());
  if (!new URL(page.url()).searchParams.get('actor')) fail(`filter: no actor in ${local(page.url())}`);
  if (total(found) !== count) fail(`filter: "${name}" counts ${count}, but ${found.status}`);
  if ((await page.locator('#search-active a.remove').count()) !== 1) fail('filter: no way to remove it');
  console.log(`ok filter by actor "${name}": ${found.status}`);

  found = await settle(page, () => page.goBack());
  if (new URL(page.url()).searchParams.get('actor')) fail('back: the filter is still in the address');
  if (total(found) !== total(before)) fail(`back: ${found.status} after ${before.status}`);
  expectParam(page, 'back', 'sort', 'date');
  found = await settle(page, () => page.goBack());
  expectParam(page, 'back', 'sort', null);
  console.log(`ok back twice: ${found.status}`);
}

/** Goes to the second page of a query's results and back. */
async function secondPage(page, query) {
  const first = await searchHere(page, query);
  if (!/Page 1 of \d+/.test(first.status)) fail(`pages: "${query}" has one page only: ${first.status}`);
  const second = await settle(page, () => page.locator('#search-pages a.next').click());
  expectParam(page, 'pages', 'page', '2');
  if (!/Page 2 of/.test(second.status)) fail(`pages: ${second.status}`);
  const seen = new Set(first.items.map((r) => r.href));
  if (second.items.length === 0 || second.items.some((r) => seen.has(r.href))) {
    fail('pages: the second page repeats the first or is empty');
  }
  const back = await settle(page, () => page.locator('#search-pages a.previous').click());
  if (back.items[0].href !== first.items[0].href) fail('pages: "Previous" does not lead to page 1');
  console.log(`ok pages of "${query}": ${second.status}`);
}

async function walk(page) {
  // Home.
  await page.goto(home);
  await page.waitForLoadState('load');
  await checkPage(page, 'home');
  const title = await text(page, 'header.site-header a.site-title');
  await expectPage(page, 'home', /^index\.html$/, title);
  console.log(`ok home: "${title}"`);
  const dossiers = await page.locator('.ways-in a[href*="envoys/"]').count();
  if (dossiers === 0) fail('home: the "Ways in" section links no envoy dossier');

  // A briefing among the latest that names an envoy: try them in order, coming back home.
  const latest = page.locator('section[aria-labelledby="latest"] ol.briefings > li > a');
  const count = await latest.count();
  let envoyLink = null;
  let briefing = null;
  for (let i = 0; i < count && !envoyLink; i++) {
    briefing = await follow(page, latest.nth(i), 'home → briefing');
    await expectPage(page, 'briefing', /^briefings\/[^/]+\/index\.html$/, briefing);
    // An envoy's entry links the actor's page and the dossier.
    const envoys = page.locator('article.briefing dl.facts li:has(a.dossier) a[href*="actors/"]');
    if ((await envoys.count()) > 0) envoyLink = envoys.first();
    if (!envoyLink) {
      await page.goBack();
      await page.waitForLoadState('load');
    }
  }
  if (!envoyLink) fail('home: none of the latest briefings names an envoy');
  const briefingUrl = page.url();

  // The envoy's actor page, then the envoy's dossier.
  const envoy = await follow(page, envoyLink, 'briefing → actor');
  await expectPage(page, 'actor', /^actors\/[^/]+\/index\.html$/, envoy);
  const listed = await page.evaluate(
    (url) => Array.from(document.links).some((a) => a.href === url),
    briefingUrl,
  );
  if (!listed) fail(`actor: ${envoy}'s page does not list the briefing "${briefing}"`);
  await follow(page, page.locator('dl.facts a[href*="envoys/"]'), 'actor → envoy dossier');
  await expectPage(page, 'envoy', /^envoys\/[^/]+\/index\.html$/, envoy);
  if ((await text(page, 'p.kicker')) !== 'Envoys') fail('envoy: the page is not under "Envoys"');
  if ((await page.locator('ol.itinerary > li').count()) === 0) fail('envoy: empty itinerary');
  const envoyPage = page.url();

  // The chronology, from the header.
  const nav = (name) => page.locator('.site-header nav a', { hasText: name });
  await follow(page, nav('Chronology'), 'envoy → chronology');
  await expectPage(page, 'chronology', /^chronology\/index\.html$/, 'Chronology');
  const inChronology = await page.locator('ol.briefings > li').count();
  console.log(`ok chronology lists ${inChronology} briefings`);
  const chronologyPage = page.url();
  // A chronology of more than a page goes on at page/2/, and its numbered links lead back.
  if ((await page.locator('nav.pager').count()) > 0) {
    await follow(page, page.locator('nav.pager a[rel="next"]').first(), 'chronology → page 2');
    await expectPage(page, 'chronology page 2', /^chronology\/page\/2\/index\.html$/, 'Chronology page 2');
    if ((await page.locator('ol.briefings > li').count()) === 0) fail('chronology page 2: no briefing');
    const first = page.locator('nav.pager a', { hasText: /^1$/ }).first();
    await follow(page, first, 'chronology page 2 → page 1');
    await expectPage(page, 'chronology page 1', /^chronology\/index\.html$/, 'Chronology');
  }

  // The tags, from the header, and the first tag.
  await follow(page, nav('Tags'), 'chronology → tags');
  await expectPage(page, 'tags', /^tags\/index\.html$/, 'Tags');
  const tagLink = page.locator('main a[href*="tags/"][href$="index.html"]').first();
  const tagText = (await tagLink.innerText()).trim();
  await follow(page, tagLink, 'tags → tag');
  const tag = await expectPage(page, 'tag', /^tags\/[^/]+\/index\.html$/);
  if (!tagText.startsWith(tag)) fail(`tag: the heading "${tag}" is not the link "${tagText}"`);

  // The header's search box: the envoy's name, folded, leads to the search page.
  const query = fold(envoy);
  await page.locator('#site-search-q').fill(query);
  await Promise.all([
    page.waitForURL(/search\/index\.html\?q=/),
    page.locator('#site-search-q').press('Enter'),
  ]);
  await page.waitForLoadState('load');
  await checkPage(page, 'header search');
  await expectPage(page, 'header search', /^search\/index\.html\?q=/, 'Search');
  let found = await results(page);
  if (found.query !== query) fail(`header search: the box holds "${found.query}", not "${query}"`);
  if (found.items.length === 0) fail(`header search: "${query}" found nothing (${found.status})`);
  if (total(found) <= found.items.length && !found.items.some((r) => r.href === briefingUrl)) {
    fail(`header search: "${query}" does not find the briefing "${briefing}"`);
  }
  if (!found.items.some((r) => r.why.includes(`via actor ${envoy}`))) {
    fail(`header search: no result says it matched through the actor ${envoy}`);
  }
  console.log(`ok header search "${query}": ${found.status}`);
  // The envoy's pages are results too; the dossier's link leads to it.
  const dossier = found.entities.findIndex((e) => e.href === envoyPage);
  if (dossier < 0 || !found.entities.some((e) => e.href.includes('/actors/') && e.name === envoy)) {
    fail(`header search: "${query}" does not list ${envoy}'s pages: ${JSON.stringify(found.entities)}`);
  }
  await follow(page, page.locator('#search-entity-list a').nth(dossier), 'search → envoy');
  await expectPage(page, 'search → envoy', /^envoys\/[^/]+\/index\.html$/, envoy);
  await page.goBack();
  await page.waitForLoadState('load');
  await results(page);

  // The search page's own box: the tag, sorted, filtered and back; then each expectation.
  found = await searchHere(page, tag);
  if (found.items.length === 0) fail(`search page: "${tag}" found nothing (${found.status})`);
  if (!found.items.some((r) => r.why.includes(`tag: ${tag}`))) {
    fail(`search page: no result of "${tag}" says it matched through the tag`);
  }
  console.log(`ok search "${tag}": ${found.status}`);
  await sortAndFilter(page, tag);
  if (pagesQuery) await secondPage(page, pagesQuery);
  for (const { query: q, title: t } of expectations) {
    found = await searchHere(page, q);
    const hit = found.items.find((r) => r.title === t);
    if (!hit) {
      const titles = found.items.slice(0, 5).map((r) => `"${r.title}"`).join(', ');
      fail(`search page: "${q}" does not find "${t}" (${found.status} ${titles})`);
    }
    // The title's words that the query names are marked.
    const words = fold(q).split(/\s+/).filter((w) => fold(t).split(/\W+/u).includes(w));
    const marked = hit.marked.map(fold);
    if (!words.every((w) => marked.includes(w))) {
      fail(`search page: "${q}" marks ${JSON.stringify(hit.marked)} in "${t}", expected ${words}`);
    }
    console.log(`ok search "${q}" finds "${t}": ${found.status}`);
  }
  // A result is a working link.
  await follow(page, page.locator('#search-results li a').first(), 'search → result');
  await expectPage(page, 'search result', /^briefings\/[^/]+\/index\.html$/);

  return { envoyPage, chronologyPage };
}

/** The briefings with files, from the data export: their addresses from the site root. */
function bundles() {
  const data = JSON.parse(fs.readFileSync(path.join(site, 'data', 'briefings.json'), 'utf8'));
  return data.filter((b) => b.attachments.length > 0).map((b) => b.url);
}

/** Opens each briefing with files: every image must load (lazy ones are made to), and every
 * address of a file of the site on the page (links, images, their web sizes) must exist. */
async function visitBundles(page) {
  const urls = bundles();
  if (urls.length === 0) console.log('ok no briefing has files');
  for (const url of urls) {
    await page.goto(origin ? origin + url : pathToFileURL(path.join(site, url)).href);
    await page.waitForLoadState('load');
    await checkPage(page, 'bundle');
    const broken = await page.evaluate(async () => {
      const images = Array.from(document.querySelectorAll('article img'));
      for (const img of images) img.loading = 'eager';
      const failed = await Promise.all(
        images.map((img) => img.decode().then(() => null, () => img.getAttribute('src'))),
      );
      return { count: images.length, failed: failed.filter((src) => src !== null) };
    });
    for (const src of broken.failed) problems.push(`the image ${src} of ${url} does not load`);
    const addresses = await page.evaluate(() => {
      const found = [];
      for (const a of document.querySelectorAll('article a[href]')) found.push(a.href);
      for (const img of document.querySelectorAll('article img')) {
        found.push(img.src);
        for (const candidate of (img.getAttribute('srcset') || '').split(',')) {
          const address = candidate.trim().split(/\s+/)[0];
          if (address) found.push(new URL(address, document.baseURI).href);
        }
      }
      return found;
    });
    let files = 0;
    for (const address of addresses) {
      const u = new URL(address);
      let file;
      if (u.protocol === 'file:') file = decodeURIComponent(u.pathname);
      else if (origin && address.startsWith(origin)) file = servedFile(u.pathname);
      else continue;
      files += 1;
      if (!file || !fs.existsSync(file)) problems.push(`${url} links ${local(address)}, which is not there`);
    }
    console.log(`ok bundle ${url}: ${broken.count} images load, ${files} addresses of files checked`);
  }
}

/** Runs `task` on a page of a Chromium with a fresh profile, then closes it. */
async function withBrowser(task) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: DESKTOP,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    watch(page);
    try {
      return await task(page);
    } catch (error) {
      problems.push(`${error.message} (at ${local(page.url())})`);
      return null;
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  if (!fs.existsSync(path.join(site, 'index.html'))) fail(`${site} holds no index.html`);
  fs.mkdirSync(shots, { recursive: true });
  if (served) {
    const server = await serve();
    await withBrowser(visitBundles);
    server.close();
    report();
    return;
  }
  const visited = await withBrowser(walk);
  await withBrowser(visitBundles);
  // The screenshots come from a second fresh profile, so that no link shows as visited.
  if (visited) {
    const actorsPage = pathToFileURL(path.join(site, 'actors', 'index.html')).href;
    await withBrowser(async (page) => {
      await screenshot(page, home, 'home');
      await screenshot(page, visited.envoyPage, 'envoy');
      await screenshot(page, visited.chronologyPage, 'chronology');
      await screenshot(page, actorsPage, 'actors');
      // The pages with graphics, and every page of the walk.
      const graphics = [actorsPage, visited.chronologyPage, visited.envoyPage];
      await checkWidths(page, [...new Set([...graphics, ...seen])]);
    });
  }
  report();
}

/** Lists every problem and exits 1 if there is one. */
function report() {
  if (problems.length > 0) {
    console.log(`FAILED: ${problems.length} problem(s)`);
    for (const problem of problems) console.log(`  ${problem}`);
    process.exit(1);
  }
  console.log(served ? 'passed' : `passed: screenshots in ${shots}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
