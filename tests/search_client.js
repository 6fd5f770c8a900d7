// Runs the theme's search client on a built site, as the search page would: the manifest and
// each shard the client asks for are evaluated with a `window` of their own, then search.js
// searches them. Each query starts with nothing loaded, so what it loads is its own.
//
//   node tests/search_client.js SITE QUERY...   prints, per query, what it finds (JSON)
//
// A QUERY is the words, or a JSON object {"q": WORDS, "sort": "date", "page": 2,
// "filters": [{"kind": "actor", "key": ID}]}.
'use strict';

const fs = require('fs');
const path = require('path');
const vm = require('vm');

const [site, ...rest] = process.argv.slice(2);
const client = require(path.resolve(site, 'search.js'));

/** The value a script of the index assigns. */
function evaluate(file) {
  const window = { DOSSIER_SEARCH_SHARDS: {} };
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), { window });
  return window;
}

const manifest = evaluate(path.join(site, 'search', 'index.js')).DOSSIER_SEARCH;

/** An index whose loads are recorded in `loaded`: [key, bytes]. */
function open(loaded) {
  return new client.Index(manifest, (kind, number) => {
    const file = path.join(site, manifest.shard.replace('{kind}', kind).replace('{n}', number));
    const key = `${kind}/${number}`;
    loaded.push([key, fs.statSync(file).size]);
    return Promise.resolve(evaluate(file).DOSSIER_SEARCH_SHARDS[key]);
  });
}

async function find(arg) {
  const options = arg.startsWith('{') ? JSON.parse(arg) : { q: arg };
  const loaded = [];
  const index = open(loaded);
  const found = await index.search(options.q, options);
  const facets = found.total ? await index.facets(found) : null;
  return {
    terms: found.terms,
    marks: found.marks,
    total: found.total,
    page: found.page,
    pages: found.pages,
    results: found.results.map((r) => ({
      doc: r.doc,
      url: r.url,
      title: r.title,
      date: r.date,
      snippet: r.snippet,
      files: r.files,
      why: r.why.map(client.whyText),
      marked: client.highlight(`${r.title} ${r.snippet}`, found.marks)
        .filter((piece) => piece[1])
        .map((piece) => piece[0]),
    })),
    entities: found.entities.map((e) => ({
      kind: e.kind, name: e.name, url: e.url, count: e.count, alias: e.alias,
    })),
    filters: found.filters.map((f) => f.label),
    facets,
    loaded: loaded.map(([key]) => key),
    bytes: loaded.reduce((sum, [, size]) => sum + size, 0),
  };
}

async function main() {
  const found = [];
  for (const arg of rest) found.push(await find(arg));
  console.log(JSON.stringify(found));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
