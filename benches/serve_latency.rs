//! Measures `prospectus serve`'s edit-to-reloaded-page latency on a catalog, by hand:
//!
//! ```sh
//! cargo build --release
//! cargo run --release --example gen-catalog -- --modules 10000 --out /tmp/cat10k
//! cargo run --release --example serve-latency -- /tmp/cat10k [--edits 15]
//! ```
//! It starts `target/release/prospectus serve` on a free port, listens to the live-reload
//! stream like a browser, and for each edit measures the time from writing the file to
//! having the reloaded page: the `reload` event arrives, then a GET returns the new text.
//! It first times `prospectus build` of the same site (same binary, same load), then
//! measures each kind of edit and prints its median: a module's body (the common case,
//! `--edits` times), a module's title (which appears on other pages, 3 times), the
//! stylesheet (a `style.css` override: the `css` event, then the new rule served), and three
//! templates (`project.html`, used by project pages, `module.html`, used by module pages,
//! and `base.html`, extended by every page; 3 times each, the first edit adding the override). It prints serve's memory after
//! the first build and at the end, and restores every file it edits.

#[path = "common/serve.rs"]
mod serve;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serve::{Server, binary};

const TIMEOUT: Duration = Duration::from_secs(600);

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: serve-latency SITE_ROOT [--edits N]"));
    let edits: usize = match (args.next().as_deref(), args.next()) {
        (Some("--edits"), Some(n)) => n.parse().expect("--edits takes a number"),
        _ => 15,
    };
    let slow_edits = 3.min(edits);
    let overrides = root.join("themes/default");
    if overrides.exists() {
        println!("the site has its own themes/default, which this benchmark would replace: remove it first");
        return;
    }
    println!("load before: {}", load_average());
    let build = full_build(&root);
    println!("full build (`prospectus build`, same binary): {:.1} s, peak RSS {} MiB", build.0, build.1 / 1024);
    let started = Instant::now();
    let mut server = Server::start(&root, TIMEOUT);
    println!("initial build and start: {:.1} s", started.elapsed().as_secs_f64());
    server.wait_for_update(0);
    println!("… and its search index: {:.1} s, serve memory {}", started.elapsed().as_secs_f64(), server.memory());
    let events = server.events();
    let module = first_module(&root);
    let id = module.file_stem().and_then(|s| s.to_str()).expect("a module file name").to_owned();
    let page = format!("/modules/{id}/");
    let original = std::fs::read_to_string(&module).expect("read the module");
    let stamp = || started.elapsed().as_nanos();

    let body: Vec<Sample> = (0..edits)
        .map(|i| {
            let marker = format!("bench-body-edit-{i}-{}", stamp());
            let text = format!("{original}\nEdited paragraph {marker}.\n");
            measure(&module, &text, &events, &server, &page, &marker, "reload")
        })
        .collect();
    report("module body edit", &body);

    let title: Vec<Sample> = (0..slow_edits)
        .map(|i| {
            let marker = format!("Bench title {i} {}", stamp());
            let text = original.replacen("title: ", &format!("title: {marker} "), 1);
            measure(&module, &text, &events, &server, &page, &marker, "reload")
        })
        .collect();
    report("module title edit", &title);
    restore(&module, &original, &events, &server);

    let css = overrides.join("static/style.css");
    std::fs::create_dir_all(css.parent().expect("a folder")).expect("create the theme folder");
    let stylesheet = include_str!("../themes/default/static/style.css");
    let css_times: Vec<Sample> = (0..edits)
        .map(|i| {
            let marker = format!("bench-css-{i}-{}", stamp());
            let text = format!("{stylesheet}\n.{marker} {{ color: red; }}\n");
            measure(&css, &text, &events, &server, "/style.css", &marker, "css")
        })
        .collect();
    report("stylesheet edit (style.css override)", &css_times);

    let templates = overrides.join("templates");
    std::fs::create_dir_all(&templates).expect("create the theme folder");
    // Each template gets the marker just before an anchor that `shown` (a page using it) renders.
    let project = pick_file(&root.join("content/projects"), "yaml");
    let project_page = format!("/projects/{}/", project.file_stem().and_then(|s| s.to_str()).expect("a project"));
    for (name, text, anchor, shown) in [
        (
            "project.html",
            include_str!("../themes/default/templates/project.html"),
            "{% endblock content %}",
            &project_page,
        ),
        ("module.html", include_str!("../themes/default/templates/module.html"), "{% endblock content %}", &page),
        ("base.html", include_str!("../themes/default/templates/base.html"), "</main>", &page),
    ] {
        let file = templates.join(name);
        let times: Vec<Sample> = (0..slow_edits)
            .map(|i| {
                let marker = format!("bench-template-{i}-{}", stamp());
                let edited = text.replacen(anchor, &format!("<!-- {marker} -->{anchor}"), 1);
                measure(&file, &edited, &events, &server, shown, &marker, "reload")
            })
            .collect();
        report(&format!("template edit ({name} override; the first edit adds it)"), &times);
    }
    println!("serve memory at the end: {}", server.memory());
    println!("load after: {}", load_average());
    std::fs::remove_dir_all(&overrides).expect("remove the overrides");
    server.stop();
    println!("\nserver log (last lines):");
    for line in server.log_tail(12) {
        println!("  {line}");
    }
}

/// Writes the original text back and waits for the rebuild it causes and its search index.
fn restore(file: &Path, original: &str, events: &Receiver<String>, server: &Server) {
    let updates = server.updates();
    std::fs::write(file, original).expect("restore the file");
    wait_for(events, "reload");
    server.wait_for_update(updates);
}

/// `prospectus build` of the same site into a temporary folder: wall seconds and peak RSS (KiB).
fn full_build(root: &Path) -> (f64, u64) {
    let out = std::env::temp_dir().join(format!("serve-latency-build-{}", std::process::id()));
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("maxrss %M")
        .arg(binary())
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .env("NO_COLOR", "1")
        .output()
        .expect("run /usr/bin/time prospectus build");
    let seconds = started.elapsed().as_secs_f64();
    assert!(output.status.success(), "the build failed: {}", String::from_utf8_lossy(&output.stderr));
    let _ = std::fs::remove_dir_all(&out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let rss = stderr.lines().find_map(|l| l.strip_prefix("maxrss ")).and_then(|n| n.trim().parse().ok()).unwrap_or(0);
    (seconds, rss)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes `text` to `file`, then waits for `event` (`reload`, or `css` for a stylesheet) and
/// for `page` showing `marker`.
fn measure(
    file: &Path,
    text: &str,
    events: &Receiver<String>,
    server: &Server,
    page: &str,
    marker: &str,
    event: &str,
) -> Sample {
    while events.try_recv().is_ok() {}
    let updates = server.updates();
    let started = Instant::now();
    std::fs::write(file, text).expect("write the file");
    wait_for(events, event);
    let body = server.get(page);
    let page_ms = started.elapsed().as_secs_f64() * 1e3;
    assert!(body.contains(marker), "the page does not show the edit");
    // Rebuilds that reload pages leave the search index for after: wait for it, as an author
    // pausing to read the page would, so the next edit starts from a settled server.
    let index_ms = (event == "reload").then(|| {
        server.wait_for_update(updates);
        started.elapsed().as_secs_f64() * 1e3
    });
    Sample { page_ms, index_ms }
}

/// One edit: time to the reloaded page, and to the search index being up to date.
struct Sample {
    page_ms: f64,
    index_ms: Option<f64>,
}

fn wait_for(events: &Receiver<String>, name: &str) {
    loop {
        match events.recv_timeout(TIMEOUT) {
            Ok(event) if event == name => return,
            Ok(_) => continue,
            Err(e) => panic!("no `{name}` event: {e}"),
        }
    }
}

fn report(what: &str, samples: &[Sample]) {
    let pages: Vec<f64> = samples.iter().map(|s| s.page_ms).collect();
    print_median(what, &pages);
    let indexes: Vec<f64> = samples.iter().filter_map(|s| s.index_ms).collect();
    if !indexes.is_empty() {
        print_median("  … and its search index up to date", &indexes);
    }
}

fn print_median(what: &str, samples: &[f64]) {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let shown: Vec<String> = samples.iter().map(|s| format!("{s:.0}")).collect();
    println!(
        "{what}: median {median:.0} ms, min {:.0}, max {:.0} over {} edits ({} ms)",
        sorted[0],
        sorted[sorted.len() - 1],
        samples.len(),
        shown.join(", ")
    );
}

fn first_module(root: &Path) -> PathBuf {
    pick_file(&root.join("content/modules"), "md")
}

/// The second file (by name) with this extension in `folder`.
fn pick_file(folder: &Path, extension: &str) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("list the folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files.into_iter().nth(1).expect("a file")
}

impl Server {
    fn events(&self) -> Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        let request = format!("GET /__prospectus/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", self.port);
        stream.write_all(request.as_bytes()).expect("subscribe");
        let (tx, rx) = channel();
        let (ready_tx, ready_rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if line.starts_with("HTTP/1.1 200") {
                    let _ = ready_tx.send(());
                }
                if let Some(name) = line.strip_prefix("event: ") {
                    let _ = tx.send(name.to_owned());
                }
            }
        });
        ready_rx.recv_timeout(TIMEOUT).expect("the event stream opened");
        rx
    }

    fn get(&self, path: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", self.port);
        stream.write_all(request.as_bytes()).expect("send");
        let mut body = String::new();
        stream.read_to_string(&mut body).expect("read");
        body
    }

    /// The server's resident memory now and at its peak (`VmRSS`, `VmHWM`).
    fn memory(&self) -> String {
        format!("{} kB (peak {} kB)", self.rss_kib(), self.peak_kib())
    }

    /// How many search index updates the server has reported.
    fn updates(&self) -> usize {
        self.lines_starting("updated in")
    }

    /// Waits until the server reports a search index update after the first `before`.
    fn wait_for_update(&self, before: usize) {
        let started = Instant::now();
        while self.updates() <= before {
            assert!(started.elapsed() < TIMEOUT, "no search index update");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
