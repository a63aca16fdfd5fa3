// Ranking: what a posting's weight byte is worth, and the order results are shown in.

/**
 * The score of each of the 256 weight bytes, from the manifest's `weights` (written by
 * src/render/search/, the one place they are set): `fields` are `[bit, weight]` pairs, and
 * `body` is `[first, step]`: a body term-frequency bucket b (the low three bits) adds
 * `first + step·(b − 1)`.
 */
export function fieldScores(weights) {
  const [first, step] = weights.body;
  const scores = new Float32Array(256);
  for (let b = 0; b < 256; b++) {
    let s = 0;
    for (const [bit, weight] of weights.fields) if (b & bit) s += weight;
    const body = b & 7;
    scores[b] = s + (body ? first + step * (body - 1) : 0);
  }
  return scores;
}

/**
 * How a sort compares two documents, or null for title order (document order): `duration`
 * by `hours` (none last), `relevance` by `score` when there is one; ties in title order.
 */
export function order(sort, score, hours) {
  if (sort === 'duration') return (a, b) => (hours[a] || 1e9) - (hours[b] || 1e9) || a - b;
  if (sort === 'relevance' && score) return (a, b) => score[b] - score[a] || a - b;
  return null;
}

/**
 * The first `k` of `result.docs` in `result.compare` order. Sorts only as much as is shown
 * (typing shows ten of thousands); past 100 it sorts all once and remembers it (`result.sorted`).
 */
export function firstK(result, k) {
  const { docs, compare } = result;
  if (!compare || result.sorted) return docs.slice(0, k);
  if (k > 100) {
    docs.sort(compare);
    result.sorted = true;
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
