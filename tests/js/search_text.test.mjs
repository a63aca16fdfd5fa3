// search.js's folding, tokens and field weights, checked under Node against the rows the
// Rust side checks too (tests/fixtures/search-text.json). Run: node --test tests/js/*.test.mjs
// (tests/search_js.rs runs it from `cargo test`).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';

import { fieldScores } from '../../themes/default/scripts/search/rank.js';
import { fold, parseQuery, tokens } from '../../themes/default/scripts/search/text.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/search-text.json', import.meta.url), 'utf8'));

test('folding matches the rows the index is built with', () => {
  for (const row of fixture.text) assert.equal(fold(row.input), row.folded, `folding ${JSON.stringify(row.input)}`);
});

test('tokens match the rows the index is built with', () => {
  for (const row of fixture.text) assert.deepEqual(tokens(row.folded), row.tokens, `tokens of ${JSON.stringify(row.input)}`);
});

test('a weight byte scores what the rows say, with the weights the manifest carries', () => {
  const scores = fieldScores(fixture.weights);
  for (const row of fixture.scores) {
    assert.ok(Math.abs(scores[row.byte] - row.score) < 1e-5, `${row.holds} (${row.byte}): ${scores[row.byte]}, not ${row.score}`);
  }
});

test('a query keeps a code whole with its words, drops stop words, and types its last word as a prefix', () => {
  const stop = new Set(['the']);
  assert.deepEqual(parseQuery('The DAE-202 mod', stop), [{ w: 'dae-202', parts: ['dae', '202'] }, { w: 'mod', prefix: true }]);
  assert.deepEqual(parseQuery('Éthique ', stop), [{ w: 'ethique' }], 'a space after the last word ends it');
});
