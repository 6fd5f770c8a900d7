// Opens the pages of each language of a site built with `dossier build --offline` in Debian's
// Chromium, from file://, at phone and desktop widths, and checks what a reader of that
// language sees: the page's language and direction as the browser computes them, nothing wider
// than the window, the header laid out from the side the language starts on (right for
// Arabic), the figures drawn right to left in Arabic (the first month of the timeline on the
// right), and the language switcher leading to the same page in the other language, whose own
// switcher leads back. Screenshots of each page at both widths go to SCREENSHOTS. No page may
// log a console error or fail to load a file.
//
//   node tests/browser/languages.mjs SITE SCREENSHOTS LANG:PAGE...
//
// Each LANG:PAGE is a language tag and a page's path inside SITE (ar:ar/index.html). It prints
// one line per check, and exits 1 with every problem listed if one failed. CHROMIUM overrides
// the browser (default /usr/bin/chromium).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [siteArg, shotsArg, ...pages] = process.argv.slice(2);
if (!siteArg || !shotsArg || pages.length === 0) {
  console.error('usage: node tests/browser/languages.mjs SITE SCREENSHOTS LANG:PAGE...');
  process.exit(2);
}
const site = path.resolve(siteArg);
const shots = path.resolve(shotsArg);
fs.mkdirSync(shots, { recursive: true });
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const RTL = new Set(['ar', 'he', 'fa', 'ur']);
const problems = [];

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: DESKTOP,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
try {
  const tab = context.pages()[0] || (await context.newPage());
  tab.on('console', (m) => { if (m.type() === 'error') problems.push(`${tab.url()}: console: ${m.text()}`); });
  tab.on('pageerror', (e) => problems.push(`${tab.url()}: ${e.message}`));
  tab.on('requestfailed', (r) => problems.push(`${tab.url()}: cannot load ${r.url()}`));
  for (const spec of pages) {
    const [tag, page] = spec.split(/:(.*)/s);
    const url = pathToFileURL(path.join(site, page)).href;
    const rtl = RTL.has(tag.split('-')[0]);
    for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      await tab.setViewportSize(size);
      await tab.goto(url);
      await tab.waitForLoadState('load');
      const seen = await tab.evaluate(() => {
        const html = document.documentElement;
        const title = document.querySelector('.site-title').getBoundingClientRect();
        // The timeline drawn at this width (a wide and a narrow one are in the page).
        const timeline = [...document.querySelectorAll('svg.timeline')]
          .find((svg) => svg.getBoundingClientRect().width > 0);
        let first = null;
        let last = null;
        if (timeline) {
          const bars = [...timeline.querySelectorAll('rect.bar')]
            .map((r) => r.getBoundingClientRect())
            .filter((r) => r.width > 0 && r.height > 0);
          if (bars.length > 1) {
            first = bars[0].left + bars[0].width / 2;
            last = bars[bars.length - 1].left + bars[bars.length - 1].width / 2;
          }
        }
        return {
          lang: html.lang,
          direction: getComputedStyle(html).direction,
          scroll: html.scrollWidth,
          inner: window.innerWidth,
          titleLeft: title.left,
          titleRight: title.right,
          first,
          last,
          switcher: [...document.querySelectorAll('nav.languages a')].map((a) => [a.lang, a.href]),
        };
      });
      const where = `${page} (${label})`;
      if (seen.lang !== tag) problems.push(`${where}: lang is "${seen.lang}", not "${tag}"`);
      if (seen.direction !== (rtl ? 'rtl' : 'ltr')) problems.push(`${where}: the page runs ${seen.direction}`);
      if (seen.scroll > seen.inner) problems.push(`${where}: ${seen.scroll} px wide in a ${seen.inner} px window`);
      // The site's title starts the header: at the right in a right-to-left language.
      const fromRight = seen.inner - seen.titleRight;
      if (rtl ? fromRight > seen.titleLeft : seen.titleLeft > fromRight) {
        problems.push(`${where}: the site's title is not on the ${rtl ? 'right' : 'left'} (${Math.round(seen.titleLeft)}–${Math.round(seen.titleRight)} of ${seen.inner} px)`);
      }
      if (seen.first !== null && (rtl ? seen.first < seen.last : seen.first > seen.last)) {
        problems.push(`${where}: the figure's time runs the wrong way (first mark at ${Math.round(seen.first)} px, last at ${Math.round(seen.last)} px)`);
      }
      const file = path.join(shots, `${page.replace(/\/index\.html$|\.html$/, '').replace(/\//g, '-') || 'index'}-${label}.png`);
      const height = await tab.evaluate(() => document.documentElement.scrollHeight);
      await tab.screenshot({ path: file, clip: { x: 0, y: 0, width: size.width, height: Math.min(height, 5000) } });
      console.log(`ok ${where} ${seen.direction}, screenshot ${file}`);
      if (label === 'desktop') {
        if (seen.switcher.length === 0) problems.push(`${where}: no language switcher`);
        for (const [other, href] of seen.switcher) {
          await tab.goto(href);
          await tab.waitForLoadState('load');
          const back = await tab.evaluate((tag) => ({
            lang: document.documentElement.lang,
            link: [...document.querySelectorAll('nav.languages a')].find((a) => a.lang === tag)?.href,
          }), tag);
          if (back.lang !== other) problems.push(`${where}: the ${other} link leads to a page in "${back.lang}"`);
          if (back.link !== url) problems.push(`${where}: the ${other} page does not lead back (${back.link})`);
          else console.log(`ok ${where} ⇄ ${other}`);
        }
      }
    }
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.log(`\n${problems.length} problems:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('all languages ok');
