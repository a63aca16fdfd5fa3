// The index of a site: its manifest, and each other file fetched and decoded once per page.

import { decodeFacet, decodeHours, decodeJson, decodeTerms, inflate } from './decode.js';

/** The only version of the index format this script reads (`FORMAT_VERSION` in src/render/search/mod.rs). */
const FORMAT_VERSION = 1;

/** The index under `base` (`/search/`), or null when it has another format version. */
export async function openIndex(base) {
  const response = await fetch(base + 'manifest.bin', { cache: 'no-cache' });
  const manifest = decodeJson(await inflate(response));
  return manifest.version === FORMAT_VERSION ? new SearchIndex(base, manifest) : null;
}

/** An index's files: `load*` fetch a file once (promise), `loaded*` give it once it arrived (or undefined). */
export class SearchIndex {
  constructor(base, manifest) {
    this.folder = base + manifest.generation + '/';
    this.manifest = manifest;
    this.pending = new Map(); // name → promise of the decoded file
    this.done = new Map(); // name → decoded file
  }

  load(name, decode) {
    let promise = this.pending.get(name);
    if (!promise) {
      promise = fetch(this.folder + name).then(inflate).then(decode).then((value) => {
        this.done.set(name, value);
        return value;
      });
      this.pending.set(name, promise);
      promise.catch(() => this.pending.delete(name));
    }
    return promise;
  }

  loadTerms(chunk) { return this.load('t' + chunk + '.bin', decodeTerms); }
  loadedTerms(chunk) { return this.done.get('t' + chunk + '.bin'); }
  loadFacet(key) { return this.load('f-' + key + '.bin', (bytes) => decodeFacet(bytes, this.manifest.docs)); }
  loadedFacet(key) { return this.done.get('f-' + key + '.bin'); }
  loadHours() { return this.load('hours.bin', (bytes) => decodeHours(bytes, this.manifest.docs)); }
  loadedHours() { return this.done.get('hours.bin'); }
  loadResults(chunk) { return this.load('r' + chunk + '.bin', decodeJson); }
}
