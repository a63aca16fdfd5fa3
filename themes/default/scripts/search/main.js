// The catalog page's search: wires the index, the state in the URL and the page together.
// Without the browser features it needs, or without the index, the page stays the full catalog.

import { counts, filter, selectedFlags } from './facets.js';
import { openIndex } from './files.js';
import { chunksFor, noHighlight, score } from './match.js';
import { fieldScores, firstK, order } from './rank.js';
import { parseQuery } from './text.js';
import { PAGE, buildFacets, card, showFacetCounts, stringOf } from './ui.js';
import { queryOf, stateFromQuery } from './url.js';

/** The search of one catalog page: its elements, its index, and what it shows. */
class SearchPage {
  constructor(app, form, index) {
    const $ = (selector) => app.querySelector(selector);
    this.app = app;
    this.form = form;
    this.input = form.querySelector('input[name=q]');
    this.layout = app.parentElement;
    this.catalogList = document.getElementById('catalog-list');
    this.jump = document.querySelector('.page-catalog .jump');
    this.facetBox = $('.facet-groups');
    this.clearButton = $('.search-clear');
    this.facetsToggle = $('.facets-toggle');
    this.resultsBox = $('.search-results');
    this.countEl = $('.search-count');
    this.noteEl = $('.search-note');
    this.listEl = $('.search-list');
    this.moreButton = $('.search-more');
    this.sortSelect = $('#search-sort');
    this.say = stringOf(app);
    this.index = index;
    const manifest = index.manifest;
    this.manifest = manifest;
    this.stop = new Set(manifest.stop);
    this.fieldScore = fieldScores(manifest.weights);
    const kinds = manifest.facets.find((f) => f.key === 'kind');
    this.labels = {
      kinds: new Map(kinds ? kinds.values.map(([key, label]) => [key, label]) : []),
      skills: manifest.facets.find((f) => f.key === 'skill') || null,
      skillUrl: manifest.skill_url,
      skillsLabel: app.dataset.skills,
    };
    this.state = stateFromQuery(location.search, manifest.facets);
    this.shown = PAGE; // results shown
    this.run = 0; // the latest update; an older one that finishes late shows nothing
    this.last = null; // the latest computed result set, for counts and "show more"
    this.view = { page: [], highlight: noHighlight() }; // what the list shows
    this.urlTimer = 0;
  }

  /** Builds the facets, shows the search, listens, and shows the state the URL asks for. */
  start() {
    this.facetUi = buildFacets(this.facetBox, this.manifest.facets, this.state.filters, this.say, () => this.refreshCounts());
    this.syncControls();
    this.app.hidden = false;
    this.layout.classList.add('has-search');
    this.listen();
    this.update();
  }

  listen() {
    const { input, form } = this;
    input.addEventListener('input', () => { this.state.q = input.value; this.changed(false); });
    input.addEventListener('blur', () => this.flushUrl());
    window.addEventListener('pagehide', () => this.flushUrl());
    form.addEventListener('submit', (event) => { event.preventDefault(); this.state.q = input.value; this.changed(true); });
    // The header's search box, on this page, searches here instead of reloading it.
    const header = document.querySelector('form.search-header');
    if (header) header.addEventListener('submit', (event) => {
      event.preventDefault();
      this.state.q = header.querySelector('input[name=q]').value;
      this.syncControls();
      this.changed(true);
    });
    this.facetBox.addEventListener('change', (event) => this.ticked(event.target));
    // On a narrow screen the filters fold behind a button (the stylesheet hides it on a wide one).
    const toggle = this.facetsToggle;
    if (toggle) toggle.addEventListener('click', () => {
      toggle.setAttribute('aria-expanded', String(toggle.getAttribute('aria-expanded') !== 'true'));
    });
    this.sortSelect.addEventListener('change', () => { this.state.sort = this.sortSelect.value; this.changed(true); });
    this.clearButton.addEventListener('click', () => {
      this.state.filters.clear();
      this.syncControls();
      input.focus();
      this.changed(true);
    });
    this.moreButton.addEventListener('click', () => {
      this.shown += PAGE;
      this.busy(true);
      this.render(this.run, true);
    });
    window.addEventListener('popstate', () => {
      this.state = stateFromQuery(location.search, this.manifest.facets);
      this.syncControls();
      this.shown = PAGE;
      this.update();
    });
  }

  ticked(box) {
    if (box.type !== 'checkbox') return;
    const { filters } = this.state;
    const chosen = filters.get(box.name) || new Set();
    if (box.checked) chosen.add(box.value);
    else chosen.delete(box.value);
    if (chosen.size) filters.set(box.name, chosen);
    else filters.delete(box.name);
    this.changed(true);
  }

  /** A change of the state: a tick or a sort pushes a history entry, typing replaces it once it pauses. */
  changed(push) {
    this.shown = PAGE;
    if (push) this.writeUrl(true);
    else this.writeUrlSoon();
    this.update();
  }

  // Typing replaces the history entry once the typing pauses (and before the box loses the
  // focus or the page goes away): Chromium serialises the page's state on every replaceState,
  // tens of milliseconds on a large catalog page, too much for every keystroke.
  writeUrlSoon() {
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => this.flushUrl(), 300);
  }

  flushUrl() {
    if (this.urlTimer) this.writeUrl(false);
  }

  writeUrl(push) {
    clearTimeout(this.urlTimer);
    this.urlTimer = 0;
    const url = location.pathname + queryOf(this.state, this.manifest.facets);
    if (url === location.pathname + location.search) return;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }

  syncControls() {
    const { state } = this;
    if (this.input.value !== state.q) this.input.value = state.q;
    this.sortSelect.value = state.sort;
    for (const box of this.facetBox.querySelectorAll('input[type=checkbox]')) {
      const chosen = state.filters.get(box.name);
      box.checked = !!chosen && chosen.has(box.value);
      if (box.checked) box.closest('li').hidden = false;
    }
  }

  isActive() {
    return parseQuery(this.state.q, this.stop).length > 0 || [...this.state.filters.values()].some((s) => s.size);
  }

  /**
   * Marks the results as being updated (`aria-busy`, for assistive technology) until the
   * latest state is shown; the browser tests and the benchmark wait for it too.
   */
  busy(on) {
    this.resultsBox.setAttribute('aria-busy', String(on));
  }

  showMode(active) {
    this.layout.classList.toggle('is-searching', active);
    this.resultsBox.hidden = !active;
    if (this.catalogList) this.catalogList.hidden = active;
    if (this.jump) this.jump.hidden = active;
    this.clearButton.hidden = ![...this.state.filters.values()].some((s) => s.size);
  }

  /** The query's words, each with the term chunks it needs (and its parts', for a code). */
  queryWords() {
    const terms = this.manifest.terms;
    const words = parseQuery(this.state.q, this.stop);
    for (const word of words) {
      word.chunks = chunksFor(word, terms);
      if (word.parts) {
        word.parts = word.parts.map((p, i) => {
          const part = { w: p, prefix: word.prefix && i === word.parts.length - 1 };
          part.chunks = chunksFor(part, terms);
          return part;
        });
      }
    }
    return words;
  }

  /** Runs the search for the current state and shows it. */
  async update() {
    const mine = ++this.run;
    this.busy(true);
    const active = this.isActive();
    this.showMode(active);
    if (!active) {
      this.last = null;
      this.showCounts();
      this.busy(false);
      return;
    }
    const { index, manifest, state } = this;
    const words = this.queryWords();
    const chunks = new Set(words.flatMap((w) => [...w.chunks, ...(w.parts || []).flatMap((p) => p.chunks)]));
    const activeFacets = manifest.facets.filter((f) => selectedFlags(f, state.filters));
    try {
      await Promise.all([
        ...[...chunks].map((c) => index.loadTerms(c)),
        ...activeFacets.map((f) => index.loadFacet(f.key)),
        state.sort === 'duration' ? index.loadHours() : null,
      ]);
    } catch (e) {
      if (mine === this.run) this.fail(e);
      return;
    }
    if (mine !== this.run) return;
    const scored = words.length
      ? score(words, manifest.docs, (c) => index.loadedTerms(c), this.fieldScore)
      : { docs: Array.from({ length: manifest.docs }, (_, d) => d), score: null, highlight: noHighlight(), anyWord: false };
    const filtered = filter(scored.docs, manifest.facets, state.filters, (key) => index.loadedFacet(key));
    const docs = filtered.kept;
    this.last = {
      docs,
      compare: order(state.sort, scored.score, index.loadedHours()),
      sorted: false,
      filtered,
      highlight: scored.highlight,
      anyWord: scored.anyWord && docs.length > 0,
    };
    await this.render(mine, false);
  }

  /** Shows the first `shown` results of the latest update `mine` (unless a newer one started). */
  async render(mine, focusNew) {
    const { docs, highlight, anyWord } = this.last;
    const page = firstK(this.last, this.shown);
    const size = this.manifest.chunk;
    let rows;
    try {
      const chunks = [...new Set(page.map((d) => Math.floor(d / size)))];
      rows = new Map(await Promise.all(chunks.map((c) => this.index.loadResults(c).then((r) => [c, r]))));
    } catch (e) {
      if (mine === this.run) this.fail(e);
      return;
    }
    if (mine !== this.run) return;
    const { listEl, say } = this;
    const before = listEl.children.length;
    if (!this.showing(page, highlight)) {
      listEl.replaceChildren(...page.map((d) => card(rows.get(Math.floor(d / size))[d % size], highlight, this.labels)));
      this.view = { page, highlight };
    }
    const count = docs.length === 1 ? say('countOne') : say('count', docs.length.toLocaleString(document.documentElement.lang || undefined));
    const status = docs.length ? count : say('noResults');
    if (this.countEl.textContent !== status) this.countEl.textContent = status;
    this.noteEl.hidden = !anyWord;
    this.noteEl.textContent = anyWord ? say('anyWord') : '';
    this.moreButton.hidden = docs.length <= this.shown;
    if (focusNew) {
      const next = listEl.children[before] || listEl.lastElementChild;
      const link = next && next.querySelector('a');
      if (link) link.focus();
      else this.input.focus();
    }
    // Busy until the facet counts are shown too: they are part of the results.
    await this.refreshCounts();
    if (mine === this.run) this.busy(false);
  }

  /** Whether the list already shows these documents with these words highlighted (typing on often changes neither). */
  showing(page, highlight) {
    const { view } = this;
    const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
    return same(page, view.page) && same(highlight.prefixes, view.highlight.prefixes) &&
      highlight.forms.size === view.highlight.forms.size && [...highlight.forms].every((f) => view.highlight.forms.has(f));
  }

  showCounts() {
    const active = this.isActive();
    const { last } = this;
    for (const facet of this.manifest.facets) {
      const ui = this.facetUi.get(facet.key);
      if (!ui.details.open && ui.shown) continue; // a closed facet is brought up to date when opened
      let c = null;
      if (!active) c = facet.values.map((v) => v[2]);
      else if (last && last.filtered) {
        const data = this.index.loadedFacet(facet.key);
        if (data) c = counts(facet, data, last.filtered);
      }
      ui.shown = true;
      showFacetCounts(ui.items, c);
    }
  }

  /** Shows the facet counts, first loading the data of open facets not loaded yet. */
  async refreshCounts() {
    this.showCounts();
    if (!this.isActive()) return;
    const missing = this.manifest.facets.filter((f) => !this.index.loadedFacet(f.key) && this.facetUi.get(f.key).details.open);
    if (!missing.length) return;
    try {
      await Promise.all(missing.map((f) => this.index.loadFacet(f.key)));
    } catch {
      return; // the counts stay blank; the results are shown
    }
    this.showCounts();
  }

  /** The index could not be read: say so, and show the full catalog again. */
  fail(error) {
    console.error('search unavailable:', error);
    this.noteEl.hidden = false;
    this.noteEl.textContent = this.say('unavailable');
    this.layout.classList.remove('is-searching');
    if (this.catalogList) this.catalogList.hidden = false;
    this.resultsBox.hidden = true;
    this.busy(false);
  }
}

/** The index of a catalog page whose browser has what the search needs, or null. */
async function pageIndex(app, form) {
  if (!form || !form.querySelector('input[name=q]')) return null;
  if (!window.DecompressionStream || !window.TextDecoder || !history.replaceState) return null;
  try {
    return await openIndex(app.dataset.index);
  } catch (e) {
    console.error('search unavailable:', e);
    return null;
  }
}

/** Starts the search, or, when it cannot run, gives back the place kept for its filters. */
async function main() {
  const app = document.getElementById('search-app');
  if (!app) return;
  const form = document.querySelector('form.search-catalog');
  const index = await pageIndex(app, form);
  if (index) new SearchPage(app, form, index).start();
  else app.classList.add('is-unavailable');
}

main();
