// Filtering by facets and counting their values live (docs/search.md, "f-<facet>.bin").

/** For each of a facet's values, 1 when chosen; null when nothing of it is chosen. */
export function selectedFlags(facet, filters) {
  const chosen = filters.get(facet.key);
  if (!chosen || !chosen.size) return null;
  return Uint8Array.from(facet.values, (v) => (chosen.has(v[0]) ? 1 : 0));
}

/**
 * Applies the filters to `docs`: AND across facets, OR within one (`dataOf(key)` is a loaded
 * facet). Keeps each document that fails one facet only, with that facet, for the counts.
 */
export function filter(docs, facets, filters, dataOf) {
  const active = facets.map((f) => ({ f, flags: selectedFlags(f, filters) })).filter((a) => a.flags);
  const kept = [];
  const nearly = []; // [doc, index of the one facet it fails]
  for (const d of docs) {
    let fails = 0, failed = -1;
    for (let a = 0; a < active.length && fails < 2; a++) {
      const { start, values } = dataOf(active[a].f.key);
      let ok = false;
      for (let i = start[d]; i < start[d + 1]; i++) if (active[a].flags[values[i]]) { ok = true; break; }
      if (!ok) { fails++; failed = a; }
    }
    if (!fails) kept.push(d);
    else if (fails === 1) nearly.push(d, failed);
  }
  return { kept, nearly, active };
}

/** Live counts of a facet's values (its `data` loaded): documents matching the query and every other facet's filter. */
export function counts(facet, data, filtered) {
  const c = new Uint32Array(facet.values.length);
  const { start, values } = data;
  const tally = (d) => { for (let i = start[d], end = start[d + 1]; i < end; i++) c[values[i]]++; };
  for (const d of filtered.kept) tally(d);
  const self = filtered.active.findIndex((a) => a.f === facet);
  const { nearly } = filtered;
  if (self >= 0) for (let k = 0; k < nearly.length; k += 2) if (nearly[k + 1] === self) tally(nearly[k]);
  return c;
}
