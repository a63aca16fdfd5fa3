//! `prospectus serve`: a live-reloading preview, rebuilt incrementally as files change.
//!
//! [`incremental`] keeps the pipeline's state between rebuilds; [`watch`] turns file
//! events into rebuild requests; [`http`] serves the last good site from memory, with
//! a server-sent-events channel that `live.js` listens to in the browser. Nothing is
//! written to disk: the published `public/` folder is never touched.

pub mod access;
pub mod connection;
pub mod http;
pub mod incremental;
pub mod problems;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use tokio::sync::watch as signal_watch;

use crate::diagnostics::{self, Format};
use crate::render::urls::SEARCH_FOLDER;
use crate::{Failure, Options};
use http::{LiveEvent, Shared, Snapshot};
use incremental::{Engine, Report, Strategy};

/// How many ports after the asked one are tried when it is in use.
const PORT_ATTEMPTS: u16 = 20;

/// What `prospectus serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder (holding `content/`).
    pub root: PathBuf,
    /// The address to listen on; loopback unless the user asked otherwise.
    pub bind: IpAddr,
    /// The port to listen on (the next free one if it is taken; `0` lets the system choose).
    pub port: u16,
    /// Publish drafts too.
    pub drafts: bool,
    /// Open the site in the browser once it is built.
    pub open: bool,
    /// Poll the files instead of relying on inotify.
    pub poll: bool,
    /// Host names the server answers to besides loopback and the bound address.
    pub allowed_hosts: Vec<String>,
    /// Colour the diagnostics printed in the terminal.
    pub color: bool,
    /// The URL template of the error view's links to a file (see [`problems::EditorUrl`]).
    pub editor_url: String,
}

/// Serves the site until Ctrl-C (or SIGTERM). `Err` says why it could not start.
pub fn run(options: ServeOptions) -> Result<(), String> {
    let (listener, address) = bind(options.bind, options.port)?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the preview{} \
             (they must name it as {} or a host given with --allowed-host)",
            options.bind,
            if options.drafts { ", drafts included" } else { "" },
            address,
        );
    }
    let origin = origin(address);
    let base_path = base_path(&options.root).unwrap_or_else(|| "/".to_owned());
    let engine_options = Options {
        root: options.root.clone(),
        drafts: options.drafts,
        base_url: Some(format!("{origin}{base_path}")),
        deny_warnings: false,
    };
    let mut engine = Engine::new(engine_options);
    eprintln!("building {} …", options.root.display());
    let first = engine.rebuild();
    let (stop, stopped) = signal_watch::channel(false);
    let access = access::Access::new(address, &options.allowed_hosts);
    let snapshot = Snapshot { outputs: None, base_path: base_path.clone(), problems: None };
    let shared = Shared::new(snapshot, stopped.clone(), access);
    let reader = crate::reader_base();
    let seen = crate::root_seen_from(&reader, &options.root);
    let editor = problems::EditorUrl::new(&options.editor_url, &reader);
    let mut state =
        LoopState { origin: origin.clone(), base_path: base_path.clone(), had_problems: false, seen, editor };
    state.publish(&shared, &engine, first, options.color, "built");
    let (batches, received) = std::sync::mpsc::channel();
    let watcher = watch::watch(&options.root, options.poll, batches)
        .map_err(|e| format!("cannot watch {}: {e} (try --poll)", options.root.display()))?;
    let loop_shared = shared.clone();
    let root = options.root.clone();
    let color = options.color;
    std::thread::spawn(move || rebuild_loop(engine, watcher, received, &loop_shared, state, &root, color));
    let url = format!("{origin}{base_path}");
    eprintln!("serving {url} (Ctrl-C to stop)");
    if options.open {
        open_browser(&url);
    }
    serve_until_stopped(listener, shared, stop, stopped)
}

fn serve_until_stopped(
    listener: TcpListener,
    shared: Arc<Shared>,
    stop: signal_watch::Sender<bool>,
    stopped: signal_watch::Receiver<bool>,
) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| format!("cannot listen: {e}"))?;
        tokio::spawn(stop_signal(stop));
        connection::serve(listener, http::router(shared), stopped).await;
        Ok::<(), String>(())
    })?;
    eprintln!("stopped");
    Ok(())
}

/// Waits for Ctrl-C or SIGTERM, then ends the live-reload streams so shutdown completes.
async fn stop_signal(stop: signal_watch::Sender<bool>) {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => drop(signal.recv().await),
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
    eprintln!("\nstopping …");
    let _ = stop.send(true);
}

/// Listens on `ip:port`, or on the next free port when it is taken (and says so).
fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), String> {
    let last = if port == 0 { 0 } else { port.saturating_add(PORT_ATTEMPTS) };
    for candidate in port..=last {
        match TcpListener::bind((ip, candidate)) {
            Ok(listener) => {
                let address = listener.local_addr().map_err(|e| format!("cannot listen: {e}"))?;
                listener.set_nonblocking(true).map_err(|e| format!("cannot listen: {e}"))?;
                if candidate != port {
                    eprintln!("port {port} is in use; using {candidate} instead");
                }
                return Ok((listener, address));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(format!("cannot listen on {ip}:{candidate}: {e}")),
        }
    }
    Err(format!("ports {port} to {last} on {ip} are all in use; pass --port to choose another"))
}

/// `http://127.0.0.1:1111` (brackets around IPv6 addresses).
fn origin(address: SocketAddr) -> String {
    match address.ip() {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}", address.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}", address.port()),
    }
}

/// The path of `site.yaml`'s `base_url` (`/` or `/catalogue/`), when it can be read.
fn base_path(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("content/site.yaml")).ok()?;
    let config = crate::config::parse(&text, "content/site.yaml", None).ok()?;
    Some(config.base_path().to_owned())
}

/// What the rebuild loop remembers between rebuilds.
struct LoopState {
    origin: String,
    base_path: String,
    had_problems: bool,
    /// The site root as seen from the working directory, before the diagnostics' paths.
    seen: String,
    /// Where the error view's links open a file.
    editor: problems::EditorUrl,
}

fn rebuild_loop(
    mut engine: Engine,
    mut watcher: watch::Watcher,
    batches: Receiver<watch::Batch>,
    shared: &Shared,
    mut state: LoopState,
    root: &Path,
    color: bool,
) {
    loop {
        // The search index a bodies-only rebuild left behind is updated once no change waits.
        let first = match engine.search_pending() {
            true => match batches.recv_timeout(Duration::ZERO) {
                Err(RecvTimeoutError::Timeout) => {
                    if let Some(report) = engine.update_search() {
                        state.publish(shared, &engine, Ok(report), color, "updated");
                    }
                    continue;
                }
                received => received.ok(),
            },
            false => batches.recv().ok(),
        };
        let Some(first) = first else { return };
        // Changes that arrived during the last rebuild join this one; `None` (events were
        // lost) makes the engine look at every file.
        let mut changed = first;
        while let Ok(batch) = batches.recv_timeout(Duration::ZERO) {
            changed = changed.zip(batch).map(|(mut all, more)| {
                all.extend(more);
                all
            });
        }
        watcher.watch_themes(root);
        if let Some(path) = base_path(root) {
            state.base_path = path;
        }
        engine.set_base_url(Some(format!("{}{}", state.origin, state.base_path)));
        let result = engine.rebuild_changed(changed.as_deref());
        state.publish(shared, &engine, result, color, "rebuilt");
    }
}

impl LoopState {
    /// Prints what a rebuild did, updates what is served and tells the browsers.
    fn publish(&mut self, shared: &Shared, engine: &Engine, result: Result<Report, Failure>, color: bool, verb: &str) {
        let outputs = engine.outputs().cloned();
        let base_path = self.base_path.clone();
        match result {
            Ok(mut report) => {
                let warnings = std::mem::take(&mut report.warnings).under(&self.seen);
                if !warnings.diagnostics.is_empty() {
                    eprint!("{}", diagnostics::render(&warnings.diagnostics, &warnings.sources, Format::Human, color));
                    eprintln!("warning: {}", diagnostics::summary(&warnings.diagnostics));
                }
                eprintln!("{}", describe(&report, verb));
                let mut events = Vec::new();
                if std::mem::take(&mut self.had_problems) {
                    events.push(LiveEvent::Fixed);
                }
                if let Some(event) = change_event(&report.changed, &base_path) {
                    events.push(event);
                }
                shared.publish(Snapshot { outputs, base_path, problems: None }, events);
            }
            Err(failure) => {
                let failure = failure.under(&self.seen);
                eprint!("{}", diagnostics::render(&failure.diagnostics, &failure.sources, Format::Human, color));
                let kept = if outputs.is_some() { "still serving the last good site" } else { "nothing to serve yet" };
                eprintln!("error: {}; {kept}", diagnostics::summary(&failure.diagnostics));
                let problems: Arc<str> = Arc::from(problems::payload(&failure, outputs.is_some(), &self.editor));
                self.had_problems = true;
                let event = LiveEvent::Problems(problems.clone());
                shared.publish(Snapshot { outputs, base_path, problems: Some(problems) }, vec![event]);
            }
        }
    }
}

/// A stylesheet swap when only CSS changed, a search event when only the search index did,
/// else a reload; nothing when no output changed.
fn change_event(changed: &[String], base_path: &str) -> Option<LiveEvent> {
    if changed.is_empty() {
        return None;
    }
    if changed.iter().all(|path| path.starts_with(SEARCH_FOLDER)) {
        return Some(LiveEvent::Search);
    }
    if changed.iter().all(|path| path.ends_with(".css")) {
        return Some(LiveEvent::Css(changed.iter().map(|path| format!("{base_path}{path}")).collect()));
    }
    Some(LiveEvent::Reload)
}

/// One line: how long, which way, what was parsed and rendered, what changed.
fn describe(report: &Report, verb: &str) -> String {
    let ms = report.duration.as_secs_f64() * 1e3;
    let how = match report.strategy {
        Strategy::Unchanged => "nothing changed",
        Strategy::BodiesOnly => "only bodies changed",
        Strategy::AssetsOnly => "only theme assets changed",
        Strategy::SearchIndex => "search index",
        Strategy::General => "relinked",
    };
    let mut line = format!("{verb} in {ms:.0} ms ({how})");
    if report.duration > Duration::from_millis(250) && !report.timings.is_empty() {
        let steps: Vec<String> =
            report.timings.iter().map(|(name, d)| format!("{name} {:.0} ms", d.as_secs_f64() * 1e3)).collect();
        line.push_str(&format!(" [{}]", steps.join(", ")));
    }
    match report.parsed.len() + report.removed.len() {
        0 => {}
        n if n > 8 => line.push_str(&format!("; read {n} files")),
        _ => line.push_str(&format!("; read {}", list(&report.parsed, &report.removed))),
    }
    let stats = report.render;
    if stats.pages_rendered + stats.pages_reused > 0 {
        let pages = plural(stats.pages_rendered, "page");
        line.push_str(&format!("; rendered {pages} ({} unchanged)", stats.pages_reused));
    }
    if stats.bodies_rendered > 0 {
        line.push_str(&format!(", {}", plural(stats.bodies_rendered, "Markdown body")));
    }
    match (report.changed.len(), report.strategy) {
        (0, Strategy::Unchanged) => {}
        (0, _) => line.push_str("; no output changed"),
        (n, _) => line.push_str(&format!("; {n} of {} files changed: {}", report.files, list(&report.changed, &[]))),
    }
    line
}

fn plural(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("1 {word}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

/// Up to four names, then how many more; removed files are marked.
fn list(names: &[String], removed: &[String]) -> String {
    let all: Vec<String> = names.iter().cloned().chain(removed.iter().map(|r| format!("{r} (removed)"))).collect();
    let shown: Vec<&str> = all.iter().take(4).map(String::as_str).collect();
    match all.len() {
        n if n > 4 => format!("{} and {} more", shown.join(", "), n - 4),
        _ => shown.join(", "),
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("note: could not start `{opener}`; open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::cache::RenderStats;

    #[test]
    fn css_only_changes_swap_stylesheets() {
        let event = change_event(&["style.css".to_owned()], "/docs/");
        assert!(matches!(event, Some(LiveEvent::Css(paths)) if paths == ["/docs/style.css"]));
        let event = change_event(&["style.css".to_owned(), "index.html".to_owned()], "/");
        assert!(matches!(event, Some(LiveEvent::Reload)));
        assert!(change_event(&[], "/").is_none());
    }

    #[test]
    fn search_index_only_changes_send_a_search_event() {
        let changed = ["search/manifest.bin".to_owned(), "search/ab12/terms-0.bin".to_owned()];
        assert!(matches!(change_event(&changed, "/"), Some(LiveEvent::Search)));
    }

    #[test]
    fn ipv6_origins_have_brackets() {
        let address: SocketAddr = "[::1]:1111".parse().unwrap();
        assert_eq!(origin(address), "http://[::1]:1111");
    }

    fn report(strategy: Strategy, render: RenderStats, changed: &[&str]) -> Report {
        Report {
            duration: Duration::from_millis(3),
            strategy,
            parsed: Vec::new(),
            removed: Vec::new(),
            render,
            changed: changed.iter().map(|p| p.to_string()).collect(),
            files: 104,
            timings: Vec::new(),
            warnings: Default::default(),
        }
    }

    #[test]
    fn a_rebuild_that_changed_nothing_says_only_that() {
        let line = describe(&report(Strategy::Unchanged, RenderStats::default(), &[]), "rebuilt");
        assert_eq!(line, "rebuilt in 3 ms (nothing changed)");
    }

    #[test]
    fn a_rebuild_whose_pages_rendered_alike_says_no_output_changed() {
        let render = RenderStats { pages_rendered: 2, pages_reused: 95, ..RenderStats::default() };
        let line = describe(&report(Strategy::General, render, &[]), "rebuilt");
        assert_eq!(line, "rebuilt in 3 ms (relinked); rendered 2 pages (95 unchanged); no output changed");
    }

    #[test]
    fn an_asset_swap_names_the_file_and_no_pages() {
        let line = describe(&report(Strategy::AssetsOnly, RenderStats::default(), &["style.css"]), "rebuilt");
        assert_eq!(line, "rebuilt in 3 ms (only theme assets changed); 1 of 104 files changed: style.css");
    }

    #[test]
    fn counts_are_pluralised() {
        assert_eq!(plural(1, "page"), "1 page");
        assert_eq!(plural(2, "Markdown body"), "2 Markdown bodies");
    }

    #[test]
    fn long_lists_are_cut() {
        let names: Vec<String> = (0..6).map(|i| i.to_string()).collect();
        assert_eq!(list(&names, &[]), "0, 1, 2, 3 and 2 more");
    }
}
