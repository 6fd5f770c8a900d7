/* dossier search: the client of the index that `dossier build` writes under search/. The
 * manifest (search/index.js, window.DOSSIER_SEARCH) says which shard holds what; the shards
 * (search/<kind>/<n>.js, window.DOSSIER_SEARCH_SHARDS["<kind>/<n>"]) are loaded as a query needs
 * them, each with a <script> element, since pages opened from file:// cannot fetch. It folds and
 * cuts a query exactly as src/site/search/text.rs folds and cuts the archive, finds the words
 * (and the words they begin, and for longer words the words one edit away), ranks the
 * briefings, and lists a page of them with the actors, envoys and tags that match.
 *
 * No framework, no eval, no inline script, no innerHTML: it works under a strict
 * Content-Security-Policy and from file://. Under Node (the tests) it exports its pure
 * functions and the index reader instead of touching a page. */
(function () {
  'use strict';

  var FORMAT = 2;
  /* The weight of a match by field: body, summary, tag or place, title or actor. */
  var WEIGHTS = [1, 2, 4, 8];
  /* A word that the query word begins, or one edit away from it, counts this much of the word. */
  var PREFIX = 0.7;
  var NEAR = 0.5;
  /* Query words this long or longer also find the words one edit away. */
  var NEAR_LENGTH = 5;
  /* The other words one query word may bring in (the words it begins, those one edit away), the
   * most frequent first, and the postings they may load together. */
  var EXPANSIONS = 12;
  var EXPANSION_BYTES = 160 * 1024;
  /* Results per page. */
  var PER_PAGE = 20;
  /* Entities listed above the results, and how many candidates are read to rank them. */
  var ENTITY_LIMIT = 6;
  var ENTITY_CANDIDATES = 12;
  /* Facet shards (of 1,024 briefings, about 12 KB) a query loads at most, and values shown
   * per facet. */
  var FACET_SHARDS = 10;
  var FACET_VALUES = 8;
  /* The words of the interface: English here, those of the page's language from the
   * `data-words` of the results list (written by the search page from the theme's words). */
  var SPEECH = {
    lang: 'en',
    date: '%-d %B %Y',
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
      'September', 'October', 'November', 'December'],
    months_short: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov',
      'Dec'],
    words: {
      search_type_more: 'Type a word of a title, a name, a tag or a place.',
      search_none: 'No briefing matches “{query}”{filtered}.',
      search_with_filters: ' with these filters',
      search_found: { one: '{n} briefing matches “{query}”{filtered}.',
        other: '{n} briefings match “{query}”{filtered}.' },
      search_page_of: 'Page {n} of {count}',
      search_no_index: 'The search index (search/index.js) could not be loaded.',
      search_unreadable: 'The search index could not be read: {error}',
      search_matched: 'Matched {why}.',
      search_why_separator: '; ',
      search_why_tag: 'tag: {name}',
      search_why_via: 'via {kind} {name}{alias}',
      search_why_alias: ' (alias ‘{alias}’)',
      search_as_alias: 'as ‘{alias}’',
      search_kind_actor: 'Actor',
      search_kind_envoy: 'Envoy’s dossier',
      search_kind_tag: 'Tag',
      search_kind_place: 'Place',
      search_kind_year: 'Year',
      search_filter_actor: 'actor',
      search_filter_tag: 'tag',
      search_filter_year: 'year',
      search_briefing_count: { one: '{n} briefing', other: '{n} briefings' },
      search_previous: '← Previous',
      search_next: 'Next →',
      search_remove_filter: 'Remove the filter {kind}: {label}',
      search_counted: 'Actors and tags counted in {counted} of the {total} results.',
    },
  };

  /* Takes the words of the page's language, keeping English for any it lacks. */
  function speak(speech) {
    if (!speech) return;
    ['lang', 'date', 'months', 'months_short'].forEach(function (k) {
      if (speech[k]) SPEECH[k] = speech[k];
    });
    Object.keys(speech.words || {}).forEach(function (k) { SPEECH.words[k] = speech.words[k]; });
  }

  /* A number as the page's language writes it. */
  function number(n) {
    try { return n.toLocaleString(SPEECH.lang + '-u-nu-latn'); } catch (e) { return String(n); }
  }

  /* The word of `key` with `{name}` replaced by each value; a word with plural forms takes
   * the form for `values.n` in the page's language. */
  function say(key, values) {
    var word = SPEECH.words[key];
    values = values || {};
    if (word && typeof word === 'object') {
      var form = 'other';
      try { form = new Intl.PluralRules(SPEECH.lang).select(values.n); } catch (e) { /* English */ }
      word = word[form] || word.other;
    }
    return String(word === undefined ? key : word).replace(/\{(\w+)\}/g, function (all, name) {
      if (!(name in values)) return all;
      return typeof values[name] === 'number' ? number(values[name]) : String(values[name]);
    });
  }

  /* ---- Text: folding and words, as in src/site/search/text.rs ---- */

  /* Scripts written without spaces (Chinese, Japanese): cut into pairs of characters. */
  var UNSPACED = '\\u3040-\\u30ff\\u31f0-\\u31ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff' +
    '\\u{20000}-\\u{3134f}';
  var IS_UNSPACED = new RegExp('^[' + UNSPACED + ']', 'u');
  /* Runs of letters and digits in folded text, unspaced scripts apart. */
  var RUNS = '[' + UNSPACED + ']+|(?:(?![' + UNSPACED + '])[\\p{Alphabetic}\\p{N}';
  var FOLDED_RUN = new RegExp(RUNS + '])+', 'gu');
  /* The same in text as written, whose accents are still combining marks. */
  var WRITTEN_RUN = RUNS + '\\p{M}])+';
  /* Letters NFKD keeps whole, spelled as the index spells them: Latin ones the Latin way,
   * Arabic alef wasla, alef maksura and teh marbuta as ا ي ه, Cyrillic ё as е, and the
   * Arabic tatweel (U+0640) dropped. */
  var LETTERS = { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'þ': 'th', 'ø': 'o', 'ł': 'l', 'đ': 'd',
    'ð': 'd', 'ı': 'i', 'ς': 'σ', 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه', 'ё': 'е', '\u0640': '' };
  /* Tokens longer than this (in characters) are not in the index. */
  var LONGEST_TOKEN = 40;

  /* Text without accents (nor Arabic harakat), in lower case. */
  function fold(text) {
    return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
      .replace(/[ßæœþøłđðıςٱىةё\u0640]/g, function (c) { return LETTERS[c]; });
  }

  function isUnspaced(word) {
    return IS_UNSPACED.test(word);
  }

  /* Whether a query word also finds the words it begins. */
  function takesPrefix(word) {
    return isUnspaced(word) || word.length >= 2;
  }

  /* Whether a query word also finds the words one edit away. */
  function takesNear(word) {
    return !isUnspaced(word) && Array.from(word).length >= NEAR_LENGTH;
  }

  /* The distinct words of `text`, folded: runs of letters and digits, and runs of unspaced
   * scripts cut into overlapping pairs. The index (`index_tokens` in text.rs) also keeps an
   * unspaced run's last character and leaves out long words; a query keeps a lone character. */
  function words(text, asIndexed) {
    var found = [];
    function add(word) {
      if (found.indexOf(word) < 0) found.push(word);
    }
    (fold(text).match(FOLDED_RUN) || []).forEach(function (run) {
      var chars = Array.from(run);
      if (!isUnspaced(run)) {
        if (!asIndexed || chars.length <= LONGEST_TOKEN) add(run);
        return;
      }
      for (var i = 0; i + 1 < chars.length; i++) add(chars[i] + chars[i + 1]);
      if (asIndexed || chars.length === 1) add(chars[chars.length - 1]);
    });
    return found;
  }

  /* The words of a query. */
  function queryTerms(query) {
    return words(query, false);
  }

  /* The tokens of `text` as the index keeps them. */
  function indexTokens(text) {
    return words(text, true);
  }

  /* `word` after its first `count` characters. */
  function rest(word, count) {
    return Array.from(word).slice(count).join('');
  }

  /* Whether two words are one edit apart: a letter added, dropped, changed, or two neighbours
   * swapped. */
  function isNear(a, b) {
    var x = Array.from(a);
    var y = Array.from(b);
    if (x.length > y.length) {
      var swap = x; x = y; y = swap;
    }
    if (y.length - x.length > 1) return false;
    var i = 0;
    while (i < x.length && x[i] === y[i]) i++;
    if (i === x.length) return y.length === x.length + 1;
    var tail = function (list, from) { return list.slice(from).join(''); };
    if (x.length === y.length) {
      if (tail(x, i + 1) === tail(y, i + 1)) return true;
      return i + 1 < x.length && x[i] === y[i + 1] && x[i + 1] === y[i] &&
        tail(x, i + 2) === tail(y, i + 2);
    }
    return tail(x, i) === tail(y, i + 1);
  }

  /* ---- Numbers: the lists of src/site/search/encode.rs ---- */

  /* The value of each character of a number list: the first 32 end a number, the others go on. */
  var DIGITS = (function () {
    var alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
    var values = new Int8Array(128).fill(-1);
    for (var i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
    return values;
  })();

  /* The numbers written in `text`. */
  function readNumbers(text) {
    var out = [];
    var number = 0;
    for (var k = 0; k < text.length; k++) {
      var digit = DIGITS[text.charCodeAt(k)];
      if (digit >= 32) {
        number = number * 32 + digit - 32;
      } else {
        out.push(number * 32 + digit);
        number = 0;
      }
    }
    return out;
  }

  /* A posting list as a flat array: briefing, field, briefing, field... */
  function decodePostings(text) {
    var numbers = readNumbers(text);
    var out = new Array(numbers.length * 2);
    var doc = 0;
    for (var i = 0; i < numbers.length; i++) {
      doc += Math.floor(numbers[i] / 4);
      out[2 * i] = doc;
      out[2 * i + 1] = numbers[i] % 4;
    }
    return out;
  }

  /* Ascending numbers written as gaps. */
  function decodeGaps(numbers) {
    var value = 0;
    return numbers.map(function (gap) { value += gap; return value; });
  }

  /* The last position in sorted `list` whose value is not after `value`, or -1. */
  function lastNotAfter(list, value) {
    var low = 0;
    var high = list.length;
    while (low < high) {
      var mid = (low + high) >>> 1;
      if (list[mid] <= value) low = mid + 1; else high = mid;
    }
    return low - 1;
  }

  /* ---- The index, read shard by shard ---- */

  /* An index read through `load(kind, number)`, which gives a promise of a shard's value. */
  function Index(manifest, load) {
    this.manifest = manifest;
    this.load = load;
    this.parsed = new Map();
    this.lists = new Map();
  }

  /* A shard, parsed once by `parse`. */
  Index.prototype.shard = function (kind, number, parse) {
    var key = kind + '/' + number;
    if (!this.parsed.has(key)) {
      this.parsed.set(key, this.load(kind, number).then(parse || function (value) { return value; }));
    }
    return this.parsed.get(key);
  };

  /* A dictionary shard as entries: { term, size, shard, slot, pieces, entities }. */
  function parseDictionary(value) {
    var terms = value.terms.split(' ');
    var numbers = readNumbers(value.meta);
    var at = 0;
    return terms.map(function (term) {
      var entry = { term: term, size: numbers[at], shard: numbers[at + 1], slot: numbers[at + 2],
        pieces: numbers[at + 3], entities: [] };
      var count = numbers[at + 4];
      entry.entities = numbers.slice(at + 5, at + 5 + count);
      at += 5 + count;
      return entry;
    });
  }

  /* The dictionary entries of the words from `low` to `high`. */
  Index.prototype.entries = function (low, high) {
    var firsts = this.manifest.terms;
    var promises = [];
    for (var n = Math.max(0, lastNotAfter(firsts, low)); n <= lastNotAfter(firsts, high); n++) {
      promises.push(this.shard('t', n, parseDictionary));
    }
    return Promise.all(promises).then(function (shards) {
      var found = [];
      shards.forEach(function (entries) {
        entries.forEach(function (entry) {
          if (entry.term >= low && entry.term <= high) found.push(entry);
        });
      });
      return found;
    });
  };

  /* The words whose rest after two characters is `key`. */
  Index.prototype.skipWords = function (key) {
    var n = lastNotAfter(this.manifest.skip, key);
    if (n < 0) return Promise.resolve([]);
    return this.shard('s', n, function (text) { return text.split(' '); }).then(function (words) {
      return words.filter(function (word) { return rest(word, 2) === key; });
    });
  };

  /* For one query word: the words it finds, each { entry, kind } with kind 'exact', 'prefix'
   * or 'near'. */
  Index.prototype.expand = function (word) {
    var self = this;
    var lookups = [this.entries(word, takesPrefix(word) ? word + '\uffff' : word)];
    if (takesNear(word)) {
      var chars = Array.from(word);
      var two = chars[0] + chars[1];
      // Edits after the first two characters: the words that begin the same.
      lookups.push(this.entries(two, two + '\uffff'));
      // Edits in the first two: the words whose rest is what a change, an addition, a deletion
      // or a swap there leaves.
      var keys = [rest(word, 2), rest(word, 1), rest(word, 3), chars[1] + rest(word, 3)];
      lookups.push(Promise.all(keys.map(function (key) { return self.skipWords(key); }))
        .then(function (lists) {
          var near = [];
          lists.forEach(function (list) {
            list.forEach(function (other) {
              if (near.indexOf(other) < 0 && isNear(word, other)) near.push(other);
            });
          });
          return Promise.all(near.map(function (other) { return self.entries(other, other); }));
        })
        .then(function (lists) { return [].concat.apply([], lists); }));
    }
    return Promise.all(lookups).then(function (lists) {
      var exact = null;
      var others = new Map();
      [].concat.apply([], lists).forEach(function (entry) {
        if (entry.term === word) {
          exact = entry;
        } else if (takesPrefix(word) && entry.term.startsWith(word)) {
          others.set(entry.term, { entry: entry, kind: 'prefix' });
        } else if (takesNear(word) && isNear(word, entry.term) && !others.has(entry.term)) {
          others.set(entry.term, { entry: entry, kind: 'near' });
        }
      });
      var chosen = exact ? [{ entry: exact, kind: 'exact' }] : [];
      var candidates = Array.from(others.values()).sort(function (a, b) {
        return b.entry.size - a.entry.size || (a.entry.term < b.entry.term ? -1 : 1);
      });
      var count = 0;
      var bytes = 0;
      candidates.forEach(function (candidate) {
        var size = candidate.entry.size;
        if (size === 0) {
          chosen.push(candidate);
        } else if (count < EXPANSIONS && bytes + size <= EXPANSION_BYTES) {
          chosen.push(candidate);
          count++;
          bytes += size;
        }
      });
      return chosen;
    });
  };

  /* The concatenated pieces of a list of postings at { shard, slot, pieces }. */
  Index.prototype.listText = function (place) {
    var promises = [];
    for (var k = 0; k < place.pieces; k++) {
      promises.push(this.shard('p', place.shard + k));
    }
    return Promise.all(promises).then(function (shards) {
      return shards.map(function (lists, k) { return lists[k === 0 ? place.slot : 0]; }).join('');
    });
  };

  /* A word's postings: briefing, field, briefing, field... */
  Index.prototype.postings = function (entry) {
    if (!this.lists.has(entry.term)) {
      this.lists.set(entry.term, this.listText(entry).then(decodePostings));
    }
    return this.lists.get(entry.term);
  };

  /* Entity number `n`: { n, kind, key, name, aliases, url, count, docs: place }. */
  Index.prototype.entity = function (n) {
    var manifest = this.manifest.entities;
    var kinds = manifest.kinds;
    return this.shard('e', Math.floor(n / manifest.per)).then(function (records) {
      var r = records[n % manifest.per];
      var kind = Object.keys(kinds).find(function (k) { return n >= kinds[k][0] && n < kinds[k][1]; });
      return { n: n, kind: kind, key: r[0], name: r[1], aliases: r[2], url: r[3], count: r[4],
        place: { shard: r[5], slot: r[6], pieces: r[7] } };
    });
  };

  /* The entity of a kind and key (an actor's id, a tag's slug), or null. */
  Index.prototype.entityByKey = function (kind, key) {
    var manifest = this.manifest.entities;
    var range = manifest.kinds[kind];
    var reference = kind.charAt(0) + ':' + key;
    var shard = lastNotAfter(manifest.first, reference);
    if (!range || shard < 0) return Promise.resolve(null);
    return this.shard('e', shard).then(function (records) {
      var at = records.findIndex(function (r) { return r[0] === key; });
      var n = shard * manifest.per + at;
      return at >= 0 && n >= range[0] && n < range[1] ? this.entity(n) : null;
    }.bind(this));
  };

  /* The entities numbered `numbers`, in that order. */
  Index.prototype.entitiesOf = function (numbers) {
    return Promise.all(numbers.map(this.entity, this));
  };

  /* An entity's briefings, ascending. */
  Index.prototype.entityDocs = function (entity) {
    return this.listText(entity.place).then(function (text) { return decodeGaps(readNumbers(text)); });
  };

  /* The records of briefings: { doc, url, title, date, snippet, actors, tags, files } (actors
   * and tags by entity number; files says what the briefing has attached, or is empty). */
  Index.prototype.docs = function (docs) {
    var per = this.manifest.docs;
    var kinds = this.manifest.entities.kinds;
    var actorBase = kinds.actor ? kinds.actor[0] : 0;
    var tagBase = kinds.tag ? kinds.tag[0] : 0;
    return Promise.all(docs.map(function (doc) {
      return this.shard('d', Math.floor(doc / per)).then(function (records) {
        var r = records[doc % per];
        return { doc: doc, url: r[0], title: r[1], date: r[2], snippet: r[3],
          actors: r[4].map(function (a) { return actorBase + a; }),
          tags: r[5].map(function (t) { return tagBase + t; }), files: r[6] || '' };
      });
    }, this));
  };

  /* A facet shard as, per briefing, [actors, tags] by their number within their kind. */
  function parseFacets(text) {
    return text.split(',').map(function (doc) {
      var parts = doc.split('.');
      return [readNumbers(parts[0]), readNumbers(parts[1])];
    });
  }

  /* ---- Searching ---- */

  /* For one query word's expansions: per briefing, the tier of its best match (0 for the word
   * or a word it begins, 1 for a word one edit away) and its weight. Rarer words weigh more. */
  function scoreWord(index, expansions) {
    var total = index.manifest.count;
    var weight = new Float64Array(total);
    var tier = new Uint8Array(total);
    var found = [];
    return Promise.all(expansions.map(function (e) {
      return e.entry.size ? index.postings(e.entry) : Promise.resolve([]);
    })).then(function (lists) {
      lists.forEach(function (list, k) {
        if (!list.length) return;
        var kind = expansions[k].kind;
        var level = kind === 'near' ? 1 : 0;
        var factor = (kind === 'exact' ? 1 : kind === 'prefix' ? PREFIX : NEAR) *
          Math.log(1 + total / (list.length / 2));
        for (var i = 0; i < list.length; i += 2) {
          var doc = list[i];
          var w = WEIGHTS[list[i + 1]] * factor;
          if (weight[doc] === 0) {
            found.push(doc);
            weight[doc] = w;
            tier[doc] = level;
          } else if (level < tier[doc] || (level === tier[doc] && w > weight[doc])) {
            weight[doc] = w;
            tier[doc] = level;
          }
        }
      });
      return { docs: found, weight: weight, tier: tier };
    });
  }

  /* The briefings each filter allows, as a test. Filters are { kind: 'actor' | 'tag' | 'year',
   * key }; an unknown actor or tag allows nothing. Returns { allows, filters } where each
   * filter gains its entity (or year) for display. */
  function applyFilters(index, filters) {
    var years = index.manifest.years;
    return Promise.all(filters.map(function (filter) {
      if (filter.kind === 'year') {
        var at = years.findIndex(function (y) { return String(y[0]) === filter.key; });
        var from = at < 0 ? 0 : years[at][1];
        var to = at < 0 ? 0 : at + 1 < years.length ? years[at + 1][1] : index.manifest.count;
        return { filter: filter, label: filter.key, test: function (doc) { return doc >= from && doc < to; } };
      }
      return index.entityByKey(filter.kind, filter.key).then(function (entity) {
        if (!entity) return { filter: filter, label: filter.key, test: function () { return false; } };
        return index.entityDocs(entity).then(function (docs) {
          var set = new Set(docs);
          return { filter: filter, label: entity.name, entity: entity,
            test: function (doc) { return set.has(doc); } };
        });
      });
    }));
  }

  /* The entities matching every query word: [{ n, near }], those with the most briefings
   * first (the dictionary lists them so). */
  function matchEntities(expansions) {
    var matched = null;
    expansions.forEach(function (list) {
      var mine = new Map();
      list.forEach(function (e) {
        var level = e.kind === 'near' ? 1 : 0;
        e.entry.entities.forEach(function (n) {
          if (!mine.has(n) || level < mine.get(n)) mine.set(n, level);
        });
      });
      if (matched === null) {
        matched = mine;
      } else {
        var both = new Map();
        matched.forEach(function (level, n) {
          if (mine.has(n)) both.set(n, level + mine.get(n));
        });
        matched = both;
      }
    });
    return Array.from(matched || []).map(function (m) { return { n: m[0], near: m[1] }; });
  }

  /* Which of an entity's names the words found: null for its name, else the alias. `words`
   * holds two sets: the words the query asked for or began, then those one edit away, which
   * count only when the first find none of the names. */
  function matchedAlias(entity, words) {
    for (var k = 0; k < words.length; k++) {
      var holds = function (name) {
        return indexTokens(name).some(function (token) { return words[k].has(token); });
      };
      if (holds(entity.name)) return null;
      var alias = entity.aliases.find(holds);
      if (alias) return alias;
    }
    return null;
  }

  /* Searches `query` with `options` { sort: 'relevance' | 'date', page (from 1), filters }.
   * Resolves to { terms, marks, total, page, pages, results, entities, filters, ranked }:
   * `results` the page's briefings with `why` (the actors and tags that matched a word),
   * `entities` the pages whose names match (on the first page), `ranked` every result. */
  Index.prototype.search = function (query, options) {
    var index = this;
    options = options || {};
    var terms = queryTerms(query);
    var sort = options.sort === 'date' ? 'date' : 'relevance';
    var empty = { terms: terms, marks: terms, total: 0, page: 1, pages: 1, results: [], entities: [],
      filters: [], ranked: [], sort: sort };
    if (!terms.length || !this.manifest.count) return Promise.resolve(empty);
    var expansions;
    return Promise.all(terms.map(function (word) { return index.expand(word); }))
      .then(function (found) {
        expansions = found;
        return Promise.all([
          Promise.all(found.map(function (list) { return scoreWord(index, list); })),
          applyFilters(index, options.filters || []),
        ]);
      })
      .then(function (both) {
        var words = both[0];
        var filters = both[1];
        var smallest = words.reduce(function (a, b) { return b.docs.length < a.docs.length ? b : a; });
        var ranked = [];
        smallest.docs.forEach(function (doc) {
          var score = 0;
          var near = 0;
          for (var k = 0; k < words.length; k++) {
            if (words[k].weight[doc] === 0) return;
            score += words[k].weight[doc];
            near += words[k].tier[doc];
          }
          for (var f = 0; f < filters.length; f++) if (!filters[f].test(doc)) return;
          ranked.push([doc, near, score]);
        });
        ranked.sort(sort === 'date'
          ? function (a, b) { return b[0] - a[0]; }
          : function (a, b) { return a[1] - b[1] || b[2] - a[2] || b[0] - a[0]; });
        var pages = Math.max(1, Math.ceil(ranked.length / PER_PAGE));
        var page = Math.min(Math.max(1, Math.floor(options.page) || 1), pages);
        var shown = ranked.slice((page - 1) * PER_PAGE, page * PER_PAGE).map(function (r) { return r[0]; });
        var allWords = [new Set(), new Set()];
        var named = new Set();
        var marks = terms.slice();
        expansions.forEach(function (list) {
          list.forEach(function (e) {
            allWords[e.kind === 'near' ? 1 : 0].add(e.entry.term);
            e.entry.entities.forEach(function (n) { named.add(n); });
            if (e.kind === 'near' && marks.indexOf(e.entry.term) < 0) marks.push(e.entry.term);
          });
        });
        var entities = matchEntities(expansions);
        return Promise.all([
          index.docs(shown),
          page === 1 ? index.rankEntities(entities, allWords) : [],
        ]).then(function (loaded) {
          return index.explain(loaded[0], named, allWords).then(function (results) {
            return { terms: terms, marks: marks, total: ranked.length, page: page, pages: pages,
              results: results, entities: loaded[1], filters: filters, ranked: ranked, sort: sort };
          });
        });
      });
  };

  /* The best entities of `matched`: exact matches first, then the more briefings. */
  Index.prototype.rankEntities = function (matched, words) {
    var candidates = matched.slice().sort(function (a, b) { return a.near - b.near; })
      .slice(0, ENTITY_CANDIDATES);
    return this.entitiesOf(candidates.map(function (m) { return m.n; })).then(function (records) {
      return records.map(function (entity, k) {
        entity.near = candidates[k].near;
        entity.alias = matchedAlias(entity, words);
        return entity;
      }).sort(function (a, b) { return a.near - b.near || b.count - a.count || a.n - b.n; })
        .slice(0, ENTITY_LIMIT);
    });
  };

  /* The records with `why`: the actors and tags among `names` (entity numbers that a query
   * word found) that each one has. */
  Index.prototype.explain = function (records, names, words) {
    var wanted = [];
    records.forEach(function (r) {
      r.actors.concat(r.tags).forEach(function (n) {
        if (names.has(n) && wanted.indexOf(n) < 0) wanted.push(n);
      });
    });
    return this.entitiesOf(wanted).then(function (entities) {
      var byNumber = new Map(entities.map(function (e) { return [e.n, e]; }));
      return records.map(function (r) {
        r.why = r.actors.concat(r.tags).filter(function (n) { return byNumber.has(n); })
          .map(function (n) {
            var e = byNumber.get(n);
            return { kind: e.kind, name: e.name, alias: matchedAlias(e, words), url: e.url };
          });
        return r;
      });
    });
  };

  /* Facets of a search's results: every year with its count, and the actors and tags most
   * found, counted in the facet shards of the first results (at most FACET_SHARDS of them).
   * Resolves to { years: [[year, count]], actors, tags: [{ key, name, count }], counted }. */
  Index.prototype.facets = function (found) {
    var index = this;
    var manifest = this.manifest;
    var years = manifest.years;
    var yearCounts = years.map(function (y) { return [y[0], 0]; });
    var shards = [];
    var starts = years.map(function (y) { return y[1]; });
    found.ranked.forEach(function (r) {
      yearCounts[lastNotAfter(starts, r[0])][1]++;
      var shard = Math.floor(r[0] / manifest.facets);
      if (shards.length < FACET_SHARDS && shards.indexOf(shard) < 0) shards.push(shard);
    });
    return Promise.all(shards.map(function (n) { return index.shard('f', n, parseFacets); }))
      .then(function (loaded) {
        var counts = [new Map(), new Map()];
        var counted = 0;
        found.ranked.forEach(function (r) {
          var at = shards.indexOf(Math.floor(r[0] / manifest.facets));
          if (at < 0) return;
          counted++;
          var facets = loaded[at][r[0] % manifest.facets];
          [0, 1].forEach(function (k) {
            facets[k].forEach(function (n) { counts[k].set(n, (counts[k].get(n) || 0) + 1); });
          });
        });
        var kinds = manifest.entities.kinds;
        var bases = [kinds.actor ? kinds.actor[0] : 0, kinds.tag ? kinds.tag[0] : 0];
        var top = counts.map(function (map, k) {
          return Array.from(map).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
            .slice(0, FACET_VALUES).map(function (c) { return [bases[k] + c[0], c[1]]; });
        });
        return Promise.all(top.map(function (list) {
          return index.entitiesOf(list.map(function (c) { return c[0]; })).then(function (entities) {
            return entities.map(function (e, k) {
              return { kind: e.kind, key: e.key, name: e.name, count: list[k][1] };
            });
          });
        })).then(function (named) {
          return {
            years: yearCounts.filter(function (y) { return y[1] > 0; }).reverse(),
            actors: named[0],
            tags: named[1],
            counted: counted,
          };
        });
      });
  };

  /* ---- What the page shows ---- */

  /* `text` cut into [piece, marked] pairs, marking the words the query's terms find. */
  function highlight(text, terms) {
    var marked = new Array(text.length).fill(false);
    var run = new RegExp(WRITTEN_RUN, 'gu');
    var m;
    while ((m = run.exec(text)) !== null) {
      if (isUnspaced(m[0])) {
        terms.filter(isUnspaced).forEach(function (term) {
          for (var at = m[0].indexOf(term); at >= 0; at = m[0].indexOf(term, at + 1)) {
            marked.fill(true, m.index + at, m.index + at + term.length);
          }
        });
      } else {
        var word = fold(m[0]);
        var hit = terms.some(function (term) {
          return word === term || (takesPrefix(term) && word.startsWith(term));
        });
        if (hit) marked.fill(true, m.index, m.index + m[0].length);
      }
    }
    var pieces = [];
    for (var i = 0; i < text.length; i++) {
      var last = pieces[pieces.length - 1];
      if (last && last[1] === marked[i]) last[0] += text[i];
      else pieces.push([text[i], marked[i]]);
    }
    return pieces;
  }

  /* "2023-10-10" as the site writes dates: "10 October 2023". */
  function dateText(iso) {
    var parts = iso.split('-');
    var day = Number(parts[2]);
    var month = Number(parts[1]);
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    var fields = {
      '%-d': String(day), '%d': pad(day), '%e': String(day), '%-m': String(month), '%m': pad(month),
      '%OB': SPEECH.months[month - 1], '%B': SPEECH.months[month - 1],
      '%Ob': SPEECH.months_short[month - 1], '%b': SPEECH.months_short[month - 1],
      '%Y': parts[0], '%%': '%',
    };
    return SPEECH.date.replace(/%-d|%-m|%O[Bb]|%[dmeBbY%]/g, function (f) { return fields[f]; });
  }

  /* Why a briefing matched, from one of its `why` entries. */
  function whyText(why) {
    if (why.kind === 'tag') return say('search_why_tag', { name: why.name });
    var alias = why.alias ? say('search_why_alias', { alias: why.alias }) : '';
    var kind = SPEECH.words['search_filter_' + why.kind] || why.kind;
    return say('search_why_via', { kind: kind, name: why.name, alias: alias });
  }

  function statusText(query, found) {
    if (!found.terms.length) return query.trim() ? say('search_type_more') : '';
    var filtered = found.filters.length ? say('search_with_filters') : '';
    var q = query.trim();
    if (!found.total) return say('search_none', { query: q, filtered: filtered });
    var pages = found.pages > 1 ? ' ' + say('search_page_of', { n: found.page, count: found.pages }) + '.' : '';
    return say('search_found', { n: found.total, query: q, filtered: filtered }) + pages;
  }

  /* The search as the address holds it: q, sort, page, and the actor, tag and year filters. */
  function stateFromSearch(search) {
    var params = new URLSearchParams(search);
    var filters = [];
    ['actor', 'tag', 'year'].forEach(function (kind) {
      params.getAll(kind).forEach(function (key) {
        if (key && !filters.some(function (f) { return f.kind === kind && f.key === key; })) {
          filters.push({ kind: kind, key: key });
        }
      });
    });
    return {
      q: params.get('q') || '',
      sort: params.get('sort') === 'date' ? 'date' : 'relevance',
      page: Math.max(1, parseInt(params.get('page'), 10) || 1),
      filters: filters,
    };
  }

  function searchFromState(state) {
    var params = new URLSearchParams();
    if (state.q.trim()) params.set('q', state.q);
    if (state.sort === 'date') params.set('sort', 'date');
    state.filters.forEach(function (f) { params.append(f.kind, f.key); });
    if (state.page > 1) params.set('page', String(state.page));
    var text = params.toString();
    return text ? '?' + text : '';
  }

  /* ---- The search page ---- */

  /* Loads shards with <script> elements: a promise of window.DOSSIER_SEARCH_SHARDS[kind/n]. */
  function scriptLoader(window, document, root, pattern) {
    var store = window.DOSSIER_SEARCH_SHARDS || (window.DOSSIER_SEARCH_SHARDS = {});
    return function (kind, number) {
      var key = kind + '/' + number;
      return new Promise(function (resolve, reject) {
        if (key in store) return resolve(store[key]);
        var script = document.createElement('script');
        script.src = root + pattern.replace('{kind}', kind).replace('{n}', String(number));
        script.onload = function () {
          script.remove();
          if (key in store) resolve(store[key]);
          else reject(new Error(script.src + ' did not define its shard'));
        };
        script.onerror = function () {
          script.remove();
          reject(new Error('could not load ' + script.src));
        };
        document.head.appendChild(script);
      });
    };
  }

  function start(window, document) {
    var input = document.getElementById('search-q');
    var form = input && input.form;
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    var sortBox = document.getElementById('search-sort');
    var entitySection = document.getElementById('search-entities');
    var entityList = document.getElementById('search-entity-list');
    var pager = document.getElementById('search-pages');
    var facetBox = document.getElementById('search-facets');
    var facetGroups = document.getElementById('search-facet-groups');
    var active = document.getElementById('search-active');
    if (!form || !status || !list) return;
    try { speak(JSON.parse(list.getAttribute('data-words') || 'null')); } catch (e) { /* English */ }
    var manifest = window.DOSSIER_SEARCH;
    if (!manifest || manifest.version !== FORMAT) {
      status.textContent = say('search_no_index');
      return;
    }
    var root = list.getAttribute('data-root') || '';
    var index = new Index(manifest, scriptLoader(window, document, root, manifest.shard));
    var state = stateFromSearch(window.location.search);
    var runs = 0;

    function clear(element) {
      while (element.firstChild) element.removeChild(element.firstChild);
    }

    function element(name, className, text) {
      var el = document.createElement(name);
      if (className) el.className = className;
      if (text !== undefined) el.textContent = text;
      return el;
    }

    function append(parent, text, terms) {
      highlight(text, terms).forEach(function (piece) {
        parent.appendChild(piece[1] ? element('mark', '', piece[0]) : document.createTextNode(piece[0]));
      });
    }

    /* A link to the search page in another state, followed without leaving the page. */
    function stateLink(text, next, className) {
      var link = element('a', className, text);
      link.setAttribute('href', searchFromState(next) || '?');
      link.addEventListener('click', function (event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(next, true);
      });
      return link;
    }

    function with_(changes) {
      var next = { q: state.q, sort: state.sort, page: state.page, filters: state.filters.slice() };
      Object.keys(changes).forEach(function (k) { next[k] = changes[k]; });
      return next;
    }

    function item(result, found) {
      var li = element('li');
      var date = element('span', 'date');
      var time = element('time', '', dateText(result.date));
      time.setAttribute('datetime', result.date);
      date.appendChild(time);
      var link = element('a');
      link.setAttribute('href', root + result.url);
      append(link, result.title, found.marks);
      li.appendChild(date);
      li.appendChild(link);
      if (result.files) li.appendChild(element('span', 'label', ' · ' + result.files));
      if (result.why.length) {
        li.appendChild(element('p', 'why', say('search_matched', { why: result.why.map(whyText).join(say('search_why_separator')) })));
      }
      if (result.snippet) {
        var snippet = element('p', 'summary');
        append(snippet, result.snippet, found.marks);
        li.appendChild(snippet);
      }
      return li;
    }

    function showEntities(found) {
      clear(entityList);
      found.entities.forEach(function (entity) {
        var li = element('li');
        var link = element('a', '', entity.name);
        link.setAttribute('href', root + entity.url);
        li.appendChild(link);
        var kind = SPEECH.words['search_kind_' + entity.kind] || entity.kind;
        var about = kind + ' · ' + say('search_briefing_count', { n: entity.count });
        if (entity.alias) about += ' · ' + say('search_as_alias', { alias: entity.alias });
        li.appendChild(element('span', 'label', ' ' + about));
        entityList.appendChild(li);
      });
      entitySection.hidden = found.entities.length === 0;
    }

    function showPager(found) {
      clear(pager);
      pager.hidden = found.pages < 2;
      if (found.pages < 2) return;
      if (found.page > 1) pager.appendChild(stateLink(say('search_previous'), with_({ page: found.page - 1 }), 'previous'));
      pager.appendChild(element('span', 'page', say('search_page_of', { n: found.page, count: found.pages })));
      if (found.page < found.pages) pager.appendChild(stateLink(say('search_next'), with_({ page: found.page + 1 }), 'next'));
    }

    function facetGroup(title, values) {
      var group = element('div', 'facet');
      group.appendChild(element('h3', '', title));
      var ul = element('ul');
      values.forEach(function (v) {
        var li = element('li');
        li.appendChild(stateLink(v.label, with_({ page: 1, filters: state.filters.concat([v.filter]) })));
        li.appendChild(element('span', 'count', number(v.count)));
        ul.appendChild(li);
      });
      group.appendChild(ul);
      return group;
    }

    /* The filters in use, each with a link that removes it. */
    function showActive(found) {
      clear(active);
      found.filters.forEach(function (f) {
        var kind = SPEECH.words['search_filter_' + f.filter.kind] || f.filter.kind;
        var li = element('li', '', kind + ': ' + f.label + ' ');
        var others = state.filters.filter(function (g) { return g !== f.filter; });
        var remove = stateLink('×', with_({ page: 1, filters: others }), 'remove');
        remove.setAttribute('aria-label', say('search_remove_filter', { kind: kind, label: f.label }));
        li.appendChild(remove);
        active.appendChild(li);
      });
      active.hidden = found.filters.length === 0;
    }

    function showFacets(found, facets) {
      clear(facetGroups);
      function isActive(kind, key) {
        return state.filters.some(function (f) { return f.kind === kind && f.key === key; });
      }
      var groups = [
        [say('search_kind_year'), facets.years.map(function (y) { return { filter: { kind: 'year', key: String(y[0]) }, label: String(y[0]), count: y[1] }; })],
        [say('search_kind_actor'), facets.actors.map(function (a) { return { filter: { kind: 'actor', key: a.key }, label: a.name, count: a.count }; })],
        [say('search_kind_tag'), facets.tags.map(function (t) { return { filter: { kind: 'tag', key: t.key }, label: t.name, count: t.count }; })],
      ];
      groups.forEach(function (g) {
        var values = g[1].filter(function (v) { return !isActive(v.filter.kind, v.filter.key); });
        if (values.length) facetGroups.appendChild(facetGroup(g[0], values));
      });
      if (facets.counted < found.total) {
        facetGroups.appendChild(element('p', 'note',
          say('search_counted', { counted: facets.counted, total: found.total })));
      }
      facetBox.hidden = !facetGroups.firstChild;
    }

    function show(found) {
      status.textContent = statusText(state.q, found);
      clear(list);
      found.results.forEach(function (result) { list.appendChild(item(result, found)); });
      showActive(found);
      showEntities(found);
      showPager(found);
      facetBox.hidden = true;
    }

    function run(focus) {
      var mine = ++runs;
      input.value = state.q;
      if (sortBox) sortBox.value = state.sort;
      index.search(state.q, state).then(function (found) {
        if (mine !== runs) return null;
        show(found);
        if (focus) status.focus();
        if (!found.total) return null;
        return index.facets(found).then(function (facets) {
          if (mine === runs) showFacets(found, facets);
        });
      }).catch(function (error) {
        if (mine === runs) status.textContent = say('search_unreadable', { error: error.message });
      });
    }

    /* Goes to another state: a new entry in the history (`push`) or the same one. */
    function navigate(next, push) {
      state = next;
      try {
        var url = searchFromState(state) || window.location.pathname;
        if (push) window.history.pushState(null, '', url);
        else window.history.replaceState(null, '', url);
      } catch (e) { /* some browsers refuse it on file:// pages; the results stay */ }
      run(push);
    }

    var timer = null;
    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        navigate(with_({ q: input.value, page: 1 }), false);
      }, 150);
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      navigate(with_({ q: input.value, page: 1 }), false);
    });
    if (sortBox) {
      sortBox.parentNode.hidden = false;
      sortBox.addEventListener('change', function () {
        navigate(with_({ sort: sortBox.value, page: 1 }), true);
      });
    }
    window.addEventListener('popstate', function () {
      state = stateFromSearch(window.location.search);
      run(false);
    });
    run(false);
  }

  var api = {
    fold: fold, queryTerms: queryTerms, indexTokens: indexTokens, isNear: isNear,
    highlight: highlight, dateText: dateText, whyText: whyText, Index: Index,
    stateFromSearch: stateFromSearch, searchFromState: searchFromState, FORMAT: FORMAT,
  };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', function () { start(window, document); });
    } else {
      start(window, document);
    }
  }
})();
