/* Prospectus: instant search and facets for the catalog page.
   Reads the static index under search/ (format: docs/search.md). No
   dependencies, no WebAssembly, no inline script or style; results are built
   with DOM APIs and textContent. Without it the page is the full catalog. */
(() => {
  'use strict';
  const app = document.getElementById('search-app');
  const form = document.querySelector('form.search-catalog');
  const input = form && form.querySelector('input[name=q]');
  if (!app || !input || !window.DecompressionStream || !window.TextDecoder || !history.replaceState) return;

  const $ = (selector) => app.querySelector(selector);
  const layout = app.parentElement;
  const catalogList = document.getElementById('catalog-list');
  const jump = document.querySelector('.page-catalog .jump');
  const facetBox = $('.facet-groups');
  const clearButton = $('.search-clear');
  const resultsBox = $('.search-results');
  const countEl = $('.search-count');
  const noteEl = $('.search-note');
  const listEl = $('.search-list');
  const moreButton = $('.search-more');
  const sortSelect = $('#search-sort');
  const base = app.dataset.index;
  const PAGE = 10;
  const say = (key, n) => (app.dataset[key] || '').replace('{n}', n);

  // Folding and tokens: the same rules as src/render/search/text.rs.
  const EXTRA = { 'œ': 'oe', 'æ': 'ae', 'ß': 'ss', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ı': 'i', 'ð': 'd', 'þ': 'th' };
  const fold = (s) => s.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[œæßøłđıðþ]/g, (c) => EXTRA[c]);
  const WORD = /[\p{Alphabetic}\p{N}]+/gu;
  const SHOWN_WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;

  let manifest = null;
  let stop = new Set();
  let skillFacet = null;
  const kindLabels = new Map();
  const facetUi = new Map(); // facet key → {details, items: [[li, count span]], shown}
  const files = new Map();
  const state = { q: '', sort: 'relevance', filters: new Map() };
  let shown = PAGE;
  let run = 0;
  let last = null; // the latest computed result set, for counts and "show more"
  let view = { page: [], highlight: { forms: new Set(), prefixes: [] } }; // what the list shows

  /** Query words: {w, prefix, parts}; stop words dropped; the last word is a prefix while typing. */
  function parse(q) {
    const f = fold(q);
    const found = [...f.matchAll(WORD)];
    const words = [];
    for (let i = 0; i < found.length;) {
      let j = i + 1;
      while (j < found.length && /^[-\u2010]$/.test(f.slice(found[j - 1].index + found[j - 1][0].length, found[j].index))) j++;
      const parts = found.slice(i, j).map((m) => m[0]).filter((p) => !stop.has(p));
      const whole = f.slice(found[i].index, found[j - 1].index + found[j - 1][0].length);
      if (j - i > 1 && /\d/.test(whole)) words.push({ w: whole, parts });
      else for (const p of parts) words.push({ w: p });
      i = j;
    }
    const end = found.length ? found[found.length - 1] : null;
    if (words.length && end && end.index + end[0].length === f.length) words[words.length - 1].prefix = true;
    return words;
  }

  // Loading: every index file is gzip; the manifest names the folder of this generation.
  async function inflate(response) {
    if (!response.ok) throw new Error(response.status + ' ' + response.url);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes; // the host already decoded it
    // Through a Response, not a Blob: a Blob is registered with the browser process, a round trip per file.
    const stream = new Response(bytes).body.pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  function load(name, decode) {
    let promise = files.get(name);
    if (!promise) {
      promise = fetch(base + manifest.generation + '/' + name).then(inflate).then(decode);
      files.set(name, promise);
      promise.catch(() => files.delete(name));
    }
    return promise;
  }
  const loaded = new Map(); // name → decoded value, once the promise resolved
  const get = (name, decode) => load(name, decode).then((v) => (loaded.set(name, v), v));

  function reader(bytes) {
    let p = 0;
    return {
      get pos() { return p; },
      skip(n) { p += n; },
      int() {
        let x = 0, shift = 0, b;
        do { b = bytes[p++]; x += (b & 127) * 2 ** shift; shift += 7; } while (b & 128);
        return x;
      },
    };
  }
  const utf8 = new TextDecoder();

  /** A term chunk: sorted forms with their stems, and each stem's postings (decoded on demand). */
  function decodeTerms(bytes) {
    const r = reader(bytes);
    const n = r.int();
    const forms = new Array(n), stems = new Array(n);
    let previous = new Uint8Array(0);
    for (let i = 0; i < n; i++) {
      const shared = r.int(), len = r.int();
      const b = new Uint8Array(shared + len);
      b.set(previous.subarray(0, shared));
      b.set(bytes.subarray(r.pos, r.pos + len), shared);
      r.skip(len);
      forms[i] = utf8.decode(b);
      previous = b;
      const k = r.int();
      const s = new Array(k);
      for (let j = 0; j < k; j++) s[j] = r.int();
      stems[i] = s;
    }
    const m = r.int();
    const df = new Uint32Array(m), at = new Uint32Array(m);
    const sizes = [];
    for (let i = 0; i < m; i++) { df[i] = r.int(); sizes.push(r.int()); }
    let p = r.pos;
    for (let i = 0; i < m; i++) { at[i] = p; p += sizes[i]; }
    return { forms, stems, df, at, bytes, postings: new Array(m), formsOf: null };
  }
  function postings(chunk, s) {
    let p = chunk.postings[s];
    if (!p) {
      const n = chunk.df[s];
      const r = reader(chunk.bytes.subarray(chunk.at[s]));
      const docs = new Uint32Array(n);
      let doc = 0;
      for (let i = 0; i < n; i++) docs[i] = doc += r.int();
      p = chunk.postings[s] = { docs, weights: chunk.bytes.subarray(chunk.at[s] + r.pos, chunk.at[s] + r.pos + n) };
    }
    return p;
  }
  /** A facet: for each document, its values (`start[d]..start[d+1]` in `values`). */
  function decodeFacet(bytes) {
    const r = reader(bytes);
    const n = manifest.docs;
    const lists = [];
    const count = new Uint32Array(n + 1);
    while (r.pos < bytes.length) {
      const len = r.int();
      const docs = new Uint32Array(len);
      let doc = 0;
      for (let i = 0; i < len; i++) { docs[i] = doc += r.int(); count[doc + 1]++; }
      lists.push(docs);
    }
    for (let d = 0; d < n; d++) count[d + 1] += count[d];
    const values = new Uint16Array(count[n]);
    const fill = count.slice(0, n);
    lists.forEach((docs, v) => { for (const d of docs) values[fill[d]++] = v; });
    return { start: count, values };
  }
  function decodeHours(bytes) {
    const r = reader(bytes);
    const hours = new Uint32Array(manifest.docs);
    for (let d = 0; d < hours.length; d++) hours[d] = r.int();
    return hours;
  }
  const decodeResults = (bytes) => JSON.parse(utf8.decode(bytes));

  // Matching.
  function lowerBound(forms, w) {
    let lo = 0, hi = forms.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (forms[mid] < w) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function chunksFor(word) {
    const terms = manifest.terms;
    let lo = 0, hi = terms.length - 1, at = 0;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (terms[mid] <= word.w) { at = mid; lo = mid + 1; } else hi = mid - 1; }
    const out = [at];
    // The chunk of a shorter form of the word (its stem), when the word starts a chunk.
    if (at > 0 && terms[at] > word.w.slice(0, Math.max(3, word.w.length - 4))) out.push(at - 1);
    if (word.prefix) for (let j = at + 1; j < terms.length && out.length < 4 && terms[j].startsWith(word.w); j++) out.push(j);
    return out;
  }
  // Endings of English and French inflections, and of the stems Snowball cuts them to.
  const INFLECTION = /^(s|es|x|e|d|ed|er|ers|ing|ings|ling|led|ion|ions|ies|ied|y|ee|ees|e?aux|ique|iques)$/;
  /** Whether a and b are one insertion, deletion, substitution or swap of neighbours apart. */
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length < b.length ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i);
  }
  /** The stems a word matches in its chunks: [{chunk, stem, quality}], and the forms to highlight. */
  function matchWord(word, chunks) {
    const found = new Map();
    const add = (chunk, c, i, quality) => {
      for (const s of chunk.stems[i]) {
        const key = c + ':' + s;
        const old = found.get(key);
        if (!old || old.quality < quality) found.set(key, { chunk, stem: s, quality });
      }
    };
    const w = word.w;
    chunks.forEach((c) => {
      const chunk = loaded.get('t' + c + '.bin');
      const forms = chunk.forms;
      const i = lowerBound(forms, w);
      if (forms[i] === w) add(chunk, c, i, 1);
      // Longer forms: an inflection of the word ("apprentissage" → "apprentissages"), or, for the word being typed, any completion.
      for (let k = i, n = 0; k < forms.length && n < 200 && forms[k].startsWith(w); k++, n++) {
        if (forms[k] === w) continue;
        if (w.length > 2 && INFLECTION.test(forms[k].slice(w.length))) add(chunk, c, k, 0.9);
        else if (word.prefix && w.length > 1) add(chunk, c, k, 0.7);
      }
    });
    if (!found.size) {
      // A shorter form, typically a stem: "modelling" → "model", "apprentissages" → "apprentissag".
      for (let cut = 1; cut <= 4 && w.length - cut >= 3; cut++) {
        const p = w.slice(0, w.length - cut);
        chunks.forEach((c) => {
          const chunk = loaded.get('t' + c + '.bin');
          const i = lowerBound(chunk.forms, p);
          if (chunk.forms[i] === p && INFLECTION.test(w.slice(p.length))) add(chunk, c, i, 0.8);
        });
      }
    }
    if (!found.size && w.length >= 5 && !/\d/.test(w)) {
      chunks.forEach((c) => {
        const chunk = loaded.get('t' + c + '.bin');
        chunk.forms.forEach((form, i) => {
          if (oneEdit(w, form) || (word.prefix && form.length > w.length && oneEdit(w, form.slice(0, w.length)))) add(chunk, c, i, 0.5);
        });
      });
    }
    return [...found.values()];
  }
  function formsOf(chunk) {
    if (!chunk.formsOf) {
      chunk.formsOf = new Map();
      chunk.forms.forEach((form, i) => {
        for (const s of chunk.stems[i]) {
          if (!chunk.formsOf.has(s)) chunk.formsOf.set(s, []);
          chunk.formsOf.get(s).push(form);
        }
      });
    }
    return chunk.formsOf;
  }

  // Field weights of a posting's weight byte (see docs/search.md).
  const FIELD_SCORE = new Float32Array(256);
  for (let b = 0; b < 256; b++) {
    const body = b & 7;
    FIELD_SCORE[b] = (b & 0x80 ? 10 : 0) + (b & 0x40 ? 10 : 0) + (b & 0x20 ? 8 : 0) + (b & 0x10 ? 4 : 0) +
      (b & 0x08 ? 3 : 0) + (body ? 1 + 0.3 * (body - 1) : 0);
  }

  /** Scores every document for the words: AND, or any word when no document has them all. */
  function score(words) {
    const n = manifest.docs;
    const total = new Float32Array(n);
    const hits = new Uint8Array(n);
    const highlight = { forms: new Set(), prefixes: [] };
    let used = 0;
    for (const word of words) {
      const matches = matchWord(word, word.chunks);
      if (!matches.length && word.parts) {
        // A code that is not in the index whole (`dae-2o2`): its parts must all match.
        for (const part of word.parts) {
          used++;
          addWord(part, matchWord(part, part.chunks));
        }
        continue;
      }
      used++;
      addWord(word, matches);
    }
    function addWord(word, matches) {
      const best = new Float32Array(n);
      for (const { chunk, stem, quality } of matches) {
        const { docs, weights } = postings(chunk, stem);
        const idf = Math.log(1 + n / docs.length);
        for (let i = 0; i < docs.length; i++) {
          const s = FIELD_SCORE[weights[i]] * quality * idf;
          if (s > best[docs[i]]) best[docs[i]] = s;
        }
        for (const f of formsOf(chunk).get(stem) || []) {
          highlight.forms.add(f);
          if (f.includes('-')) f.split('-').forEach((p) => highlight.forms.add(p));
        }
      }
      if (word.prefix && word.w.length > 1) highlight.prefixes.push(word.w);
      for (let d = 0; d < n; d++) if (best[d] > 0) { total[d] += best[d]; hits[d]++; }
    }
    let docs = [];
    for (let d = 0; d < n; d++) if (hits[d] === used) docs.push(d);
    let anyWord = false;
    if (!docs.length && used > 1) {
      anyWord = true;
      for (let d = 0; d < n; d++) if (hits[d]) { docs.push(d); total[d] *= hits[d] / used; }
    }
    return { docs, score: total, highlight, anyWord };
  }

  // Facets.
  const facetData = (key) => loaded.get('f-' + key + '.bin');
  const loadFacet = (key) => get('f-' + key + '.bin', decodeFacet);
  function selectedFlags(facet) {
    const chosen = state.filters.get(facet.key);
    if (!chosen || !chosen.size) return null;
    return Uint8Array.from(facet.values, (v) => (chosen.has(v[0]) ? 1 : 0));
  }
  /** Applies the filters: AND across facets, OR within one. Keeps each document's failed facet for the counts. */
  function filter(docs) {
    const active = manifest.facets.map((f) => ({ f, flags: selectedFlags(f) })).filter((a) => a.flags);
    const kept = [];
    const nearly = []; // [doc, index of the one facet it fails]
    for (const d of docs) {
      let fails = 0, failed = -1;
      for (let a = 0; a < active.length && fails < 2; a++) {
        const { start, values } = facetData(active[a].f.key);
        let ok = false;
        for (let i = start[d]; i < start[d + 1]; i++) if (active[a].flags[values[i]]) { ok = true; break; }
        if (!ok) { fails++; failed = a; }
      }
      if (!fails) kept.push(d);
      else if (fails === 1) nearly.push(d, failed);
    }
    return { kept, nearly, active };
  }
  /** Live counts of a facet's values: documents matching the query and every other facet's filter. */
  function counts(facet, result) {
    const data = facetData(facet.key);
    if (!data) return null;
    const c = new Uint32Array(facet.values.length);
    const { start, values } = data;
    const tally = (d) => { for (let i = start[d], end = start[d + 1]; i < end; i++) c[values[i]]++; };
    for (const d of result.kept) tally(d);
    const self = result.active.findIndex((a) => a.f === facet);
    const { nearly } = result;
    if (self >= 0) for (let k = 0; k < nearly.length; k += 2) if (nearly[k + 1] === self) tally(nearly[k]);
    return c;
  }

  // The URL holds the state: ?q=…&level=advanced&country=FR&sort=title.
  function readUrl() {
    const params = new URLSearchParams(location.search);
    state.q = params.get('q') || '';
    state.sort = ['title', 'duration'].includes(params.get('sort')) ? params.get('sort') : 'relevance';
    state.filters = new Map();
    for (const f of manifest.facets) {
      const known = new Set(f.values.map((v) => v[0]));
      const chosen = params.getAll(f.key).filter((v) => known.has(v));
      if (chosen.length) state.filters.set(f.key, new Set(chosen));
    }
  }
  // Typing replaces the history entry once the typing pauses (and before the box loses the
  // focus or the page goes away): Chromium serialises the page's state on every replaceState,
  // tens of milliseconds on a large catalog page, too much for every keystroke.
  let urlTimer = 0;
  function writeUrlSoon() {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(flushUrl, 300);
  }
  function flushUrl() {
    if (!urlTimer) return;
    clearTimeout(urlTimer);
    urlTimer = 0;
    writeUrl(false);
  }
  function writeUrl(push) {
    clearTimeout(urlTimer);
    urlTimer = 0;
    const params = new URLSearchParams();
    if (state.q.trim()) params.set('q', state.q);
    for (const f of manifest.facets) {
      const chosen = state.filters.get(f.key);
      if (chosen) for (const v of f.values) if (chosen.has(v[0])) params.append(f.key, v[0]);
    }
    if (state.sort !== 'relevance') params.set('sort', state.sort);
    const query = params.toString();
    const url = location.pathname + (query ? '?' + query : '');
    if (url === location.pathname + location.search) return;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }
  function syncControls() {
    if (input.value !== state.q) input.value = state.q;
    sortSelect.value = state.sort;
    for (const box of facetBox.querySelectorAll('input[type=checkbox]')) {
      const chosen = state.filters.get(box.name);
      box.checked = !!chosen && chosen.has(box.value);
      if (box.checked) box.closest('li').hidden = false;
    }
  }
  const isActive = () => parse(state.q).length > 0 || [...state.filters.values()].some((s) => s.size);

  // Building the page.
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }
  function buildFacets() {
    const wide = !window.matchMedia || window.matchMedia('(min-width: 56em)').matches;
    for (const facet of manifest.facets) {
      const details = el('details', 'facet');
      details.dataset.facet = facet.key;
      // Facets whose data is large (skills on a big catalog) start closed and load when opened;
      // on a narrow screen all start closed, so the results are not pushed below a long list.
      details.open = (wide && facet.bytes < 40000) || state.filters.has(facet.key);
      details.append(el('summary', null, facet.label));
      const fieldset = el('fieldset');
      fieldset.append(el('legend', 'visually-hidden', facet.label));
      const ul = el('ul', 'facet-values');
      const items = [];
      facetUi.set(facet.key, { details, items, shown: false });
      facet.values.forEach(([value, label], i) => {
        const li = el('li');
        const box = el('input');
        box.type = 'checkbox';
        box.name = facet.key;
        box.value = value;
        box.id = 'facet-' + facet.key + '-' + i;
        const lab = el('label');
        lab.htmlFor = box.id;
        const count = el('span', 'facet-count');
        lab.append(el('span', 'facet-label', label), count);
        items.push([li, count]);
        li.append(box, lab);
        if (i >= PAGE) { li.hidden = true; li.dataset.extra = ''; }
        ul.append(li);
      });
      fieldset.append(ul);
      if (facet.values.length > PAGE) {
        const toggle = el('button', 'button-secondary facet-more', say('showAll', facet.values.length));
        toggle.type = 'button';
        toggle.setAttribute('aria-expanded', 'false');
        toggle.addEventListener('click', () => {
          const open = toggle.getAttribute('aria-expanded') !== 'true';
          toggle.setAttribute('aria-expanded', String(open));
          toggle.textContent = open ? say('showFewer') : say('showAll', facet.values.length);
          for (const li of ul.querySelectorAll('li[data-extra]')) li.hidden = !open && !li.querySelector('input').checked;
        });
        fieldset.append(toggle);
      }
      details.append(fieldset);
      details.addEventListener('toggle', () => {
        if (details.open) refreshCounts();
      });
      facetBox.append(details);
    }
  }
  function showCounts() {
    const active = isActive();
    manifest.facets.forEach((facet) => {
      const ui = facetUi.get(facet.key);
      if (!ui.details.open && ui.shown) return; // a closed facet is brought up to date when opened
      let c = null;
      if (!active) c = facet.values.map((v) => v[2]);
      else if (last && last.filtered) c = counts(facet, last.filtered);
      ui.shown = true;
      ui.items.forEach(([li, span], i) => {
        const text = c ? String(c[i]) : '';
        if (span.textContent !== text) {
          span.textContent = text;
          li.classList.toggle('is-zero', !!c && c[i] === 0);
        }
      });
    });
  }
  /** Loads the data of open facets not loaded yet, then shows their counts. */
  function refreshCounts() {
    showCounts();
    if (!isActive()) return;
    const missing = manifest.facets.filter((f) => !facetData(f.key) && facetUi.get(f.key).details.open);
    if (missing.length) Promise.all(missing.map((f) => loadFacet(f.key))).then(showCounts, () => {});
  }

  function highlighted(text, highlight) {
    const out = document.createDocumentFragment();
    let at = 0;
    for (const m of text.matchAll(SHOWN_WORD)) {
      const f = fold(m[0]);
      if (highlight.forms.has(f) || highlight.prefixes.some((p) => f.startsWith(p))) {
        if (m.index > at) out.append(text.slice(at, m.index));
        out.append(el('mark', null, m[0]));
        at = m.index + m[0].length;
      }
    }
    out.append(text.slice(at));
    return out;
  }
  function card(row, highlight) {
    const [kind, title, url, summary, facts, skills, lang] = row;
    const li = el('li', 'card card-' + kind);
    li.dataset.kind = kind;
    const kicker = el('p', 'card-kicker');
    kicker.append(el('span', 'badge kind kind-' + kind, kindLabels.get(kind) || kind));
    li.append(kicker);
    const h = el('h3', 'card-title');
    const a = el('a');
    a.href = url;
    a.append(highlighted(title, highlight));
    if (lang) h.lang = lang;
    h.append(a);
    li.append(h);
    if (summary) {
      const p = el('p', 'card-summary');
      if (lang) p.lang = lang;
      p.append(highlighted(summary, highlight));
      li.append(p);
    }
    if (facts.length) {
      const ul = el('ul', 'card-meta');
      for (const fact of facts) ul.append(el('li', null, fact));
      li.append(ul);
    }
    if (skills.length && skillFacet) {
      const ul = el('ul', 'tags');
      ul.setAttribute('aria-label', app.dataset.skills);
      for (const s of skills.slice(0, 4)) {
        const [slug, name] = skillFacet.values[s];
        const tag = el('li');
        const link = el('a', null, name);
        link.href = manifest.skill_url + slug + '/';
        tag.append(link);
        ul.append(tag);
      }
      if (skills.length > 4) ul.append(el('li', 'more', '+' + (skills.length - 4)));
      li.append(ul);
    }
    return li;
  }

  function showMode(active) {
    layout.classList.toggle('is-searching', active);
    resultsBox.hidden = !active;
    if (catalogList) catalogList.hidden = active;
    if (jump) jump.hidden = active;
    clearButton.hidden = ![...state.filters.values()].some((s) => s.size);
  }

  /** Runs the search for the current state and shows it. */
  async function update() {
    const mine = ++run;
    const active = isActive();
    showMode(active);
    if (!active) { last = null; showCounts(); rendered(0); return; }
    const words = parse(state.q);
    const needs = [];
    for (const word of words) {
      word.chunks = chunksFor(word);
      if (word.parts) {
        word.parts = word.parts.map((p, i) => {
          const part = { w: p, prefix: word.prefix && i === word.parts.length - 1 };
          part.chunks = chunksFor(part);
          needs.push(...part.chunks);
          return part;
        });
      }
      needs.push(...word.chunks);
    }
    const activeFacets = manifest.facets.filter((f) => selectedFlags(f));
    try {
      await Promise.all([
        ...[...new Set(needs)].map((c) => get('t' + c + '.bin', decodeTerms)),
        ...activeFacets.map((f) => loadFacet(f.key)),
        state.sort === 'duration' ? get('hours.bin', decodeHours) : null,
      ]);
    } catch (e) {
      if (mine === run) fail(e);
      return;
    }
    if (mine !== run) return;
    const scored = words.length
      ? score(words)
      : { docs: Array.from({ length: manifest.docs }, (_, d) => d), score: null, highlight: { forms: new Set(), prefixes: [] }, anyWord: false };
    const filtered = filter(scored.docs);
    const docs = filtered.kept;
    last = { docs, compare: order(scored.score), sorted: false, filtered, highlight: scored.highlight, anyWord: scored.anyWord && docs.length > 0 };
    await render(mine, false);
  }

  /** How the chosen sort compares two documents, or null for title order (document order). */
  function order(score) {
    if (state.sort === 'duration') {
      const hours = loaded.get('hours.bin');
      return (a, b) => (hours[a] || 1e9) - (hours[b] || 1e9) || a - b;
    }
    if (state.sort === 'relevance' && score) return (a, b) => score[b] - score[a] || a - b;
    return null;
  }
  /** The first `k` results in order. Sorts only as much as is shown: typing shows ten of thousands. */
  function ranked(k) {
    const { docs, compare } = last;
    if (!compare || last.sorted) return docs.slice(0, k);
    if (k > 100) {
      docs.sort(compare);
      last.sorted = true;
      return docs.slice(0, k);
    }
    const best = []; // sorted; a candidate enters only if it beats the k-th so far
    for (const d of docs) {
      if (best.length === k && compare(d, best[k - 1]) >= 0) continue;
      let i = best.length;
      while (i > 0 && compare(d, best[i - 1]) < 0) i--;
      best.splice(i, 0, d);
      if (best.length > k) best.pop();
    }
    return best;
  }

  async function render(mine, focusNew) {
    const { docs, highlight, anyWord } = last;
    const page = ranked(shown);
    const size = manifest.chunk;
    let rows;
    try {
      const chunks = await Promise.all([...new Set(page.map((d) => Math.floor(d / size)))].map((c) => get('r' + c + '.bin', decodeResults).then((rows) => [c, rows])));
      rows = new Map(chunks);
    } catch (e) {
      if (mine === run) fail(e);
      return;
    }
    if (mine !== run) return;
    const before = listEl.children.length;
    if (!sameView(page, highlight)) {
      listEl.replaceChildren(...page.map((d) => card(rows.get(Math.floor(d / size))[d % size], highlight)));
      view = { page, highlight };
    }
    const count = docs.length === 1 ? say('countOne') : say('count', docs.length.toLocaleString(document.documentElement.lang || undefined));
    const status = docs.length ? count : say('noResults');
    if (countEl.textContent !== status) countEl.textContent = status;
    noteEl.hidden = !anyWord;
    noteEl.textContent = anyWord ? say('anyWord') : '';
    moreButton.hidden = docs.length <= shown;
    if (focusNew) {
      const next = listEl.children[before] || listEl.lastElementChild;
      const link = next && next.querySelector('a');
      if (link) link.focus();
      else input.focus();
    }
    refreshCounts();
    rendered(docs.length);
  }
  /** Whether the list already shows these documents with these words highlighted (typing on often changes neither). */
  function sameView(page, highlight) {
    const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
    return same(page, view.page) && same(highlight.prefixes, view.highlight.prefixes) &&
      highlight.forms.size === view.highlight.forms.size && [...highlight.forms].every((f) => view.highlight.forms.has(f));
  }

  /** Marks a finished update, and the query it shows (tests and benchmarks wait for them). */
  function rendered(results) {
    app.dataset.query = state.q;
    app.dataset.renders = +(app.dataset.renders || 0) + 1;
    app.dispatchEvent(new CustomEvent('search:rendered', { detail: { results } }));
  }

  function fail(error) {
    noteEl.hidden = false;
    noteEl.textContent = say('unavailable');
    layout.classList.remove('is-searching');
    if (catalogList) catalogList.hidden = false;
    resultsBox.hidden = true;
    app.dataset.error = String(error);
    rendered(0);
  }

  function changed(push) {
    shown = PAGE;
    if (push) writeUrl(true);
    else writeUrlSoon();
    update();
  }

  async function start() {
    try {
      const response = await fetch(base + 'manifest.bin', { cache: 'no-cache' });
      manifest = JSON.parse(utf8.decode(await inflate(response)));
    } catch (e) {
      app.dataset.error = String(e);
      return;
    }
    if (manifest.version !== 1) return;
    stop = new Set(manifest.stop);
    skillFacet = manifest.facets.find((f) => f.key === 'skill') || null;
    const kinds = manifest.facets.find((f) => f.key === 'kind');
    if (kinds) for (const [key, label] of kinds.values) kindLabels.set(key, label);
    readUrl();
    buildFacets();
    syncControls();
    app.hidden = false;
    layout.classList.add('has-search');

    input.addEventListener('input', () => { state.q = input.value; changed(false); });
    input.addEventListener('blur', flushUrl);
    window.addEventListener('pagehide', flushUrl);
    form.addEventListener('submit', (event) => { event.preventDefault(); state.q = input.value; changed(true); });
    // The header's search box, on this page, searches here instead of reloading it.
    const header = document.querySelector('form.search-header');
    if (header) header.addEventListener('submit', (event) => {
      event.preventDefault();
      state.q = header.querySelector('input[name=q]').value;
      syncControls();
      changed(true);
    });
    facetBox.addEventListener('change', (event) => {
      const box = event.target;
      if (box.type !== 'checkbox') return;
      const chosen = state.filters.get(box.name) || new Set();
      if (box.checked) chosen.add(box.value);
      else chosen.delete(box.value);
      if (chosen.size) state.filters.set(box.name, chosen);
      else state.filters.delete(box.name);
      changed(true);
    });
    sortSelect.addEventListener('change', () => { state.sort = sortSelect.value; changed(true); });
    clearButton.addEventListener('click', () => {
      state.filters.clear();
      syncControls();
      input.focus();
      changed(true);
    });
    moreButton.addEventListener('click', () => {
      shown += PAGE;
      render(run, true);
    });
    window.addEventListener('popstate', () => { readUrl(); syncControls(); shown = PAGE; update(); });
    update();
  }

  start();
})();
