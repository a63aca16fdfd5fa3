// Folding and tokens: the same rules as src/render/search/text.rs. Both sides are checked
// against the rows of tests/fixtures/search-text.json, so a query finds what the index holds.

const EXTRA = { 'œ': 'oe', 'æ': 'ae', 'ß': 'ss', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ı': 'i', 'ð': 'd', 'þ': 'th' };
const WORD = /[\p{Alphabetic}\p{N}]+/gu;
const ENDS_IN_WORD = /[\p{Alphabetic}\p{N}]$/u;
const HYPHEN = /^[-\u2010]$/;

/** A word as it is shown, marks included: what the highlighter folds and compares. */
export const SHOWN_WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;

/** Lowercases and removes accents: `Éthique` → `ethique`, `Œuvre` → `oeuvre`. */
export const fold = (s) => s.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[œæßøłđıðþ]/g, (c) => EXTRA[c]);

const end = (match) => match.index + match[0].length;

/**
 * The runs of words of folded text that single hyphens join: `{whole, parts}`, where `whole`
 * is the run itself when it has several words and a digit (a code such as `dae-202`), else null.
 */
export function runs(folded) {
  const found = [...folded.matchAll(WORD)];
  const out = [];
  for (let i = 0; i < found.length;) {
    let j = i + 1;
    while (j < found.length && HYPHEN.test(folded.slice(end(found[j - 1]), found[j].index))) j++;
    const parts = found.slice(i, j).map((m) => m[0]);
    const whole = folded.slice(found[i].index, end(found[j - 1]));
    out.push({ whole: parts.length > 1 && /\d/.test(whole) ? whole : null, parts });
    i = j;
  }
  return out;
}

/** Every token of folded text, as the index has them: a code whole, then each of its words. */
export function tokens(folded) {
  return runs(folded).flatMap((run) => (run.whole ? [run.whole, ...run.parts] : run.parts));
}

/**
 * Query words: `{w, prefix, parts}`. Stop words are dropped; a code keeps its words as `parts`
 * (searched when the code is not in the index whole); the last word is a prefix while it is
 * being typed (nothing after it).
 */
export function parseQuery(query, stop) {
  const folded = fold(query);
  const words = [];
  for (const run of runs(folded)) {
    const parts = run.parts.filter((p) => !stop.has(p));
    if (run.whole) words.push({ w: run.whole, parts });
    else for (const p of parts) words.push({ w: p });
  }
  if (words.length && ENDS_IN_WORD.test(folded)) words[words.length - 1].prefix = true;
  return words;
}
