//! `prospectus serve` as the serve benchmarks drive it (`serve_latency.rs`, `serve_load.rs`
//! include this file): the release binary on a free loopback port, its terminal lines
//! collected, its memory read from `/proc`, stopped with Ctrl-C when dropped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running `prospectus serve`.
pub struct Server {
    child: Child,
    /// The port it listens on.
    pub port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `target/release/prospectus serve` on the site at `root` and waits, at most
    /// `timeout` (the first build of a large catalog), until it prints its URL.
    pub fn start(root: &Path, timeout: Duration) -> Server {
        let mut child = Command::new(binary())
            .args(["serve", "--port", "0", "--bind", "127.0.0.1", "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start target/release/prospectus (run `cargo build --release` first)");
        let stderr = child.stderr.take().expect("piped stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
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
        let port = port_rx.recv_timeout(timeout).expect("the server printed its URL");
        Server { child, port, log }
    }

    /// Resident memory now (`VmRSS`), in KiB.
    pub fn rss_kib(&self) -> u64 {
        self.status_kib("VmRSS:")
    }

    /// Resident memory at its peak (`VmHWM`), in KiB.
    pub fn peak_kib(&self) -> u64 {
        self.status_kib("VmHWM:")
    }

    fn status_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let value = status.lines().find_map(|l| l.strip_prefix(field)).unwrap_or("0 kB");
        value.trim().trim_end_matches(" kB").trim().parse().unwrap_or(0)
    }

    /// How many of the lines the server printed so far start with `prefix`.
    #[allow(dead_code, reason = "each benchmark is a crate of its own, and serve_load.rs counts no lines")]
    pub fn lines_starting(&self, prefix: &str) -> usize {
        self.log.lock().expect("the log").iter().filter(|line| line.starts_with(prefix)).count()
    }

    /// The last `n` lines the server printed.
    pub fn log_tail(&self, n: usize) -> Vec<String> {
        let log = self.log.lock().expect("the log");
        log.iter().rev().take(n).rev().cloned().collect()
    }

    /// Stops the server as Ctrl-C would, and waits for it to exit (once: an exited
    /// server's process id may belong to another process by now).
    pub fn stop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
            let _ = self.child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The release binary the benchmarks run.
pub fn binary() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/prospectus")
}
