// Matching query words against the term chunks, and scoring documents (docs/search.md, "What is indexed").

import { postings } from './decode.js';

/** The first index of sorted `forms` not before `w`. */
function lowerBound(forms, w) {
  let lo = 0, hi = forms.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (forms[mid] < w) lo = mid + 1; else hi = mid; }
  return lo;
}

/** The term chunks a word needs, given each chunk's first form (`terms`, from the manifest). */
export function chunksFor(word, terms) {
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
export function oneEdit(a, b) {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length < b.length ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i);
}

/** The stems a word matches in its loaded chunks (`chunkOf(c)`): [{chunk, stem, quality}]. */
export function matchWord(word, chunkOf) {
  const found = new Map();
  const add = (chunk, c, i, quality) => {
    for (const s of chunk.stems[i]) {
      const key = c + ':' + s;
      const old = found.get(key);
      if (!old || old.quality < quality) found.set(key, { chunk, stem: s, quality });
    }
  };
  const w = word.w;
  for (const c of word.chunks) {
    const chunk = chunkOf(c);
    const forms = chunk.forms;
    const i = lowerBound(forms, w);
    if (forms[i] === w) add(chunk, c, i, 1);
    // Longer forms: an inflection of the word ("apprentissage" → "apprentissages"), or, for the word being typed, any completion.
    for (let k = i, n = 0; k < forms.length && n < 200 && forms[k].startsWith(w); k++, n++) {
      if (forms[k] === w) continue;
      if (w.length > 2 && INFLECTION.test(forms[k].slice(w.length))) add(chunk, c, k, 0.9);
      else if (word.prefix && w.length > 1) add(chunk, c, k, 0.7);
    }
  }
  if (!found.size) {
    // A shorter form, typically a stem: "modelling" → "model", "apprentissages" → "apprentissag".
    for (let cut = 1; cut <= 4 && w.length - cut >= 3; cut++) {
      const p = w.slice(0, w.length - cut);
      for (const c of word.chunks) {
        const chunk = chunkOf(c);
        const i = lowerBound(chunk.forms, p);
        if (chunk.forms[i] === p && INFLECTION.test(w.slice(p.length))) add(chunk, c, i, 0.8);
      }
    }
  }
  if (!found.size && w.length >= 5 && !/\d/.test(w)) {
    for (const c of word.chunks) {
      const chunk = chunkOf(c);
      chunk.forms.forEach((form, i) => {
        if (oneEdit(w, form) || (word.prefix && form.length > w.length && oneEdit(w, form.slice(0, w.length)))) add(chunk, c, i, 0.5);
      });
    }
  }
  return [...found.values()];
}

/** A chunk's forms of each stem (built once per chunk, for highlighting). */
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

/** Nothing highlighted. */
export const noHighlight = () => ({ forms: new Set(), prefixes: [] });

/**
 * Scores `docCount` documents for the words (their `chunks` loaded: `chunkOf(c)`), a posting
 * weighing `fieldScore[weight byte]`: AND, or any word when no document has them all.
 * Gives `{docs, score, highlight, anyWord}`.
 */
export function score(words, docCount, chunkOf, fieldScore) {
  const total = new Float32Array(docCount);
  const hits = new Uint8Array(docCount);
  const highlight = noHighlight();
  let used = 0;
  const addWord = (word, matches) => {
    used++;
    const best = new Float32Array(docCount);
    for (const { chunk, stem, quality } of matches) {
      const { docs, weights } = postings(chunk, stem);
      const idf = Math.log(1 + docCount / docs.length);
      for (let i = 0; i < docs.length; i++) {
        const s = fieldScore[weights[i]] * quality * idf;
        if (s > best[docs[i]]) best[docs[i]] = s;
      }
      for (const f of formsOf(chunk).get(stem) || []) {
        highlight.forms.add(f);
        if (f.includes('-')) f.split('-').forEach((p) => highlight.forms.add(p));
      }
    }
    if (word.prefix && word.w.length > 1) highlight.prefixes.push(word.w);
    for (let d = 0; d < docCount; d++) if (best[d] > 0) { total[d] += best[d]; hits[d]++; }
  };
  for (const word of words) {
    const matches = matchWord(word, chunkOf);
    // A code that is not in the index whole (`dae-2o2`): its parts must all match.
    if (!matches.length && word.parts) for (const part of word.parts) addWord(part, matchWord(part, chunkOf));
    else addWord(word, matches);
  }
  const docs = [];
  for (let d = 0; d < docCount; d++) if (hits[d] === used) docs.push(d);
  let anyWord = false;
  if (!docs.length && used > 1) {
    anyWord = true;
    for (let d = 0; d < docCount; d++) if (hits[d]) { docs.push(d); total[d] *= hits[d] / used; }
  }
  return { docs, score: total, highlight, anyWord };
}
