// Decoding the index's files (format: docs/search.md). Every file is gzip; integers are LEB128.

/** The bytes of a fetched index file, inflated (unless the host already did). */
export async function inflate(response) {
  if (!response.ok) throw new Error(response.status + ' ' + response.url);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  // Through a Response, not a Blob: a Blob is registered with the browser process, a round trip per file.
  const stream = new Response(bytes).body.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Reads varints from `bytes`, in order. */
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

/** A term chunk: sorted forms with their stems, and each stem's postings (decoded on demand by `postings`). */
export function decodeTerms(bytes) {
  const utf8 = new TextDecoder();
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

/** A stem's postings in a term chunk: `{docs, weights}` (decoded once). */
export function postings(chunk, s) {
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

/** A facet of `docCount` documents: each document's values are `values[start[d]..start[d+1]]`. */
export function decodeFacet(bytes, docCount) {
  const r = reader(bytes);
  const lists = [];
  const count = new Uint32Array(docCount + 1);
  while (r.pos < bytes.length) {
    const len = r.int();
    const docs = new Uint32Array(len);
    let doc = 0;
    for (let i = 0; i < len; i++) { docs[i] = doc += r.int(); count[doc + 1]++; }
    lists.push(docs);
  }
  for (let d = 0; d < docCount; d++) count[d + 1] += count[d];
  const values = new Uint16Array(count[docCount]);
  const fill = count.slice(0, docCount);
  lists.forEach((docs, v) => { for (const d of docs) values[fill[d]++] = v; });
  return { start: count, values };
}

/** Each of `docCount` documents' hours (0 for none). */
export function decodeHours(bytes, docCount) {
  const r = reader(bytes);
  const hours = new Uint32Array(docCount);
  for (let d = 0; d < hours.length; d++) hours[d] = r.int();
  return hours;
}

/** A JSON file: the manifest or a result chunk. */
export const decodeJson = (bytes) => JSON.parse(new TextDecoder().decode(bytes));
