// Building the page's parts with DOM APIs and textContent (no HTML strings): facets and result cards.

import { SHOWN_WORD, fold } from './text.js';

/** Values and results shown at first (and added by "show more"). */
export const PAGE = 10;

/** A new element with a class and a text, either optional. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

/** A UI string of the page (a `data-*` of `#search-app`), `{n}` replaced. */
export const stringOf = (app) => (key, n) => (app.dataset[key] || '').replace('{n}', n);

/**
 * The facet groups, appended to `box`: one `<details>` per facet, its values as checkboxes
 * (past the first ten behind "show all"). `onOpen` runs when a group is opened. Gives, per
 * facet key, `{details, items: [[li, count span]], shown}`.
 */
export function buildFacets(box, facets, chosen, say, onOpen) {
  const wide = !window.matchMedia || window.matchMedia('(min-width: 56em)').matches;
  const ui = new Map();
  for (const facet of facets) {
    const details = el('details', 'facet');
    details.dataset.facet = facet.key;
    // Facets whose data is large (skills on a big catalog) start closed and load when opened;
    // on a narrow screen all start closed, so the results are not pushed below a long list.
    details.open = (wide && facet.bytes < 40000) || chosen.has(facet.key);
    details.append(el('summary', null, facet.label));
    const fieldset = el('fieldset');
    fieldset.append(el('legend', 'visually-hidden', facet.label));
    const ul = el('ul', 'facet-values');
    const items = [];
    ui.set(facet.key, { details, items, shown: false });
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
    if (facet.values.length > PAGE) fieldset.append(showAllButton(ul, facet.values.length, say));
    details.append(fieldset);
    details.addEventListener('toggle', () => { if (details.open) onOpen(); });
    box.append(details);
  }
  return ui;
}

/** The button that shows a long facet's values past the first ten, and hides them again. */
function showAllButton(ul, total, say) {
  const toggle = el('button', 'button-secondary facet-more', say('showAll', total));
  toggle.type = 'button';
  toggle.setAttribute('aria-expanded', 'false');
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? say('showFewer') : say('showAll', total);
    for (const li of ul.querySelectorAll('li[data-extra]')) li.hidden = !open && !li.querySelector('input').checked;
  });
  return toggle;
}

/** Shows counts (`c`, or blanks when null) beside a facet group's values. */
export function showFacetCounts(items, c) {
  items.forEach(([li, span], i) => {
    const text = c ? String(c[i]) : '';
    if (span.textContent !== text) {
      span.textContent = text;
      li.classList.toggle('is-zero', !!c && c[i] === 0);
    }
  });
}

/** `text` with the words that match the query in `<mark>`. */
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

/**
 * A result's card, like the server-rendered ones: `row` is `[kind, title, url, summary, facts,
 * skills, lang]` (docs/search.md); `labels` has `kinds` (key → label), `skills` (the skill
 * facet or null), `skillUrl` and `skillsLabel`.
 */
export function card(row, highlight, labels) {
  const [kind, title, url, summary, facts, skills, lang] = row;
  const li = el('li', 'card card-' + kind);
  li.dataset.kind = kind;
  const kicker = el('p', 'card-kicker');
  kicker.append(el('span', 'badge kind kind-' + kind, labels.kinds.get(kind) || kind));
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
  if (skills.length && labels.skills) li.append(skillTags(skills, labels));
  return li;
}

/** A card's first four skills as links, and how many more. */
function skillTags(skills, labels) {
  const ul = el('ul', 'tags');
  ul.setAttribute('aria-label', labels.skillsLabel);
  for (const s of skills.slice(0, 4)) {
    const [slug, name] = labels.skills.values[s];
    const tag = el('li');
    const link = el('a', null, name);
    link.href = labels.skillUrl + slug + '/';
    tag.append(link);
    ul.append(tag);
  }
  if (skills.length > 4) ul.append(el('li', 'more', '+' + (skills.length - 4)));
  return ul;
}
