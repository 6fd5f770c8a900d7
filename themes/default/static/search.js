/* dossier search: the client of the index that `dossier build` writes to search/index.js
 * (window.DOSSIER_SEARCH). It folds and cuts a query exactly as src/search/text.rs folds and
 * cuts the archive, looks each word up in the index, ranks the briefings and lists them.
 *
 * No framework, no eval, no inline script, no innerHTML: it works under a strict
 * Content-Security-Policy and from file://. Under Node (the tests) it exports its pure
 * functions instead of touching a page. */
(function () {
  'use strict';

  var FORMAT = 1;
  /* The weight of a match by field: body, summary, tag or place, title or actor. */
  var WEIGHTS = [1, 2, 4, 8];
  /* A word that only begins with the query word counts this much of a whole-word match. */
  var PREFIX = 0.7;
  /* How many results are shown. */
  var LIMIT = 50;
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];

  /* Scripts written without spaces (Chinese, Japanese): cut into pairs of characters. */
  var UNSPACED = '\\u3040-\\u30ff\\u31f0-\\u31ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff' +
    '\\u{20000}-\\u{3134f}';
  var IS_UNSPACED = new RegExp('^[' + UNSPACED + ']', 'u');
  /* Runs of letters and digits in folded text, unspaced scripts apart. */
  var RUNS = '[' + UNSPACED + ']+|(?:(?![' + UNSPACED + '])[\\p{Alphabetic}\\p{N}';
  var FOLDED_RUN = new RegExp(RUNS + '])+', 'gu');
  /* The same in text as written, whose accents are still combining marks. */
  var WRITTEN_RUN = RUNS + '\\p{M}])+';
  var LETTERS = { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'þ': 'th', 'ø': 'o', 'ł': 'l', 'đ': 'd',
    'ð': 'd', 'ı': 'i', 'ς': 'σ' };

  /* Text without accents, in lower case. */
  function fold(text) {
    return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
      .replace(/[ßæœþøłđðıς]/g, function (c) { return LETTERS[c]; });
  }

  function isUnspaced(word) {
    return IS_UNSPACED.test(word);
  }

  /* Whether a query word also finds the words it begins. */
  function takesPrefix(word) {
    return isUnspaced(word) || word.length >= 2;
  }

  /* The distinct words of a query: folded runs, unspaced runs cut into overlapping pairs. */
  function queryTerms(query) {
    var terms = [];
    function add(term) {
      if (terms.indexOf(term) < 0) terms.push(term);
    }
    (fold(query).match(FOLDED_RUN) || []).forEach(function (run) {
      var chars = Array.from(run);
      if (!isUnspaced(run)) {
        add(run);
      } else if (chars.length === 1) {
        add(run);
      } else {
        for (var i = 0; i + 1 < chars.length; i++) add(chars[i] + chars[i + 1]);
      }
    });
    return terms;
  }

  /* The index with its words split out, made once. */
  function prepare(index) {
    if (!index.prepared) {
      Object.defineProperty(index, 'prepared', {
        value: { docs: index.docs, terms: index.terms ? index.terms.split(' ') : [], postings: index.postings }
      });
    }
    return index.prepared;
  }

  /* The first position in sorted `terms` not before `term`. */
  function lowerBound(terms, term) {
    var low = 0;
    var high = terms.length;
    while (low < high) {
      var mid = (low + high) >>> 1;
      if (terms[mid] < term) low = mid + 1; else high = mid;
    }
    return low;
  }

  /* The value of each character of a posting list (see `encode` in src/search/mod.rs): the
   * first 32 end a number, the others go on. */
  var DIGITS = (function () {
    var alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
    var values = new Int8Array(128).fill(-1);
    for (var i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
    return values;
  })();

  /* A posting list as a flat array: briefing, field, briefing, field... */
  function decode(list) {
    var out = [];
    var doc = 0;
    var number = 0;
    for (var k = 0; k < list.length; k++) {
      var digit = DIGITS[list.charCodeAt(k)];
      if (digit >= 32) {
        number = number * 32 + digit - 32;
      } else {
        number = number * 32 + digit;
        doc += Math.floor(number / 4);
        out.push(doc, number % 4);
        number = 0;
      }
    }
    return out;
  }

  /* For one query word: the briefings holding it, each with its best weight. Rarer words
   * weigh more; a word that only begins with the query word weighs less. */
  function matches(idx, term) {
    var found = new Map();
    var prefix = takesPrefix(term);
    var total = idx.docs.length;
    for (var i = lowerBound(idx.terms, term); i < idx.terms.length; i++) {
      var word = idx.terms[i];
      var exact = word === term;
      if (!exact && !(prefix && word.startsWith(term))) break;
      var list = decode(idx.postings[i]);
      var factor = (exact ? 1 : PREFIX) * Math.log(1 + total / (list.length / 2));
      for (var k = 0; k < list.length; k += 2) {
        var weight = WEIGHTS[list[k + 1]] * factor;
        if (!(found.get(list[k]) >= weight)) found.set(list[k], weight);
      }
    }
    return found;
  }

  /* The briefings holding every word of `query`, best first (ties: the newer first).
   * Returns { terms, total, results: [{ url, title, date, snippet, score }] }. */
  function search(index, query, limit) {
    var idx = prepare(index);
    var terms = queryTerms(query);
    var scores = null;
    for (var t = 0; t < terms.length && (scores === null || scores.size > 0); t++) {
      var found = matches(idx, terms[t]);
      if (scores === null) {
        scores = found;
      } else {
        var both = new Map();
        scores.forEach(function (score, doc) {
          var more = found.get(doc);
          if (more !== undefined) both.set(doc, score + more);
        });
        scores = both;
      }
    }
    var ranked = scores ? Array.from(scores) : [];
    ranked.sort(function (a, b) { return b[1] - a[1] || b[0] - a[0]; });
    var results = ranked.slice(0, limit || LIMIT).map(function (entry) {
      var doc = idx.docs[entry[0]];
      return { url: doc[0], title: doc[1], date: doc[2], snippet: doc[3], files: doc[4] || '', score: entry[1] };
    });
    return { terms: terms, total: ranked.length, results: results };
  }

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
    return Number(parts[2]) + ' ' + MONTHS[Number(parts[1]) - 1] + ' ' + parts[0];
  }

  function statusText(query, found) {
    if (!found.terms.length) return query.trim() ? 'Type a word of a title, a name, a tag or a place.' : '';
    if (!found.total) return 'No briefing matches “' + query.trim() + '”.';
    if (found.total > found.results.length) {
      return 'The best ' + found.results.length + ' of ' + found.total + ' briefings.';
    }
    return found.total === 1 ? '1 briefing.' : found.total + ' briefings.';
  }

  /* The search page: reads ?q=, searches as the reader types, lists the results. */
  function start(window, document) {
    var form = document.getElementById('search-q') && document.getElementById('search-q').form;
    var input = document.getElementById('search-q');
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    if (!form || !status || !list) return;
    var index = window.DOSSIER_SEARCH;
    if (!index || index.version !== FORMAT) {
      status.textContent = 'The search index (search/index.js) could not be loaded.';
      return;
    }
    var root = list.getAttribute('data-root') || '';

    function append(parent, text, terms) {
      highlight(text, terms).forEach(function (piece) {
        if (piece[1]) {
          var mark = document.createElement('mark');
          mark.textContent = piece[0];
          parent.appendChild(mark);
        } else {
          parent.appendChild(document.createTextNode(piece[0]));
        }
      });
    }

    function item(result, terms) {
      var li = document.createElement('li');
      var date = document.createElement('span');
      date.className = 'date';
      var time = document.createElement('time');
      time.setAttribute('datetime', result.date);
      time.textContent = dateText(result.date);
      date.appendChild(time);
      var link = document.createElement('a');
      link.setAttribute('href', root + result.url);
      append(link, result.title, terms);
      li.appendChild(date);
      li.appendChild(link);
      if (result.files) {
        var files = document.createElement('span');
        files.className = 'label';
        files.textContent = ' · ' + result.files;
        li.appendChild(files);
      }
      if (result.snippet) {
        var snippet = document.createElement('p');
        snippet.className = 'summary';
        append(snippet, result.snippet, terms);
        li.appendChild(snippet);
      }
      return li;
    }

    function run() {
      var query = input.value;
      var found = search(index, query, LIMIT);
      status.textContent = statusText(query, found);
      while (list.firstChild) list.removeChild(list.firstChild);
      found.results.forEach(function (result) { list.appendChild(item(result, found.terms)); });
      try {
        var url = query.trim() ? '?q=' + encodeURIComponent(query) : window.location.pathname;
        window.history.replaceState(null, '', url);
      } catch (e) { /* some browsers refuse it on file:// pages; the results stay */ }
    }

    var timer = null;
    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 100);
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      run();
    });
    input.value = new URLSearchParams(window.location.search).get('q') || '';
    run();
  }

  var api = { fold: fold, queryTerms: queryTerms, search: search, highlight: highlight, dateText: dateText };
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
