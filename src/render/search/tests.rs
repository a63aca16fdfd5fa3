//! The search index's content, on small in-memory sites.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

use super::documents::{Document, Kind, facet, field};
use super::*;
use crate::diagnostics::Sources;
use crate::link::{self, LinkOptions};
use crate::load::{self, LoadOptions};

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

struct Site {
    catalog: Catalog,
    urls: Urls,
    strings: BTreeMap<String, String>,
}

impl Site {
    fn documents(&self) -> Vec<Document> {
        documents(&self.catalog, &self.urls, &self.strings)
    }

    fn index(&self) -> Index {
        Index::new(&self.documents(), &self.catalog.config.language, &self.urls, &self.strings)
    }

    fn files(&self) -> Vec<OutputFile> {
        build(&self.catalog, &self.urls, &self.strings)
    }
}

fn site(files: &[(&str, &str)]) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![("content/site.yaml", "title: T\nbase_url: https://example.org/cat/\n")];
    all.extend_from_slice(files);
    write(dir.path(), &all);
    let loaded = load::load(dir.path(), &LoadOptions::default());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let options = LinkOptions { drafts: false, build_date: jiff::civil::date(2026, 11, 25) };
    let catalog = link::link(loaded.site, loaded.broken, &options).unwrap_or_else(|e| panic!("{e:#?}"));
    let theme = crate::render::theme::load(dir.path(), &catalog.config, &mut Sources::default())
        .unwrap_or_else(|e| panic!("{e:#?}"));
    let urls = Urls::new(&catalog.config);
    let strings = theme.strings(&catalog.config.language).clone();
    Site { catalog, urls, strings }
}

const NLP: &str = "---
title: Natural Language Processing
summary: Transformers and language models for text.
level: advanced
duration_hours: 60
code: DAE-202
skills: [NLP, Python]
---
## Overview

Train models on large corpora. The models are evaluated weekly.

```python
secretcodeword = 1
```
";

const ETHIQUE: &str = "---
title: Éthique de l'IA
summary: Les apprentissages fondamentaux du droit européen.
level: beginner
duration_hours: 15
language: fr
skills: [Éthique]
---
Un module en français.
";

const DRAFT: &str = "---
title: Unpublished Quantum Module
summary: Not yet.
level: beginner
duration_hours: 10
draft: true
---
Draft.
";

const PROJECT: &str = "title: Document Q&A Assistant
provider: Microsoft
summary: Answer questions over documents.
skills: [NLP]
level: intermediate
estimated_hours: 40
";

const EMPLOYER: &str = "name: Acme Analytics
summary: We analyse things.
locations:
  - {city: Lyon, country: FR}
roles:
  - title: NLP Engineer
    summary: Build language models.
    skills: [NLP]
    city: Paris
    country: FR
    remote: true
    employment_type: full-time
  - title: Retired Role
    country: GB
    closes: 2020-01-01
";

fn example() -> Site {
    site(&[
        ("content/modules/nlp.md", NLP),
        ("content/modules/ethique.md", ETHIQUE),
        ("content/modules/quantum.md", DRAFT),
        ("content/projects/qa.yaml", PROJECT),
        ("content/employers/acme.yaml", EMPLOYER),
    ])
}

fn doc<'a>(docs: &'a [Document], title: &str) -> &'a Document {
    docs.iter().find(|d| d.title == title).unwrap_or_else(|| panic!("no document `{title}`"))
}

fn values(doc: &Document, facet: usize) -> Vec<&str> {
    doc.facets[facet].iter().map(|(v, _)| v.as_str()).collect()
}

/// Documents holding a folded word form (any form of its stem).
fn find(index: &Index, form: &str) -> Vec<u32> {
    let Some((_, stems)) = index.forms.iter().find(|(f, _)| f == form) else { return Vec::new() };
    let mut docs: Vec<u32> = stems.iter().flat_map(|&s| index.postings[s as usize].iter().map(|p| p.0)).collect();
    docs.sort_unstable();
    docs.dedup();
    docs
}

fn titles(docs: &[Document], ids: &[u32]) -> Vec<String> {
    ids.iter().map(|&i| docs[i as usize].title.clone()).collect()
}

#[test]
fn every_published_record_is_a_document_and_drafts_and_closed_roles_are_not() {
    let site = example();
    let docs = site.documents();
    let mut kinds: Vec<(Kind, &str)> = docs.iter().map(|d| (d.kind, d.title.as_str())).collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            (Kind::Module, "Natural Language Processing"),
            (Kind::Module, "Éthique de l'IA"),
            (Kind::Project, "Document Q&A Assistant"),
            (Kind::Employer, "Acme Analytics"),
            (Kind::Role, "NLP Engineer"),
        ]
    );
    let index = site.index();
    assert!(find(&index, "quantum").is_empty(), "a draft's words are not indexed");
    assert!(find(&index, "retired").is_empty(), "a closed role's words are not indexed");
}

#[test]
fn documents_carry_their_facet_values() {
    let docs = example().documents();
    let nlp = doc(&docs, "Natural Language Processing");
    assert_eq!(values(nlp, facet::KIND), ["module"]);
    assert_eq!(values(nlp, facet::LEVEL), ["advanced"]);
    assert_eq!(values(nlp, facet::SKILL), ["nlp", "python"]);
    assert_eq!(values(nlp, facet::DURATION), ["50-99"]);
    assert_eq!(values(nlp, facet::LANGUAGE), ["en"]);
    assert_eq!(nlp.url, "/cat/modules/nlp/");
    assert_eq!(nlp.hours, Some(60));
    let ethique = doc(&docs, "Éthique de l'IA");
    assert_eq!(values(ethique, facet::LANGUAGE), ["fr"]);
    assert_eq!(values(ethique, facet::DURATION), ["under-20"]);
    assert_eq!(ethique.lang.as_deref(), Some("fr"));
    let project = doc(&docs, "Document Q&A Assistant");
    assert_eq!(values(project, facet::PROVIDER), ["microsoft"]);
    assert_eq!(values(project, facet::LEVEL), ["intermediate"]);
    assert_eq!(values(project, facet::DURATION), ["20-49"]);
    let role = doc(&docs, "NLP Engineer");
    assert_eq!(values(role, facet::COUNTRY), ["FR", "remote"]);
    assert_eq!(values(role, facet::TYPE), ["full-time"]);
    assert_eq!(role.url, "/cat/employers/acme/nlp-engineer/");
    assert!(role.facts.contains(&"Acme Analytics".to_owned()));
    let employer = doc(&docs, "Acme Analytics");
    assert_eq!(values(employer, facet::COUNTRY), ["FR"]);
}

#[test]
fn facets_list_values_with_labels_and_documents() {
    let site = example();
    let index = site.index();
    let level = index.facets.iter().find(|f| f.key == "level").unwrap();
    let shown: Vec<(&str, &str, usize)> =
        level.values.iter().map(|(v, l, d)| (v.as_str(), l.as_str(), d.len())).collect();
    assert_eq!(shown, [("beginner", "Beginner", 1), ("intermediate", "Intermediate", 1), ("advanced", "Advanced", 1)]);
    let country = index.facets.iter().find(|f| f.key == "country").unwrap();
    let keys: Vec<&str> = country.values.iter().map(|v| v.0.as_str()).collect();
    assert_eq!(keys, ["FR", "remote"], "remote comes last; the closed role's GB is absent");
    assert_eq!(country.label, "Country");
}

#[test]
fn documents_are_numbered_by_title_so_title_order_is_document_order() {
    let docs = example().documents();
    let titles: Vec<String> = docs.iter().map(|d| text::fold(&d.title).into_owned()).collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
}

#[test]
fn an_unaccented_query_word_finds_the_accented_title() {
    let site = example();
    let (docs, index) = (site.documents(), site.index());
    assert_eq!(titles(&docs, &find(&index, "ethique")), ["Éthique de l'IA"]);
}

#[test]
fn singular_and_plural_forms_share_their_documents() {
    let site = example();
    let (docs, index) = (site.documents(), site.index());
    // English: the body says "models"; the summary of the role says "models" too.
    let model = titles(&docs, &find(&index, "model"));
    assert!(model.contains(&"Natural Language Processing".to_owned()), "{model:?}");
    assert_eq!(find(&index, "model"), find(&index, "models"));
    // French: the summary says "apprentissages"; its stem is a form too, so a query word
    // ("apprentissage") finds it as a form that starts with it, or whose stem starts it.
    assert_eq!(titles(&docs, &find(&index, "apprentissages")), ["Éthique de l'IA"]);
    assert_eq!(find(&index, "apprentissag"), find(&index, "apprentissages"));
}

#[test]
fn a_code_is_indexed_whole_and_in_parts() {
    let site = example();
    let (docs, index) = (site.documents(), site.index());
    for form in ["dae-202", "dae", "202"] {
        assert_eq!(titles(&docs, &find(&index, form)), ["Natural Language Processing"], "{form}");
    }
}

#[test]
fn stop_words_and_fenced_code_are_not_indexed() {
    let index = example().index();
    assert!(find(&index, "the").is_empty());
    assert!(find(&index, "les").is_empty());
    assert!(find(&index, "secretcodeword").is_empty());
}

#[test]
fn postings_weigh_the_fields_a_word_occurs_in() {
    let site = example();
    let (docs, index) = (site.documents(), site.index());
    let weight = |form: &str, title: &str| {
        let (_, stems) = index.forms.iter().find(|(f, _)| f == form).unwrap();
        let id = docs.iter().position(|d| d.title == title).unwrap() as u32;
        stems.iter().flat_map(|&s| &index.postings[s as usize]).find(|p| p.0 == id).unwrap().1
    };
    assert_ne!(weight("natural", "Natural Language Processing") & field::TITLE, 0);
    assert_ne!(weight("nlp", "Natural Language Processing") & field::SKILL, 0);
    assert_ne!(weight("transformers", "Natural Language Processing") & field::SUMMARY, 0);
    assert_ne!(weight("paris", "NLP Engineer") & field::META, 0);
    assert_ne!(weight("microsoft", "Document Q&A Assistant") & field::META, 0);
    let corpora = weight("corpora", "Natural Language Processing");
    assert_eq!(corpora & !field::BODY, 0, "a body-only word has no field bit");
    assert_eq!(corpora & field::BODY, 1, "once in the body");
}

/// Inflates a gzip file of the output.
fn inflate(file: &OutputFile) -> Vec<u8> {
    let Contents::Bytes(bytes) = &file.contents else { panic!("{} is not generated", file.path) };
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out).unwrap();
    out
}

fn read_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let (mut value, mut shift) = (0u32, 0);
    loop {
        let b = bytes[*at];
        *at += 1;
        value |= u32::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return value;
        }
        shift += 7;
    }
}

#[test]
fn the_manifest_names_every_file_of_its_generation() {
    let files = example().files();
    let manifest = files.iter().find(|f| f.path == "search/manifest.bin").unwrap();
    let manifest: serde_json::Value = serde_json::from_slice(&inflate(manifest)).unwrap();
    assert_eq!(manifest["version"], FORMAT_VERSION);
    assert_eq!(manifest["docs"], 5);
    let generation = manifest["generation"].as_str().unwrap();
    let folder = format!("search/{generation}/");
    let names: Vec<&str> = files.iter().filter_map(|f| f.path.strip_prefix(&folder)).collect();
    let terms = manifest["terms"].as_array().unwrap().len();
    let results = manifest["results"].as_u64().unwrap() as usize;
    assert_eq!(results, 1);
    for i in 0..terms {
        assert!(names.contains(&format!("t{i}.bin").as_str()));
    }
    for facet in manifest["facets"].as_array().unwrap() {
        let name = format!("f-{}.bin", facet["key"].as_str().unwrap());
        assert!(names.contains(&name.as_str()), "{name}");
    }
    assert!(names.contains(&"r0.bin") && names.contains(&"hours.bin"));
    assert_eq!(names.len(), terms + results + manifest["facets"].as_array().unwrap().len() + 1);
}

/// A form and the postings of each of its stems.
type FormPostings = (String, Vec<Vec<(u32, u8)>>);

#[test]
fn term_chunks_decode_to_the_sorted_forms_and_their_postings() {
    let site = example();
    let index = site.index();
    let files = site.files();
    let mut decoded: Vec<FormPostings> = Vec::new();
    for i in 0.. {
        let Some(file) = files.iter().find(|f| f.path.ends_with(&format!("/t{i}.bin"))) else { break };
        let bytes = inflate(file);
        let at = &mut 0;
        let n = read_varint(&bytes, at);
        let mut forms = Vec::new();
        let mut previous: Vec<u8> = Vec::new();
        for _ in 0..n {
            let shared = read_varint(&bytes, at) as usize;
            let len = read_varint(&bytes, at) as usize;
            let mut form = previous[..shared].to_vec();
            form.extend_from_slice(&bytes[*at..*at + len]);
            *at += len;
            let stems: Vec<u32> = (0..read_varint(&bytes, at)).map(|_| read_varint(&bytes, at)).collect();
            previous = form.clone();
            forms.push((String::from_utf8(form).unwrap(), stems));
        }
        let m = read_varint(&bytes, at);
        let sizes: Vec<(u32, u32)> = (0..m).map(|_| (read_varint(&bytes, at), read_varint(&bytes, at))).collect();
        let mut lists = Vec::new();
        for (df, len) in sizes {
            let start = *at;
            let mut doc = 0;
            let docs: Vec<u32> = (0..df)
                .map(|_| {
                    doc += read_varint(&bytes, at);
                    doc
                })
                .collect();
            let weights = &bytes[*at..*at + df as usize];
            *at += df as usize;
            assert_eq!(*at - start, len as usize);
            lists.push(docs.into_iter().zip(weights.iter().copied()).collect::<Vec<_>>());
        }
        assert_eq!(*at, bytes.len());
        for (form, stems) in forms {
            decoded.push((form, stems.iter().map(|&s| lists[s as usize].clone()).collect()));
        }
    }
    let expected: Vec<FormPostings> = index
        .forms
        .iter()
        .map(|(form, stems)| (form.clone(), stems.iter().map(|&s| index.postings[s as usize].clone()).collect()))
        .collect();
    assert_eq!(decoded, expected);
}

#[test]
fn facet_files_decode_to_each_values_documents() {
    let site = example();
    let index = site.index();
    let files = site.files();
    for facet in &index.facets {
        let file = files.iter().find(|f| f.path.ends_with(&format!("/f-{}.bin", facet.key))).unwrap();
        let bytes = inflate(file);
        let at = &mut 0;
        for (_, _, docs) in &facet.values {
            let n = read_varint(&bytes, at);
            let mut doc = 0;
            let decoded: Vec<u32> = (0..n)
                .map(|_| {
                    doc += read_varint(&bytes, at);
                    doc
                })
                .collect();
            assert_eq!(&decoded, docs, "{}", facet.key);
        }
        assert_eq!(*at, bytes.len());
    }
}

#[test]
fn result_chunks_hold_what_a_result_shows() {
    let site = example();
    let files = site.files();
    let file = files.iter().find(|f| f.path.ends_with("/r0.bin")).unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&inflate(file)).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let ethique = rows.iter().find(|r| r[1] == "Éthique de l'IA").unwrap();
    assert_eq!(ethique[0], "module");
    assert_eq!(ethique[2], "/cat/modules/ethique/");
    assert_eq!(ethique[6], "fr");
    assert!(ethique[4].as_array().unwrap().iter().any(|f| f == "Taught in French"), "{ethique}");
}

#[test]
fn the_index_is_byte_identical_across_runs_and_thread_counts() {
    let site = example();
    let bytes = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| site.files())
    };
    let one = bytes(1);
    assert_eq!(one, bytes(4));
    assert_eq!(one, site.files());
}

#[test]
fn term_chunks_split_a_large_vocabulary_in_sorted_ranges() {
    let bodies: Vec<(String, String)> = (0..40)
        .map(|i| {
            let words: Vec<String> = (0..400).map(|w| format!("w{i}x{w}")).collect();
            let text = format!(
                "---\ntitle: M{i}\nsummary: S\nlevel: beginner\nduration_hours: 10\n---\n{}\n",
                words.join(" ")
            );
            (format!("content/modules/m{i}.md"), text)
        })
        .collect();
    let all: Vec<(&str, &str)> = bodies.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = site(&all);
    let index = site.index();
    assert!(index.chunks.len() > 1, "{} chunks", index.chunks.len());
    let mut next = 0;
    for range in &index.chunks {
        assert_eq!(range.start, next);
        next = range.end;
    }
    assert_eq!(next, index.forms.len());
    assert!(index.forms.windows(2).all(|w| utf16_cmp(&w[0].0, &w[1].0).is_lt()));
}

/// Each language's documents: (title, URL, the language of its result's text, its stemmer's).
fn documents_in(site: &Site, lang: &str) -> Vec<(String, String, Option<String>, String)> {
    let lang = crate::ids::Lang::parse(lang).unwrap();
    let language = crate::render::language::LanguageSite::new(&site.catalog, &lang);
    documents_shown(language.catalog(), &language.urls, &site.strings, Some(&language.shown))
        .into_iter()
        .map(|d| (d.title, d.url, d.lang, d.stem_language))
        .collect()
}

#[test]
fn each_languages_index_holds_every_record_in_its_version_or_its_own_language_stemmed_by_its_text() {
    let site = site(&[
        ("content/site.yaml", "title: T\nbase_url: https://example.org/cat/\nlanguages: {fr: {title: TF}}\n"),
        ("content/modules/nlp.md", NLP),
        ("content/modules/ethique.md", ETHIQUE),
        (
            "content/modules/python.md",
            "---\ntitle: Python Basics\nsummary: Loops.\nlevel: beginner\nduration_hours: 5\n---\n",
        ),
        ("content/modules/python.fr.md", "---\ntitle: Les bases de Python\nsummary: Les boucles.\n---\n"),
    ]);
    let french = documents_in(&site, "fr");
    let row = |title: &str, url: &str, lang: Option<&str>, stem: &str| {
        (title.to_owned(), url.to_owned(), lang.map(str::to_owned), stem.to_owned())
    };
    assert!(french.contains(&row("Les bases de Python", "/cat/fr/modules/python/", None, "fr")), "{french:?}");
    assert!(french.contains(&row("Natural Language Processing", "/cat/modules/nlp/", Some("en"), "en")), "{french:?}");
    assert!(french.contains(&row("Éthique de l'IA", "/cat/fr/modules/ethique/", None, "fr")), "{french:?}");
    let english = documents_in(&site, "en");
    assert!(english.contains(&row("Python Basics", "/cat/modules/python/", None, "en")), "{english:?}");
    assert!(english.contains(&row("Éthique de l'IA", "/cat/fr/modules/ethique/", Some("fr"), "fr")), "{english:?}");
}
