//! Measures `prospectus lsp`'s latency from an edit to its diagnostics, by hand:
//!
//! ```sh
//! cargo build --release
//! cargo run --release --example gen-catalog -- --modules 10000 --out /tmp/cat10k
//! cargo run --release --example lsp-latency -- /tmp/cat10k [--edits 21] [--binary PATH]
//! ```
//! It starts `target/release/prospectus lsp` on the site like an editor, times the first
//! load (every file read, linked, and every page through its template, as `check`), opens
//! the first module with prerequisites, then sends `didChange` edits that alternately make
//! its prerequisites one unknown id and put them back, and for each measures the time to
//! the `publishDiagnostics` of that file (the error, then its clearing). It prints the
//! median, the fastest and the slowest, the server's CPU time per edit (less sensitive to
//! a loaded machine than wall time) and the load average. Nothing is written to the site.

#[path = "../tests/common/lsp_client.rs"]
mod lsp_client;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_client::Client;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(args.first().expect("usage: lsp-latency SITE_ROOT [--edits N] [--binary PATH]"));
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1));
    let edits: usize = value("--edits").map_or(21, |n| n.parse().expect("--edits takes a number"));
    // Another build of the server (an A/B against main's), else this checkout's release build.
    let binary = value("--binary")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/prospectus"));
    let started = Instant::now();
    let mut client = Client::start(&binary, &root);
    client.settle();
    println!("first load and check: {:.2} s", started.elapsed().as_secs_f64());
    let (file, text, prerequisites) = module_with_prerequisites(&root);
    client.open(&file, &text);
    client.settle();
    let uri = client.uri(&file);
    let mut times = Vec::new();
    let cpu_before = cpu_seconds(client.pid());
    for edit in 0..edits {
        let edited = match edit % 2 {
            0 => text.replacen(&prerequisites, &format!("prerequisites: [no-such-module-{edit}]"), 1),
            _ => text.clone(),
        };
        let sent = Instant::now();
        client.change(&file, edit as i64 + 2, &edited);
        loop {
            let message = client.receive();
            if message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri.as_str() {
                break;
            }
        }
        times.push(sent.elapsed());
    }
    let cpu = cpu_seconds(client.pid()) - cpu_before;
    client.stop();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "didChange → publishDiagnostics over {edits} edits of {file}: median {:.0} ms (fastest {:.0} ms, slowest {:.0} ms)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
    println!("server CPU time (user + system, all threads): {:.0} ms per edit", cpu * 1000.0 / edits as f64);
    println!("load average: {}", std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim());
}

/// User and system CPU time of process `pid` so far, in seconds (Linux, 100 ticks a second).
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// The first module (by name) with prerequisites, as the generator writes them
/// (`prerequisites: [a, b]`): its path, its text and that line.
fn module_with_prerequisites(root: &Path) -> (String, String, String) {
    let mut modules: Vec<PathBuf> = std::fs::read_dir(root.join("content/modules"))
        .expect("content/modules")
        .map(|e| e.expect("an entry").path())
        .collect();
    modules.sort();
    modules
        .into_iter()
        .find_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let line = text.lines().find(|l| l.starts_with("prerequisites: [") && *l != "prerequisites: []")?;
            let name = path.file_name()?.to_str()?;
            Some((format!("content/modules/{name}"), text.clone(), line.to_owned()))
        })
        .expect("a module with prerequisites (`prerequisites: [a, b]`)")
}
