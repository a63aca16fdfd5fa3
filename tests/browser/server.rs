//! A static file server on localhost for browser tests and benchmarks: serves
//! a built site under a strict Content-Security-Policy and counts the bytes
//! of every response body.
//!
//! Shared by `tests/browser.rs` and `benches/search_bench.rs` (via `#[path]`).

#![allow(dead_code)] // Each includer uses its own part.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The policy every response carries: no inline script or style, no eval, no WebAssembly.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                       connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// A running server; it stops with the process.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    /// Every response served: path and body bytes.
    pub log: Arc<Mutex<Vec<(String, usize)>>>,
}

impl Server {
    /// Serves `root` on a free port under [`CSP`].
    pub fn start(root: &Path) -> Server {
        Server::start_with_csp(root, CSP)
    }

    /// Serves `root` on a free port with the Content-Security-Policy `csp`.
    pub fn start_with_csp(root: &Path, csp: &str) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let origin = format!("http://{}", listener.local_addr().expect("local address"));
        let log: Arc<Mutex<Vec<(String, usize)>>> = Arc::default();
        let root = root.to_owned();
        let shared = Arc::clone(&log);
        let csp: Arc<str> = Arc::from(csp);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, log, csp) = (root.clone(), Arc::clone(&shared), Arc::clone(&csp));
                std::thread::spawn(move || {
                    let _ = serve(stream, &root, &log, &csp);
                });
            }
        });
        Server { origin, log }
    }

    /// Forgets the responses logged so far.
    pub fn clear_log(&self) {
        self.log.lock().map(|mut l| l.clear()).unwrap_or_default();
    }

    /// The responses logged so far.
    pub fn logged(&self) -> Vec<(String, usize)> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    if path.split('/').any(|segment| segment == "..") {
        return None;
    }
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn serve(stream: TcpStream, root: &Path, log: &Mutex<Vec<(String, usize)>>, csp: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let target = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut stream = stream;
    let (status, body, kind) = match resolve(root, &target) {
        Some(file) => ("200 OK", std::fs::read(&file)?, content_type(&file)),
        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nContent-Security-Policy: {csp}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    if let Ok(mut log) = log.lock() {
        log.push((target, body.len()));
    }
    Ok(())
}
