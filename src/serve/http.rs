//! Serving the last good site from memory, with the live-reload channel.
//!
//! Only output files can be served: a request path is decoded, checked (no `..` or `.`
//! segment, backslash or NUL: 400) and looked up in the in-memory site; there is no
//! file system underneath to escape. HTML responses get the live-reload script
//! (`/__prospectus/live.js`, an external file for strict CSPs) before `</head>`; the
//! built site itself never contains it.
//!
//! Every request must name the server in its `Host` header ([`Access`]: 403 otherwise),
//! and the live-reload channel refuses cross-origin requests (403) and holds at most
//! [`MAX_LIVE_STREAMS`] streams at once (503 beyond).

use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, broadcast, watch};

use super::access::Access;
use super::incremental::Outputs;
use crate::render::urls::{NOT_FOUND_FILE, output_file_of};

/// Where the live-reload script is served.
pub const LIVE_JS_PATH: &str = "/__prospectus/live.js";
/// Where browsers listen for rebuilds.
pub const EVENTS_PATH: &str = "/__prospectus/events";
/// The longest request path served; longer ones get 400.
const MAX_PATH: usize = 2048;
/// The most live-reload streams open at once (one per open tab); more get 503.
pub const MAX_LIVE_STREAMS: usize = 128;
const LIVE_JS: &str = include_str!("live.js");
/// The error view's style sheet, `/__prospectus/live.css`.
pub const LIVE_CSS_PATH: &str = "/__prospectus/live.css";
const LIVE_CSS: &str = include_str!("live.css");
const SCRIPT_TAG: &str = "<script src=\"/__prospectus/live.js\" defer></script>";

/// What browsers are told after a rebuild.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// Reload the page.
    Reload,
    /// Only these stylesheets (URL paths) changed: swap them in place.
    Css(Vec<String>),
    /// Only the search index changed: pages that search reload, the others need nothing.
    Search,
    /// The content has errors: show them (JSON array of diagnostics).
    Problems(Arc<str>),
    /// The errors are fixed: remove the overlay.
    Fixed,
}

/// What the server shows now.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The last good site, if any build succeeded.
    pub outputs: Option<Outputs>,
    /// The base path the site is served under (`/` or `/catalogue/`).
    pub base_path: String,
    /// The current errors (JSON array), while the content has any.
    pub problems: Option<Arc<str>>,
}

/// State shared by the request handlers and the rebuild loop.
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    events: broadcast::Sender<LiveEvent>,
    shutdown: watch::Receiver<bool>,
    access: Access,
    live_streams: Arc<Semaphore>,
}

impl Shared {
    /// Shared state for a server answering to `access`; streams end when `shutdown` becomes true.
    pub fn new(snapshot: Snapshot, shutdown: watch::Receiver<bool>, access: Access) -> Arc<Self> {
        let (events, _) = broadcast::channel(64);
        let live_streams = Arc::new(Semaphore::new(MAX_LIVE_STREAMS));
        Arc::new(Self { snapshot: RwLock::new(Arc::new(snapshot)), events, shutdown, access, live_streams })
    }

    /// Replaces what is served and tells the browsers.
    pub fn publish(&self, snapshot: Snapshot, events: Vec<LiveEvent>) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
        for event in events {
            // No browser listening is not an error.
            let _ = self.events.send(event);
        }
    }

    /// What is served now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The routes: the live-reload script and channel, and the site for every other path.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(LIVE_JS_PATH, get(live_js))
        .route(LIVE_CSS_PATH, get(live_css))
        .route(EVENTS_PATH, get(events))
        .fallback(site)
        .layer(middleware::from_fn_with_state(shared.clone(), check_host))
        .with_state(shared)
}

/// Refuses requests that do not name this server (see [`Access`]).
async fn check_host(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|v| v.to_str().ok());
    if shared.access.allows_host(host) {
        return next.run(request).await;
    }
    let text = format!(
        "forbidden: this preview answers only to {}; the Host header named {}. \
         To reach it under another name, start `prospectus serve` with `--allowed-host NAME`.\n",
        shared.access.describe(),
        host.map_or_else(|| "nothing".to_owned(), |h| format!("`{h}`")),
    );
    plain(StatusCode::FORBIDDEN, text)
}

async fn live_js() -> Response {
    own_file(LIVE_JS, "text/javascript; charset=utf-8")
}

async fn live_css() -> Response {
    own_file(LIVE_CSS, "text/css; charset=utf-8")
}

/// One of serve's own files (never part of the site).
fn own_file(text: &'static str, content_type: &'static str) -> Response {
    let mut response = Body::from(text).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

async fn events(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let origin = headers.get(header::ORIGIN).map(|v| v.to_str().unwrap_or("?"));
    if !shared.access.allows_origin(origin) {
        let text = "forbidden: the live-reload channel is only for pages of this preview, not other sites\n";
        return plain(StatusCode::FORBIDDEN, text);
    }
    let Ok(permit) = shared.live_streams.clone().try_acquire_owned() else {
        let text = format!(
            "service unavailable: {MAX_LIVE_STREAMS} live-reload connections are open already \
             (one per open tab); close some tabs of the preview and reload\n"
        );
        return plain(StatusCode::SERVICE_UNAVAILABLE, text);
    };
    live_stream(&shared, permit).into_response()
}

/// The events of one browser tab; it holds `permit` while it is open.
fn live_stream(
    shared: &Shared,
    permit: OwnedSemaphorePermit,
) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    let receiver = shared.events.subscribe();
    // A tab opened while the content is broken sees the problems at once.
    let first = shared.snapshot().problems.clone().map(LiveEvent::Problems);
    let state = (receiver, shared.shutdown.clone(), first, permit);
    let stream = futures_util::stream::unfold(state, |(mut receiver, mut shutdown, first, permit)| async move {
        if let Some(event) = first {
            return Some((Ok(sse_event(&event)), (receiver, shutdown, None, permit)));
        }
        let event = tokio::select! {
            received = receiver.recv() => match received {
                Ok(event) => event,
                Err(broadcast::error::RecvError::Lagged(_)) => LiveEvent::Reload,
                Err(broadcast::error::RecvError::Closed) => return None,
            },
            _ = shutdown.wait_for(|stop| *stop) => return None,
        };
        Some((Ok(sse_event(&event)), (receiver, shutdown, None, permit)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn sse_event(event: &LiveEvent) -> Event {
    match event {
        LiveEvent::Reload => Event::default().event("reload").data("reload"),
        LiveEvent::Search => Event::default().event("search").data("search"),
        LiveEvent::Css(paths) => {
            Event::default().event("css").data(serde_json::to_string(paths).unwrap_or_else(|_| "[]".to_owned()))
        }
        LiveEvent::Problems(json) => Event::default().event("problems").data(json.replace('\n', " ")),
        LiveEvent::Fixed => Event::default().event("fixed").data("fixed"),
    }
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// The output file with this key.
    File(String),
    /// A folder asked for without its `/`, or the base path without it.
    Redirect(String),
    /// No such file.
    NotFound,
    /// A path no file can have: `..`, `.`, backslash, NUL, invalid encoding, too long.
    BadRequest,
}

/// Maps a raw request path to an output file of the site served under `base_path`.
pub fn resolve(raw: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    if raw.len() > MAX_PATH || !raw.starts_with('/') {
        return Resolved::BadRequest;
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return Resolved::BadRequest;
    };
    if decoded.contains(['\\', '\0']) || decoded.split('/').any(|segment| segment == ".." || segment == ".") {
        return Resolved::BadRequest;
    }
    let Some(rest) = decoded.strip_prefix(base_path) else {
        return match format!("{decoded}/") == base_path {
            true => Resolved::Redirect(base_path.to_owned()),
            false => Resolved::NotFound,
        };
    };
    if rest.starts_with('/') || rest.contains("//") {
        return Resolved::NotFound;
    }
    let key = output_file_of(rest);
    if exists(&key) {
        Resolved::File(key)
    } else if !rest.is_empty() && !rest.ends_with('/') && exists(&output_file_of(&format!("{rest}/"))) {
        Resolved::Redirect(format!("{raw}/"))
    } else {
        Resolved::NotFound
    }
}

async fn site(State(shared): State<Arc<Shared>>, method: Method, headers: HeaderMap, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let snapshot = shared.snapshot();
    let Some(outputs) = &snapshot.outputs else { return no_site_yet(&snapshot) };
    let head = method == Method::HEAD;
    match resolve(uri.path(), &snapshot.base_path, |key| outputs.contains_key(key)) {
        Resolved::File(key) => file(StatusCode::OK, &key, &outputs[&key], &headers, head),
        Resolved::Redirect(location) => redirect(&location, uri.query()),
        Resolved::BadRequest => plain(StatusCode::BAD_REQUEST, "bad request: this path cannot name a file\n"),
        Resolved::NotFound => match outputs.get(NOT_FOUND_FILE) {
            Some(page) => file(StatusCode::NOT_FOUND, NOT_FOUND_FILE, page, &headers, head),
            None => plain(StatusCode::NOT_FOUND, "not found\n"),
        },
    }
}

/// A file of the site, with its content type, ETag and (for HTML) the live-reload script.
fn file(status: StatusCode, key: &str, bytes: &Bytes, request: &HeaderMap, head: bool) -> Response {
    let kind = content_type(key);
    let body = if kind.starts_with("text/html") { inject(bytes) } else { bytes.clone() };
    let etag = etag(&body);
    let mut response = if status == StatusCode::OK && matches(request, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let length = body.len();
        let mut response = Response::new(if head { Body::empty() } else { Body::from(body) });
        *response.status_mut() = status;
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
        response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        response
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// Adds the live-reload script before `</head>` (or at the end when there is none).
fn inject(html: &Bytes) -> Bytes {
    let at = find_head_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    Bytes::from(out)
}

/// Where `</head>` starts, in any letter case.
fn find_head_end(html: &[u8]) -> Option<usize> {
    html.windows(7).position(|w| w.eq_ignore_ascii_case(b"</head>"))
}

fn etag(body: &[u8]) -> String {
    format!("\"{:016x}\"", crate::hash::hash_of(body))
}

/// Whether `If-None-Match` names this ETag (or `*`).
fn matches(request: &HeaderMap, etag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|value| value.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag))
}

fn redirect(location: &str, query: Option<&str>) -> Response {
    let target = match query {
        Some(query) => format!("{location}?{query}"),
        None => location.to_owned(),
    };
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(value) = HeaderValue::from_str(&target) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// A short answer (or a refusal's explanation) in plain text.
fn plain(status: StatusCode, text: impl Into<String>) -> Response {
    let mut response = (status, text.into()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

/// Before the first good build: the error view (drawn by live.js from the problems embedded
/// as data), which reloads into the site once the errors are fixed. Without JavaScript the
/// page still says what is wrong, as the terminal does.
fn no_site_yet(snapshot: &Snapshot) -> Response {
    let problems = snapshot.problems.as_deref().unwrap_or("{\"site\":false,\"problems\":[]}");
    let texts: Vec<String> = serde_json::from_str::<serde_json::Value>(problems)
        .ok()
        .and_then(|v| v["problems"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|p| p["text"].as_str().map(crate::escape::html))
        .collect();
    let data = crate::escape::script_json(problems);
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Build failed · prospectus serve</title>\
         <link rel=\"stylesheet\" href=\"{LIVE_CSS_PATH}\">\
         <script type=\"application/json\" id=\"prospectus-problems-data\">{data}</script></head>\
         <body class=\"prospectus-no-site\"><noscript><h1>The content has errors: no good build yet</h1>\
         <pre>{}</pre></noscript></body></html>",
        texts.join("\n\n")
    );
    let body = inject(&Bytes::from(html));
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    response
}

/// The content type of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str) -> bool {
        ["index.html", "modules/nlp/index.html", "style.css", "files/a b.txt"].contains(&key)
    }

    #[test]
    fn folders_serve_their_index_and_files_themselves() {
        assert_eq!(resolve("/", "/", site), Resolved::File("index.html".into()));
        assert_eq!(resolve("/modules/nlp/", "/", site), Resolved::File("modules/nlp/index.html".into()));
        assert_eq!(resolve("/style.css", "/", site), Resolved::File("style.css".into()));
        assert_eq!(resolve("/files/a%20b.txt", "/", site), Resolved::File("files/a b.txt".into()));
    }

    #[test]
    fn a_folder_without_its_slash_redirects() {
        assert_eq!(resolve("/modules/nlp", "/", site), Resolved::Redirect("/modules/nlp/".into()));
        assert_eq!(resolve("/docs", "/docs/", site), Resolved::Redirect("/docs/".into()));
    }

    #[test]
    fn paths_outside_the_base_path_are_not_found() {
        assert_eq!(resolve("/style.css", "/docs/", site), Resolved::NotFound);
        assert_eq!(resolve("/docs/style.css", "/docs/", site), Resolved::File("style.css".into()));
    }

    #[test]
    fn traversal_backslashes_and_nul_are_bad_requests() {
        for path in ["/../Cargo.toml", "/%2e%2e/x", "/a/%2E%2E/b", "/..%5cx", "/a\\b", "/%00", "/./index.html", "x"] {
            assert_eq!(resolve(path, "/", site), Resolved::BadRequest, "{path}");
        }
        assert_eq!(resolve(&format!("/{}", "a".repeat(3000)), "/", site), Resolved::BadRequest);
        assert_eq!(resolve("/%ff", "/", site), Resolved::BadRequest);
    }

    #[test]
    fn empty_segments_are_not_found() {
        assert_eq!(resolve("//etc/passwd", "/", site), Resolved::NotFound);
        assert_eq!(resolve("/modules//nlp/", "/", site), Resolved::NotFound);
    }

    #[test]
    fn the_script_goes_before_the_end_of_head() {
        let html = Bytes::from_static(b"<html><head><title>x</title></HEAD><body></body></html>");
        let out = String::from_utf8(inject(&html).to_vec()).unwrap();
        assert!(out.contains("<title>x</title><script src=\"/__prospectus/live.js\" defer></script></HEAD>"), "{out}");
    }

    #[test]
    fn if_none_match_accepts_lists_weak_tags_and_star() {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"a\", W/\"b\""));
        assert!(matches(&headers, "\"b\""));
        assert!(!matches(&headers, "\"c\""));
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(matches(&headers, "\"c\""));
    }
}
