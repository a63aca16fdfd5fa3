//! The catalog's search index: static files under `search/` that the theme's
//! `search.js` reads to search and filter the catalog in the browser.
//!
//! Built from the linked catalog at render time (every published programme,
//! module, project, employer and open role; drafts and closed roles never).
//! Every file but the manifest lives in a folder named after a hash of the
//! whole index, so it can be cached forever; all files are gzip-compressed by
//! the build (the runtime inflates them with `DecompressionStream`), so they
//! stay small on any static host. The format is described in docs/search.md.
//!
//! | file | holds |
//! |---|---|
//! | `search/manifest.bin` | JSON: version, generation, document count, stop words, term-chunk boundaries, facets with their values, labels and totals |
//! | `search/<gen>/t<i>.bin` | a term chunk: a range of word forms (sorted), each pointing to stems, and each stem's postings (documents and field weights) |
//! | `search/<gen>/r<i>.bin` | JSON: what results `8i..8i+8` show (kind, title, URL, summary, facts, skills, language) |
//! | `search/<gen>/f-<facet>.bin` | a facet: for each value, its documents |
//! | `search/<gen>/hours.bin` | each document's hours, for sorting by duration |
//!
//! Documents are numbered in title order, so sorting by title is sorting by number.

pub mod documents;
pub mod text;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write as _;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::language::{LanguageSite, Shown};
use super::theme::Theme;
use super::{Contents, OutputFile};
use crate::link::catalog::{Catalog, Choice, EmploymentType, Level};
use crate::render::urls::Urls;
use documents::{Builder, DURATION_BANDS, Document, FACETS, Kind, facet, field};

/// The version of the index format; `search.js` refuses a manifest of another version.
pub const FORMAT_VERSION: u32 = 1;

/// Documents per result chunk.
pub const RESULTS_PER_CHUNK: usize = 8;

/// Aim for term chunks of about this many bytes once compressed.
const TERM_CHUNK_BYTES: f64 = 12.0 * 1024.0;

/// Longest summary kept in result data, in characters.
const SUMMARY_CHARS: usize = 280;

/// Every searchable document, numbered (sorted) by folded title, then kind, then URL.
pub fn documents(catalog: &Catalog, urls: &Urls, strings: &BTreeMap<String, String>) -> Vec<Document> {
    documents_shown(catalog, urls, strings, None)
}

/// [`documents`] of a catalog whose records' text is in the languages `shown` says.
fn documents_shown(
    catalog: &Catalog,
    urls: &Urls,
    strings: &BTreeMap<String, String>,
    shown: Option<&Shown<'_>>,
) -> Vec<Document> {
    let builder = Builder { catalog, urls, strings, shown };
    let mut docs: Vec<(String, Document)> = documents::sources(catalog)
        .into_par_iter()
        .map(|source| {
            let doc = builder.document(source);
            (text::fold(&doc.title).into_owned(), doc)
        })
        .collect();
    docs.par_sort_by(|a, b| a.0.cmp(&b.0).then(a.1.kind.cmp(&b.1.kind)).then_with(|| a.1.url.cmp(&b.1.url)));
    docs.into_iter().map(|(_, doc)| doc).collect()
}

/// The search index's files of every language's site, each under its language's folder
/// (`search/`, `fr/search/`): each language's view of the catalog, its records' words
/// stemmed by the language of their text, its facets labelled in its words.
pub(in crate::render) fn build_all(sites: &[LanguageSite<'_>], theme: &Theme) -> Vec<OutputFile> {
    sites
        .iter()
        .flat_map(|site| {
            let (catalog, strings) = (site.catalog(), site.strings(theme));
            // The documents are freed before the files are made: at 100,000 modules they
            // are a fifth of the build's peak memory (benches/RESULTS.md).
            let index = {
                let docs = documents_shown(catalog, &site.urls, strings, Some(&site.shown));
                Index::new(&docs, &catalog.config.language, &site.urls, strings)
            };
            index.files(&site.urls)
        })
        .collect()
}

/// The search index's files, for a site whose UI strings are `strings`.
pub fn build(catalog: &Catalog, urls: &Urls, strings: &BTreeMap<String, String>) -> Vec<OutputFile> {
    let docs = documents(catalog, urls, strings);
    let index = Index::new(&docs, &catalog.config.language, urls, strings);
    index.files(urls)
}

/// A facet with its values, in display order.
#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    /// URL parameter.
    pub key: &'static str,
    /// Label in the site's language.
    pub label: String,
    /// `(URL value, label, documents)`.
    #[serde(skip)]
    pub values: Vec<(String, String, Vec<u32>)>,
}

/// The index in memory, before it is written out.
#[derive(Debug)]
pub struct Index {
    /// Facets that have at least one value.
    pub facets: Vec<Facet>,
    /// Word forms (sorted in UTF-16 order, as JavaScript compares strings) and the stems each belongs to.
    pub forms: Vec<(String, Vec<u32>)>,
    /// Postings of each stem: `(document, weight)`, by document.
    pub postings: Vec<Vec<(u32, u8)>>,
    /// The first form of each term chunk, and the forms in it.
    pub chunks: Vec<std::ops::Range<usize>>,
    /// Result data chunks (JSON).
    results: Vec<String>,
    /// Hours of each document (0 when none).
    hours: Vec<u32>,
    /// Site language and stop words, for the manifest.
    language: String,
    /// Where skill pages are, for the runtime's skill links.
    skill_url: String,
    /// Number of documents.
    doc_count: usize,
}

impl Index {
    /// Indexes documents numbered in order.
    pub fn new(docs: &[Document], language: &str, urls: &Urls, strings: &BTreeMap<String, String>) -> Index {
        let facets = facets(docs, strings);
        let (forms, postings) = terms(docs);
        let chunks = chunk_terms(&forms, &postings, docs.len());
        let skill_index: HashMap<&str, usize> = facets
            .iter()
            .find(|f| f.key == "skill")
            .map(|f| f.values.iter().enumerate().map(|(i, v)| (v.0.as_str(), i)).collect())
            .unwrap_or_default();
        let results = docs.par_chunks(RESULTS_PER_CHUNK).map(|chunk| result_chunk(chunk, &skill_index)).collect();
        Index {
            facets,
            forms,
            postings,
            chunks,
            results,
            hours: docs.iter().map(|d| d.hours.unwrap_or(0)).collect(),
            language: language.to_owned(),
            skill_url: urls.skills(),
            doc_count: docs.len(),
        }
    }

    /// The files, in [`Urls::search_index`].
    pub fn files(&self, urls: &Urls) -> Vec<OutputFile> {
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let terms: Vec<(String, Vec<u8>)> = self
            .chunks
            .par_iter()
            .enumerate()
            .map(|(i, range)| (format!("t{i}.bin"), gzip(&encode_chunk(&self.forms[range.clone()], &self.postings))))
            .collect();
        files.extend(terms);
        let results: Vec<(String, Vec<u8>)> =
            self.results.par_iter().enumerate().map(|(i, json)| (format!("r{i}.bin"), gzip(json.as_bytes()))).collect();
        files.extend(results);
        let mut facet_bytes = Vec::new();
        for facet in &self.facets {
            let mut bytes = Vec::new();
            for (_, _, docs) in &facet.values {
                write_doc_list(&mut bytes, docs);
            }
            let bytes = gzip(&bytes);
            facet_bytes.push(bytes.len());
            files.push((format!("f-{}.bin", facet.key), bytes));
        }
        let mut hours = Vec::new();
        for &h in &self.hours {
            varint(&mut hours, h);
        }
        files.push(("hours.bin".to_owned(), gzip(&hours)));
        let generation = generation(&files);
        let manifest = gzip(self.manifest(&generation, &facet_bytes).as_bytes());
        let mut outputs: Vec<OutputFile> = files
            .into_iter()
            .map(|(name, bytes)| OutputFile {
                path: urls.output_file(&urls.search_file(&generation, &name)),
                contents: Contents::Bytes(bytes),
            })
            .collect();
        let manifest_path = urls.output_file(&urls.search_manifest());
        outputs.push(OutputFile { path: manifest_path, contents: Contents::Bytes(manifest) });
        outputs
    }

    /// The manifest's JSON; `facet_bytes` are the sizes of the facets' files, in order.
    pub fn manifest(&self, generation: &str, facet_bytes: &[usize]) -> String {
        #[derive(Serialize)]
        struct FacetEntry<'a> {
            key: &'a str,
            label: &'a str,
            bytes: usize,
            values: Vec<(&'a str, &'a str, usize)>,
        }
        #[derive(Serialize)]
        struct Manifest<'a> {
            version: u32,
            generation: &'a str,
            docs: usize,
            language: &'a str,
            stop: &'a [&'a str],
            chunk: usize,
            terms: Vec<&'a str>,
            results: usize,
            facets: Vec<FacetEntry<'a>>,
            skill_url: &'a str,
            weights: Weights,
        }
        let manifest = Manifest {
            version: FORMAT_VERSION,
            generation,
            docs: self.doc_count,
            language: &self.language,
            stop: text::STOP_WORDS,
            chunk: RESULTS_PER_CHUNK,
            terms: self.chunks.iter().map(|r| self.forms.get(r.start).map_or("", |f| f.0.as_str())).collect(),
            results: self.results.len(),
            facets: self
                .facets
                .iter()
                .zip(facet_bytes)
                .map(|(f, &bytes)| FacetEntry {
                    key: f.key,
                    label: &f.label,
                    bytes,
                    values: f.values.iter().map(|(k, l, d)| (k.as_str(), l.as_str(), d.len())).collect(),
                })
                .collect(),
            skill_url: &self.skill_url,
            weights: Weights::FIELDS,
        };
        serde_json::to_string(&manifest).unwrap_or_default()
    }
}

/// The ranking weights as the manifest carries them to `search.js`: `fields` are
/// `[bit, weight]`, `body` is `[first, step]` (see [`field::WEIGHTS`]).
#[derive(Debug, Serialize)]
pub struct Weights {
    fields: [(u8, f64); 5],
    body: (f64, f64),
}

impl Weights {
    /// The weights of [`field`].
    pub const FIELDS: Weights = Weights { fields: field::WEIGHTS, body: field::BODY_WEIGHTS };
}

/// Each facet's values in display order, with their documents.
fn facets(docs: &[Document], strings: &BTreeMap<String, String>) -> Vec<Facet> {
    let mut facets = Vec::new();
    for (f, (key, label_key)) in FACETS.iter().enumerate() {
        let mut values: BTreeMap<&str, (&str, Vec<u32>)> = BTreeMap::new();
        for (id, doc) in docs.iter().enumerate() {
            for (value, label) in &doc.facets[f] {
                values.entry(value).or_insert_with(|| (label, Vec::new())).1.push(id as u32);
            }
        }
        if values.is_empty() {
            continue;
        }
        let fixed_order: Option<Vec<&str>> = match f {
            facet::KIND => Some(Kind::ALL.iter().map(|k| k.key()).collect()),
            facet::LEVEL => Some(Level::CHOICES.iter().map(|(w, _)| *w).collect()),
            facet::DURATION => Some(DURATION_BANDS.iter().map(|b| b.0).collect()),
            facet::TYPE => Some(EmploymentType::CHOICES.iter().map(|(w, _)| *w).collect()),
            _ => None,
        };
        let mut values: Vec<(String, String, Vec<u32>)> =
            values.into_iter().map(|(v, (l, d))| (v.to_owned(), l.to_owned(), d)).collect();
        match (fixed_order, f) {
            (Some(order), _) => values.sort_by_key(|v| order.iter().position(|o| *o == v.0).unwrap_or(usize::MAX)),
            (None, facet::COUNTRY) => {
                values.sort_by(|a, b| (a.0 == "remote").cmp(&(b.0 == "remote")).then_with(|| a.1.cmp(&b.1)))
            }
            (None, _) => values.sort_by(|a, b| {
                b.2.len().cmp(&a.2.len()).then_with(|| text::fold(&a.1).cmp(&text::fold(&b.1))).then(a.0.cmp(&b.0))
            }),
        }
        let label = strings.get(*label_key).cloned().unwrap_or_else(|| (*key).to_owned());
        facets.push(Facet { key, label, values });
    }
    facets
}

/// Orders strings as JavaScript's `<` does (by UTF-16 code units).
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() { a.cmp(b) } else { a.encode_utf16().cmp(b.encode_utf16()) }
}

/// Word forms (sorted) with their stems, and each stem's postings.
type Terms = (Vec<(String, Vec<u32>)>, Vec<Vec<(u32, u8)>>);

/// Stems every distinct form once per language, then gathers the postings by stem.
fn terms(docs: &[Document]) -> Terms {
    // Distinct forms per stemming language.
    let mut by_language: BTreeMap<&str, FxHashSet<&str>> = BTreeMap::new();
    for doc in docs {
        let set = by_language.entry(&doc.stem_language).or_default();
        set.extend(doc.words.iter().map(|(form, _)| form));
    }
    let mut stemmed: Vec<((&str, &str), String)> = Vec::new();
    for (language, forms) in &by_language {
        let stemmer = text::stemmer(language);
        let mut forms: Vec<&str> = forms.iter().copied().collect();
        forms.sort_unstable();
        let stems: Vec<String> = forms.par_iter().map(|f| text::stem(stemmer.as_ref(), f)).collect();
        stemmed.extend(forms.into_iter().zip(stems).map(|(form, stem)| ((*language, form), stem)));
    }
    let mut stem_names: Vec<&str> = stemmed.iter().map(|(_, s)| s.as_str()).collect();
    stem_names.sort_unstable();
    stem_names.dedup();
    let stem_ids: FxHashMap<&str, u32> = stem_names.iter().enumerate().map(|(i, s)| (*s, i as u32)).collect();
    let stem_of: FxHashMap<(&str, &str), u32> =
        stemmed.iter().map(|(key, stem)| (*key, stem_ids[stem.as_str()])).collect();
    let stem_of = |language: &str, form: &str| stem_of[&(language, form)];

    let mut forms: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for ((language, form), _) in &stemmed {
        let stems = forms.entry(form).or_default();
        let stem = stem_of(language, form);
        if !stems.contains(&stem) {
            stems.push(stem);
        }
    }
    // Each stem is also a form of itself, so a query word that is a stem (`model`) finds it
    // even when the text only has inflected forms ("models"), and `search.js` can match an
    // inflected query word whose stem is a prefix of it.
    for (id, stem) in stem_names.iter().enumerate() {
        let stems = forms.entry(stem).or_default();
        if !stems.contains(&(id as u32)) {
            stems.push(id as u32);
        }
    }
    let mut forms: Vec<(String, Vec<u32>)> = forms
        .into_iter()
        .map(|(form, mut stems)| {
            stems.sort_unstable();
            (form.to_owned(), stems)
        })
        .collect();
    forms.sort_by(|a, b| utf16_cmp(&a.0, &b.0));

    let mut postings: Vec<Vec<(u32, u8)>> = vec![Vec::new(); stem_names.len()];
    let mut merged: Vec<(u32, u8, u32)> = Vec::new();
    for (id, doc) in docs.iter().enumerate() {
        merged.clear();
        merged.extend(doc.words.iter().map(|(form, w)| (stem_of(&doc.stem_language, form), w.fields, w.body_count)));
        merged.sort_unstable_by_key(|m| m.0);
        let mut i = 0;
        while i < merged.len() {
            let (stem, mut fields, mut count) = merged[i];
            i += 1;
            while i < merged.len() && merged[i].0 == stem {
                fields |= merged[i].1;
                count += merged[i].2;
                i += 1;
            }
            postings[stem as usize].push((id as u32, fields | body_bucket(count)));
        }
    }
    (forms, postings)
}

/// The body's term frequency in three bits: 0 absent, 1 once, 2 for 2–3, 3 for 4–7, … 7 for 64 and more.
fn body_bucket(count: u32) -> u8 {
    if count == 0 { 0 } else { (1 + count.ilog2()).min(u32::from(field::BODY)) as u8 }
}

/// Splits the sorted forms into chunks of about [`TERM_CHUNK_BYTES`] compressed bytes.
fn chunk_terms(
    forms: &[(String, Vec<u32>)],
    postings: &[Vec<(u32, u8)>],
    doc_count: usize,
) -> Vec<std::ops::Range<usize>> {
    // An estimate of a posting list's compressed size: the gaps' entropy plus two bits of weight.
    let estimate = |df: usize| -> f64 {
        let gap_bits = ((doc_count.max(1) as f64) / (df.max(1) as f64)).log2().max(0.0) + 1.5;
        df as f64 * (gap_bits + 2.0) / 8.0 + 4.0
    };
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut size = 0.0;
    let mut stems: HashSet<u32> = HashSet::new();
    for (i, (form, form_stems)) in forms.iter().enumerate() {
        let mut added = form.len() as f64 * 0.6 + 2.0;
        for &s in form_stems {
            if !stems.contains(&s) {
                added += estimate(postings[s as usize].len());
            }
        }
        if i > start && size + added > TERM_CHUNK_BYTES {
            chunks.push(start..i);
            start = i;
            size = 0.0;
            stems.clear();
            added = form.len() as f64 * 0.6
                + 2.0
                + form_stems.iter().map(|&s| estimate(postings[s as usize].len())).sum::<f64>();
        }
        stems.extend(form_stems);
        size += added;
    }
    if start < forms.len() || forms.is_empty() {
        chunks.push(start..forms.len().max(start));
    }
    chunks
}

/// A term chunk's bytes (before compression); see docs/search.md.
fn encode_chunk(forms: &[(String, Vec<u32>)], postings: &[Vec<(u32, u8)>]) -> Vec<u8> {
    let mut local: Vec<u32> = Vec::new();
    let mut local_of: HashMap<u32, u32> = HashMap::new();
    let mut out = Vec::new();
    varint(&mut out, forms.len() as u32);
    let mut previous: &[u8] = &[];
    for (form, stems) in forms {
        let bytes = form.as_bytes();
        let shared = previous.iter().zip(bytes).take_while(|(a, b)| a == b).count();
        varint(&mut out, shared as u32);
        varint(&mut out, (bytes.len() - shared) as u32);
        out.extend_from_slice(&bytes[shared..]);
        varint(&mut out, stems.len() as u32);
        for &s in stems {
            let next = local.len() as u32;
            let l = *local_of.entry(s).or_insert_with(|| {
                local.push(s);
                next
            });
            varint(&mut out, l);
        }
        previous = bytes;
    }
    let blobs: Vec<Vec<u8>> = local
        .iter()
        .map(|&s| {
            let list = &postings[s as usize];
            let mut blob = Vec::with_capacity(list.len() * 2);
            let mut last = 0;
            for &(doc, _) in list {
                varint(&mut blob, doc - last);
                last = doc;
            }
            blob.extend(list.iter().map(|&(_, w)| w));
            blob
        })
        .collect();
    varint(&mut out, local.len() as u32);
    for (&s, blob) in local.iter().zip(&blobs) {
        varint(&mut out, postings[s as usize].len() as u32);
        varint(&mut out, blob.len() as u32);
    }
    for blob in blobs {
        out.extend(blob);
    }
    out
}

/// A sorted document list: its length, then the gaps between ids.
fn write_doc_list(out: &mut Vec<u8>, docs: &[u32]) {
    varint(out, docs.len() as u32);
    let mut last = 0;
    for &doc in docs {
        varint(out, doc - last);
        last = doc;
    }
}

/// One result chunk's JSON: an array of `[kind, title, url, summary, facts, skills, lang]`.
fn result_chunk(docs: &[Document], skill_index: &HashMap<&str, usize>) -> String {
    let rows: Vec<serde_json::Value> = docs
        .iter()
        .map(|doc| {
            let summary: String = if doc.summary.chars().count() > SUMMARY_CHARS {
                let cut: String = doc.summary.chars().take(SUMMARY_CHARS).collect();
                format!("{}…", cut.trim_end())
            } else {
                doc.summary.clone()
            };
            let skills: Vec<usize> = doc.skills.iter().filter_map(|s| skill_index.get(s.as_str()).copied()).collect();
            serde_json::json!([
                doc.kind.key(),
                doc.title,
                doc.url,
                summary,
                doc.facts,
                skills,
                doc.lang.as_deref().unwrap_or("")
            ])
        })
        .collect();
    serde_json::to_string(&rows).unwrap_or_default()
}

/// Appends `n` as LEB128: seven bits a byte, low bits first, high bit set on all but the last.
fn varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Gzip with a fixed header (no time stamp, no name), so builds are byte-identical.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::new(9));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// A hash of every file's name and bytes (FNV-1a, 64 bits), naming the index's folder.
fn generation(files: &[(String, Vec<u8>)]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, bytes) in files {
        for &b in name.as_bytes().iter().chain([0u8].iter()).chain(bytes) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")[..12].to_owned()
}
