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
//! Three kinds of edit: a module's body (the common case), a module's title (which
//! appears on other pages), and a template (every page). It restores every file it edits.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(600);

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: serve-latency SITE_ROOT [--edits N]"));
    let edits: usize = match (args.next().as_deref(), args.next()) {
        (Some("--edits"), Some(n)) => n.parse().expect("--edits takes a number"),
        _ => 15,
    };
    let started = Instant::now();
    let mut server = Server::start(&root);
    println!("initial build and start: {:.1} s", started.elapsed().as_secs_f64());
    let events = server.events();
    let module = first_module(&root);
    let id = module.file_stem().and_then(|s| s.to_str()).expect("a module file name").to_owned();
    let page = format!("/modules/{id}/");
    let original = std::fs::read_to_string(&module).expect("read the module");

    let body: Vec<f64> = (0..edits)
        .map(|i| {
            let marker = format!("bench-body-edit-{i}-{}", started.elapsed().as_nanos());
            let text = format!("{original}\nEdited paragraph {marker}.\n");
            measure(&module, &text, &events, &server, &page, &marker)
        })
        .collect();
    report("module body edit", &body);

    let title: Vec<f64> = (0..3.min(edits))
        .map(|i| {
            let marker = format!("Bench title {i} {}", started.elapsed().as_nanos());
            let text = original.replacen("title: ", &format!("title: {marker} "), 1);
            measure(&module, &text, &events, &server, &page, &marker)
        })
        .collect();
    report("module title edit", &title);
    std::fs::write(&module, &original).expect("restore the module");
    wait_for(&events, "reload");

    let base = root.join("themes/default/templates/base.html");
    if base.exists() {
        println!("template change: skipped (the site has its own base.html, which this benchmark would replace)");
    } else {
        let marker = format!("bench-template-{}", started.elapsed().as_nanos());
        let text = include_str!("../themes/default/templates/base.html")
            .replace("<main ", &format!("<main data-bench=\"{marker}\" "));
        std::fs::create_dir_all(base.parent().expect("a folder")).expect("create the theme folder");
        let template_time = measure(&base, &text, &events, &server, &page, &marker);
        report("template change (base.html override added)", &[template_time]);
        std::fs::remove_file(&base).expect("remove the override");
        wait_for(&events, "reload");
    }
    server.stop();
    println!("\nserver log (last lines):");
    for line in server.log_tail(8) {
        println!("  {line}");
    }
}

/// Writes `text` to `file`, then waits for the reload event and the page showing `marker`.
fn measure(file: &Path, text: &str, events: &Receiver<String>, server: &Server, page: &str, marker: &str) -> f64 {
    while events.try_recv().is_ok() {}
    let started = Instant::now();
    std::fs::write(file, text).expect("write the file");
    wait_for(events, "reload");
    let body = server.get(page);
    let elapsed = started.elapsed().as_secs_f64() * 1e3;
    assert!(body.contains(marker), "the page does not show the edit");
    elapsed
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

fn report(what: &str, samples: &[f64]) {
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
    let mut modules: Vec<PathBuf> = std::fs::read_dir(root.join("content/modules"))
        .expect("list content/modules")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    modules.sort();
    modules.into_iter().nth(1).expect("a module")
}

struct Server {
    child: Child,
    port: u16,
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/prospectus");
        let mut child = Command::new(binary)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start target/release/prospectus (run `cargo build --release` first)");
        let stderr = child.stderr.take().expect("piped stderr");
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (port_tx, port_rx) = channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
                    let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    let _ = port_tx.send(port.parse::<u16>().expect("a port"));
                }
                sink.lock().expect("the log").push(line);
            }
        });
        let port = port_rx.recv_timeout(TIMEOUT).expect("the server printed its URL");
        Server { child, port, log }
    }

    fn events(&self) -> Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.write_all(b"GET /__prospectus/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("subscribe");
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
        let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("send");
        let mut body = String::new();
        stream.read_to_string(&mut body).expect("read");
        body
    }

    fn log_tail(&self, n: usize) -> Vec<String> {
        let log = self.log.lock().expect("the log");
        log.iter().rev().take(n).rev().cloned().collect()
    }

    fn stop(&mut self) {
        let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}
