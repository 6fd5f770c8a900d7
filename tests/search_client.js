// Runs the theme's search client on a built site, as the search page would: the index script
// is evaluated with a `window` of its own, then search.js searches it.
//
//   node tests/search_client.js SITE QUERY...         prints, per query, what it finds (JSON)
//   node tests/search_client.js SITE --time QUERY...  prints the time to load and to search
'use strict';

const fs = require('fs');
const path = require('path');
const vm = require('vm');

const [site, ...rest] = process.argv.slice(2);
const timing = rest[0] === '--time';
const queries = timing ? rest.slice(1) : rest;

function load() {
  const window = {};
  const code = fs.readFileSync(path.join(site, 'search', 'index.js'), 'utf8');
  vm.runInNewContext(code, { window });
  return window.DOSSIER_SEARCH;
}

const client = require(path.resolve(site, 'search.js'));

if (timing) {
  const started = process.hrtime.bigint();
  const index = load();
  client.search(index, ''); // splits the words once, as the page's first search does
  const loaded = Number(process.hrtime.bigint() - started) / 1e6;
  const times = {};
  for (const query of queries) {
    const runs = [];
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const t = process.hrtime.bigint();
      total = client.search(index, query).total;
      runs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    runs.sort((a, b) => a - b);
    times[query] = { found: total, median_ms: runs[10], worst_ms: runs[19] };
  }
  console.log(JSON.stringify({ briefings: index.docs.length, load_ms: loaded, queries: times }, null, 1));
} else {
  const index = load();
  const found = queries.map((query) => {
    const result = client.search(index, query);
    return {
      terms: result.terms,
      total: result.total,
      results: result.results.map((r) => ({
        url: r.url,
        title: r.title,
        date: r.date,
        snippet: r.snippet,
        files: r.files,
        marked: client.highlight(r.title + ' ' + r.snippet, result.terms)
          .filter((piece) => piece[1])
          .map((piece) => piece[0]),
      })),
    };
  });
  console.log(JSON.stringify(found));
}
