//! Search benchmark, run by hand (see benches/search-bench.sh and docs/performance.md, "Search").
//!
//! ```sh
//! cargo run --release --example search-bench -- index --root DIR [--write OUT]
//! cargo run --release --example search-bench -- browser --site DIR/public [--pagefind]
//!     [--catalog /fr/catalog/ --queries "modèle,donnees,réseau"]
//! ```
//! `index` loads and links the catalog, then times the search index build alone
//! (median of three) and reports its size; `--write OUT` also writes the index
//! under `OUT/search/` (to measure the browser side of a catalog too large to build whole here). `browser` serves the built site on
//! localhost and drives headless Chromium: the bytes downloaded for a first query
//! (runtime, index parts, result data for the ten results shown; counted by the
//! server), and the time from keystroke to results in the DOM for every prefix of
//! a set of queries typed after the first load. With `--pagefind` it does the same
//! with Pagefind's JS API on the same site (run `npx pagefind --site DIR/public` first).
//! `--catalog` measures another catalog page (another language's: `/fr/catalog/`, whose index
//! is under `/fr/search/`), and `--queries` replaces the first queries (words of that language).

#[path = "../tests/browser/server.rs"]
mod server;
#[path = "../tests/browser/webdriver.rs"]
mod webdriver;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use prospectus::diagnostics::Sources;
use prospectus::render::search;
use prospectus::render::urls::Urls;
use serde_json::{Value, json};
use server::Server;
use webdriver::Browser;

/// Queries typed one character at a time for the latency figures.
const TYPED: &[&str] = &[
    "model",
    "gradient descent",
    "attention",
    "responsible fairness",
    "embedding latency",
    "deep learning",
    "monitoring drift",
    "privacy",
    "cluster sampling",
    "engineer",
    "forecasting",
    "pipeline",
];

/// First queries, each in a fresh browser (empty cache), for the bytes figures.
const FIRST: &[&str] = &["model", "gradient descent", "privacy", "engineer", "attention"];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(PathBuf::from);
    match args.first().map(String::as_str) {
        Some("index") => index(&value("--root").expect("--root DIR"), value("--write").as_deref()),
        Some("browser") => {
            let site = value("--site").expect("--site DIR");
            let catalog = args.iter().position(|a| a == "--catalog").and_then(|i| args.get(i + 1));
            let queries = args.iter().position(|a| a == "--queries").and_then(|i| args.get(i + 1));
            let firsts: Vec<&str> = match queries {
                Some(list) => list.split(',').collect(),
                None => FIRST.to_vec(),
            };
            let page = Catalog { path: catalog.map_or("/catalog/", String::as_str), first_queries: &firsts };
            browser(&site, args.iter().any(|a| a == "--pagefind"), &page);
        }
        _ => eprintln!(
            "usage: search-bench index --root DIR | browser --site DIR [--pagefind] [--catalog PATH] [--queries A,B]"
        ),
    }
}

fn index(root: &Path, write_to: Option<&Path>) {
    let loaded = prospectus::load::load(root, &prospectus::load::LoadOptions::default());
    let options = prospectus::link::LinkOptions { drafts: false, build_date: prospectus::build_date() };
    let catalog = prospectus::link::link(loaded.site, loaded.broken, &options).expect("the catalog links");
    let theme = prospectus::render::theme::load(root, &catalog.config, &mut Sources::default()).expect("theme");
    let urls = Urls::new(&catalog.config);
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut files = Vec::new();
    for _ in 0..3 {
        let (started, cpu_started) = (Instant::now(), cpu_seconds());
        files = search::build(&catalog, &urls, theme.strings(&catalog.config.language));
        times.push(started.elapsed());
        cpu.push(cpu_seconds() - cpu_started);
    }
    times.sort();
    if let Some(out) = write_to {
        for file in &files {
            if let prospectus::render::Contents::Bytes(bytes) = &file.contents {
                let path = out.join(&file.path);
                std::fs::create_dir_all(path.parent().expect("a folder")).expect("create the folder");
                std::fs::write(path, bytes).expect("write an index file");
            }
        }
    }
    let bytes: usize = files
        .iter()
        .map(|f| match &f.contents {
            prospectus::render::Contents::Bytes(b) => b.len(),
            prospectus::render::Contents::Shared(text) => text.len(),
            prospectus::render::Contents::Copy(_) | prospectus::render::Contents::Previous(_) => 0,
        })
        .sum();
    println!(
        "{{\"index_ms\": {:.0}, \"index_cpu_ms\": {:.0}, \"index_files\": {}, \"index_bytes\": {bytes}, \"docs\": {}}}",
        times[1].as_secs_f64() * 1e3,
        median(cpu) * 1e3,
        files.len(),
        catalog.modules.len()
            + catalog.projects.len()
            + catalog.employers.len()
            + catalog.programmes.len()
            + catalog.role_ixs().filter(|&r| catalog[r].open).count()
    );
}

/// CPU time of this process so far (user + system, all threads), from `/proc/self/stat`; 0 elsewhere.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<f64> = after_name.split_whitespace().map(|f| f.parse().unwrap_or(0.0)).collect();
    // Fields 14 and 15 of the file (utime, stime) are 12 and 13 after the name, in clock ticks (100 Hz on Linux).
    (fields.get(11).unwrap_or(&0.0) + fields.get(12).unwrap_or(&0.0)) / 100.0
}

/// The bench page for Pagefind: its JS API, ten results' data, rendered with textContent.
const PAGEFIND_PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Pagefind bench</title>
<script type="module" src="/pagefind-bench.js"></script></head><body><input id="q"><ol id="results"></ol></body></html>"#;
const PAGEFIND_SCRIPT: &str = r#"import * as pagefind from "/pagefind/pagefind.js";
let run = 0;
window.pfQuery = async (q) => {
  const mine = ++run;
  const search = await pagefind.search(q);
  if (mine !== run || !search) return null;
  const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  if (mine !== run) return null;
  const list = document.getElementById("results");
  list.replaceChildren(...data.map((d) => { const li = document.createElement("li"); li.textContent = d.meta.title + " — " + d.excerpt.replace(/<[^>]+>/g, ""); return li; }));
  return search.results.length;
};
window.pfReady = true;
"#;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    if values.is_empty() { f64::NAN } else { values[values.len() / 2] }
}

fn percentile(mut values: Vec<f64>, p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    if values.is_empty() { f64::NAN } else { values[((values.len() - 1) as f64 * p).round() as usize] }
}

/// The catalog page a browser run measures, and the words of its first queries.
struct Catalog<'a> {
    /// `/catalog/`, or another language's (`/fr/catalog/`).
    path: &'a str,
    first_queries: &'a [&'a str],
}

fn browser(site: &Path, pagefind: bool, catalog: &Catalog) {
    // Another language's catalog reads the index beside it (`/fr/search/`).
    let index = format!("{}search/", catalog.path.trim_end_matches("catalog/"));
    let csp = if pagefind {
        server::CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")
    } else {
        server::CSP.to_owned()
    };
    if pagefind {
        std::fs::write(site.join("pagefind-bench.html"), PAGEFIND_PAGE).expect("write the bench page");
        std::fs::write(site.join("pagefind-bench.js"), PAGEFIND_SCRIPT).expect("write the bench script");
    }
    let server = Server::start_with_csp(site, &csp);
    let counted = |path: &str| {
        if pagefind { path.starts_with("/pagefind/") } else { path.starts_with(&index) || path.ends_with("/search.js") }
    };
    // Bytes of a first query, each in a fresh browser.
    let mut firsts = Vec::new();
    for query in catalog.first_queries {
        eprintln!("first query: {query}");
        let b = Browser::start(1280, 1000).unwrap_or_else(|e| panic!("{}", e.0));
        server.clear_log();
        let started = Instant::now();
        if pagefind {
            b.goto(&format!("{}/pagefind-bench.html", server.origin));
            b.wait_until("window.pfReady", "the bench page");
            let t0 = Instant::now();
            b.run_async(
                "arguments[0]; const done = arguments[arguments.length - 1]; pfQuery(arguments[0]).then(done);",
                json!([query]),
            );
            firsts.push(first_figures(&server, query, t0.elapsed(), &counted, t0 - started));
        } else {
            b.goto(&format!("{}{}", server.origin, catalog.path));
            b.wait_until("document.querySelector('#search-app:not([hidden])')", "search ready");
            let t0 = Instant::now();
            b.run_async(TYPE_AND_WAIT, json!([query]));
            firsts.push(first_figures(&server, query, t0.elapsed(), &counted, t0 - started));
        }
    }
    // Keystroke → results, after the first load.
    let b = Browser::start(1280, 1000).unwrap_or_else(|e| panic!("{}", e.0));
    let mut latencies = Vec::new();
    let mut painted = Vec::new();
    let mut timeouts = 0;
    if pagefind {
        b.goto(&format!("{}/pagefind-bench.html", server.origin));
        b.wait_until("window.pfReady", "the bench page");
        b.run_async("const done = arguments[arguments.length - 1]; pfQuery('model').then(done);", json!([]));
    } else {
        b.goto(&format!("{}{}", server.origin, catalog.path));
        b.wait_until("document.querySelector('#search-app:not([hidden])')", "search ready");
        b.run_async(TYPE_AND_WAIT, json!(["model"]));
    }
    for query in TYPED {
        for end in 1..=query.chars().count() {
            let prefix: String = query.chars().take(end).collect();
            let times = if pagefind {
                b.run_async(PAGEFIND_QUERY, json!([prefix]))
            } else {
                b.run_async(TYPE_AND_WAIT, json!([prefix]))
            };
            match (times["dom"].as_f64(), times["painted"].as_f64()) {
                (Some(dom), Some(paint)) => {
                    latencies.push(dom);
                    painted.push(paint);
                }
                _ => timeouts += 1,
            }
        }
    }
    let report = json!({
        "engine": if pagefind { "pagefind" } else { "prospectus" },
        "first_query": firsts,
        "first_query_bytes_median": median(firsts.iter().map(|f| f["bytes"].as_f64().unwrap_or(0.0)).collect()),
        "keystrokes": latencies.len(),
        "keystrokes_timed_out": timeouts,
        "keystroke_ms_median": median(latencies.clone()),
        "keystroke_ms_p90": percentile(latencies, 0.9),
        "keystroke_to_next_frame_ms_median": median(painted.clone()),
        "keystroke_to_next_frame_ms_p90": percentile(painted, 0.9),
    });
    println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
}

/// The start of an async script that resolves with `{dom, painted}` through `frame(t)`: milliseconds
/// since `t` until now (results in the DOM, counts included) and until the next frame has been
/// produced (style, layout and paint done).
macro_rules! next_frame {
    () => {
        "const done = arguments[arguments.length - 1];
const frame = (t) => { const dom = performance.now() - t; requestAnimationFrame(() => setTimeout(() => done({dom, painted: performance.now() - t}), 0)); };"
    };
}

/// Times one query with Pagefind's JS API (see [`next_frame`]).
const PAGEFIND_QUERY: &str =
    concat!(next_frame!(), "const t = performance.now(); pfQuery(arguments[0]).then(() => frame(t));");

/// Types a query into the catalog's box (one input event) and times its results (see [`next_frame`]).
const TYPE_AND_WAIT: &str = concat!(
    next_frame!(),
    "
const results = document.querySelector('.search-results');
const input = document.getElementById('catalog-search');
const t = performance.now();
const timer = setTimeout(() => { observer.disconnect(); done({}); }, 20000);
// The input event marks the results aria-busy; they are shown when it is cleared.
const observer = new MutationObserver(() => {
  if (results.getAttribute('aria-busy') === 'false') { observer.disconnect(); clearTimeout(timer); frame(t); }
});
observer.observe(results, { attributes: true, attributeFilter: ['aria-busy'] });
input.value = arguments[0];
input.dispatchEvent(new Event('input', { bubbles: true }));"
);

fn first_figures(
    server: &Server,
    query: &str,
    elapsed: Duration,
    counted: &dyn Fn(&str) -> bool,
    ready: Duration,
) -> Value {
    std::thread::sleep(Duration::from_millis(300)); // let late requests (facet counts) land in the log
    let log = server.logged();
    let files: Vec<(String, usize)> = log.iter().filter(|(p, _)| counted(p)).cloned().collect();
    let bytes: usize = files.iter().map(|(_, b)| b).sum();
    let facets: usize = files.iter().filter(|(p, _)| p.contains("/f-")).map(|(_, b)| b).sum();
    let page: usize =
        log.iter().filter(|(p, _)| p.ends_with("/catalog/") || p.ends_with(".html")).map(|(_, b)| b).sum();
    json!({
        "page_ready_ms": ready.as_secs_f64() * 1e3,
        "page_bytes": page,
        "query": query,
        "ms": elapsed.as_secs_f64() * 1e3,
        "bytes": bytes,
        "facet_bytes": facets,
        "requests": files.len(),
        "files": files.iter().map(|(p, b)| format!("{p} {b}")).collect::<Vec<_>>(),
    })
}
