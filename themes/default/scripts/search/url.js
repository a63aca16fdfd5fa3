// The URL holds the state: ?q=…&level=advanced&country=FR&sort=title.

const SORTS = ['relevance', 'title', 'duration'];

/** The state `{q, sort, filters}` a query string asks for; unknown facet values and sorts are ignored. */
export function stateFromQuery(search, facets) {
  const params = new URLSearchParams(search);
  const filters = new Map();
  for (const f of facets) {
    const known = new Set(f.values.map((v) => v[0]));
    const chosen = params.getAll(f.key).filter((v) => known.has(v));
    if (chosen.length) filters.set(f.key, new Set(chosen));
  }
  const sort = SORTS.includes(params.get('sort')) ? params.get('sort') : SORTS[0];
  return { q: params.get('q') || '', sort, filters };
}

/** The query string of a state (empty, or starting with `?`), facet values in the manifest's order. */
export function queryOf(state, facets) {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q);
  for (const f of facets) {
    const chosen = state.filters.get(f.key);
    if (chosen) for (const v of f.values) if (chosen.has(v[0])) params.append(f.key, v[0]);
  }
  if (state.sort !== SORTS[0]) params.set('sort', state.sort);
  const query = params.toString();
  return query ? '?' + query : '';
}
