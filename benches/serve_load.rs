//! A load test of `prospectus serve`, by hand: many browsers at once while the author edits.
//!
//! ```sh
//! cargo build --release
//! cargo run --release --example gen-catalog -- --modules 1000 --seed 42 --out /tmp/cat1k
//! cargo run --release --example serve-load -- /tmp/cat1k [--pages 200] [--streams 100] [--edits 20]
//! ```
//! It starts `target/release/prospectus serve` on a free loopback port and, at once:
//! `--pages` clients (threads) each fetching module pages, the home page and stylesheets
//! one after another over a keep-alive connection; `--streams` clients listening to the
//! live-reload stream like open tabs; and `--edits` edits of module bodies, one every
//! 500 ms. Page clients stop 2 s after the last edit has been served. It prints requests
//! per second, latency percentiles, every non-2xx answer and failed connection (the goal
//! is none), the reload events each tab saw, and the server's memory before the clients,
//! at the peak and 5 s after they all left. It stops by itself, restores every file it
//! edited and talks only to 127.0.0.1.

#[path = "common/serve.rs"]
mod serve;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};

use serve::Server;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: serve-load SITE_ROOT [--pages N] [--streams N] [--edits N]"));
    let (mut pages, mut streams, mut edits) = (200, 100, 20);
    while let (Some(flag), Some(value)) = (args.next(), args.next()) {
        let n: usize = value.parse().expect("a number");
        match flag.as_str() {
            "--pages" => pages = n,
            "--streams" => streams = n,
            "--edits" => edits = n,
            other => panic!("unknown option {other}"),
        }
    }
    let modules = module_ids(&root);
    let server = Server::start(&root, Duration::from_secs(600));
    println!("serving {} modules on port {}; baseline memory {}", modules.len(), server.port, server.rss_kib());
    let baseline = server.rss_kib();

    let tabs: Vec<Tab> = (0..streams).map(|_| Tab::open(server.port)).collect();
    println!("{} live-reload streams open", tabs.len());
    let stop = Arc::new(AtomicBool::new(false));
    let results = Arc::new(Mutex::new(Results::default()));
    let clients: Vec<_> = (0..pages)
        .map(|i| {
            let (stop, results, port) = (stop.clone(), results.clone(), server.port);
            let paths = paths_for(i, &modules);
            std::thread::spawn(move || fetch_until(port, &paths, &stop, &results))
        })
        .collect();
    let started = Instant::now();
    let edited = edit(&root, &modules, edits);
    std::thread::sleep(Duration::from_secs(2));
    stop.store(true, Ordering::Relaxed);
    let elapsed = started.elapsed();
    let peak = server.peak_kib();
    clients.into_iter().for_each(|c| c.join().expect("a page client"));
    let reloads: Vec<usize> = tabs.iter().map(Tab::reloads).collect();
    drop(tabs);
    restore(edited);
    std::thread::sleep(Duration::from_secs(5));
    let after = server.rss_kib();

    let results = results.lock().expect("the results");
    report(&results, elapsed, &reloads, edits);
    println!("memory: baseline {baseline} KiB, peak {peak} KiB, 5 s after the clients left {after} KiB");
    println!("server log (last lines):");
    server.log_tail(5).iter().for_each(|line| println!("  {line}"));
}

/// What the page clients saw.
#[derive(Default)]
struct Results {
    latencies: Vec<Duration>,
    /// Status codes other than 2xx, with a path that got each.
    bad: Vec<(u16, String)>,
    /// Connections that failed (refused, reset, timed out).
    failed: Vec<String>,
}

fn report(results: &Results, elapsed: Duration, reloads: &[usize], edits: usize) {
    let mut latencies = results.latencies.clone();
    latencies.sort();
    let at = |q: f64| latencies.get(((latencies.len() as f64 - 1.0) * q) as usize).copied().unwrap_or_default();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{} requests in {:.1} s: {:.0} requests/s; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0))
    );
    println!("non-2xx answers: {} {:?}", results.bad.len(), results.bad.iter().take(5).collect::<Vec<_>>());
    println!("failed connections: {} {:?}", results.failed.len(), results.failed.iter().take(5).collect::<Vec<_>>());
    let (min, max) = (reloads.iter().min().copied().unwrap_or(0), reloads.iter().max().copied().unwrap_or(0));
    println!("reload events per tab: min {min}, max {max} (for {edits} edits; edits close together may share one)");
}

/// The paths client `i` fetches in turn: module pages (a different slice per client), the home page, the CSS.
fn paths_for(i: usize, modules: &[String]) -> Vec<String> {
    let mut paths: Vec<String> =
        (0..20).map(|k| format!("/modules/{}/", modules[(i * 20 + k) % modules.len()])).collect();
    paths.extend(["/".to_owned(), "/style.css".to_owned(), "/catalog/".to_owned()]);
    paths
}

/// Fetches `paths` round and round over one keep-alive connection (a new one after an error) until `stop`.
fn fetch_until(port: u16, paths: &[String], stop: &AtomicBool, results: &Mutex<Results>) {
    let mut local = Results::default();
    let mut connection: Option<BufReader<TcpStream>> = None;
    for path in paths.iter().cycle() {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let reader = match connection.take() {
            Some(reader) => reader,
            None => match connect(port) {
                Ok(stream) => BufReader::new(stream),
                Err(e) => {
                    local.failed.push(format!("connect: {e}"));
                    std::thread::sleep(Duration::from_millis(100));
                    continue;
                }
            },
        };
        let sent = Instant::now();
        match get(reader, port, path) {
            Ok((status, reader)) => {
                local.latencies.push(sent.elapsed());
                if !(200..300).contains(&status) {
                    local.bad.push((status, path.clone()));
                }
                connection = Some(reader);
            }
            Err(e) => local.failed.push(format!("{path}: {e}")),
        }
    }
    let mut all = results.lock().expect("the results");
    all.latencies.extend(local.latencies);
    all.bad.extend(local.bad);
    all.failed.extend(local.failed);
}

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    Ok(stream)
}

/// One GET on a keep-alive connection: the status, and the connection ready for the next.
fn get(mut reader: BufReader<TcpStream>, port: u16, path: &str) -> std::io::Result<(u16, BufReader<TcpStream>)> {
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    reader.get_mut().write_all(request.as_bytes())?;
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::Error::other("closed mid-response"));
        }
        if line == "\r\n" {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok((status, reader))
}

/// A browser tab listening to the live-reload stream; counts the reload events it gets.
struct Tab {
    reloads: Arc<AtomicUsize>,
    stream: TcpStream,
}

impl Tab {
    fn open(port: u16) -> Tab {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect a tab");
        let request = format!("GET /__prospectus/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("subscribe");
        let reloads = Arc::new(AtomicUsize::new(0));
        let (count, (ready_tx, ready_rx)) = (reloads.clone(), channel());
        let reader = stream.try_clone().expect("clone the stream");
        std::thread::spawn(move || {
            for line in BufReader::new(reader).lines().map_while(Result::ok) {
                if line.starts_with("HTTP/1.1") {
                    let _ = ready_tx.send(line.starts_with("HTTP/1.1 200"));
                } else if line == "event: reload" {
                    count.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        assert!(ready_rx.recv_timeout(TIMEOUT).expect("the stream answered"), "a live-reload stream was refused");
        Tab { reloads, stream }
    }

    fn reloads(&self) -> usize {
        self.reloads.load(Ordering::Relaxed)
    }
}

impl Drop for Tab {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

/// Appends a line to a module's body `edits` times, 500 ms apart; returns the originals.
fn edit(root: &Path, modules: &[String], edits: usize) -> Vec<(PathBuf, String)> {
    let mut originals = Vec::new();
    for i in 0..edits {
        let path = root.join(format!("content/modules/{}.md", modules[i % modules.len()]));
        let text = std::fs::read_to_string(&path).expect("read a module");
        if i < modules.len() {
            originals.push((path.clone(), text.clone()));
        }
        std::fs::write(&path, format!("{text}\nEdit {i} of the load test.\n")).expect("edit a module");
        std::thread::sleep(Duration::from_millis(500));
    }
    originals
}

fn restore(originals: Vec<(PathBuf, String)>) {
    for (path, text) in originals {
        std::fs::write(path, text).expect("restore a module");
    }
}

fn module_ids(root: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root.join("content/modules"))
        .expect("list content/modules")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".md").map(str::to_owned))
        .collect();
    ids.sort();
    assert!(!ids.is_empty(), "no modules in {}", root.display());
    ids
}
