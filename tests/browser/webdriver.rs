//! A small WebDriver client over `std::net`, enough to drive headless Chromium
//! through `chromedriver`: sessions, navigation, elements, keys and scripts.
//!
//! WebDriver is JSON over HTTP/1.1 on localhost, so a few hundred lines of std
//! replace an async client and its runtime (and their ~80 crates).
//! Shared by `tests/browser.rs`, `tests/live_reload.rs` and `benches/search_bench.rs` (via `#[path]`).

#![allow(dead_code)] // Each includer uses its own part.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Why a browser could not be started: the tests print it and skip (or fail in CI).
#[derive(Debug)]
pub struct Unavailable(pub String);

/// The key codes of the WebDriver spec that the tests use.
pub mod keys {
    /// Tab.
    pub const TAB: &str = "\u{E004}";
    /// Enter.
    pub const ENTER: &str = "\u{E007}";
    /// Shift (held until released by a second press in the same `keys` call).
    pub const SHIFT: &str = "\u{E008}";
    /// Space.
    pub const SPACE: &str = " ";
    /// Backspace.
    pub const BACKSPACE: &str = "\u{E003}";
    /// Escape.
    pub const ESCAPE: &str = "\u{E00C}";
}

/// Finds a program: an environment variable naming it, or the first of `names` on `PATH` or as an absolute path.
fn find_program(variable: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in names {
        let candidate = PathBuf::from(name);
        if candidate.is_absolute() {
            if candidate.is_file() {
                return Some(candidate);
            }
            continue;
        }
        for dir in std::env::split_paths(&path) {
            let full = dir.join(name);
            if full.is_file() {
                return Some(full);
            }
        }
    }
    None
}

/// A headless Chromium session driven through its own `chromedriver`.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(9515)
}

impl Browser {
    /// Starts chromedriver and a headless Chromium window of `width`×`height`.
    ///
    /// Tries three times: on a loaded machine chromedriver can lose its port to another
    /// process between [`free_port`] and its bind, or exit before Chromium answers.
    pub fn start(width: u32, height: u32) -> Result<Browser, Unavailable> {
        let driver = find_program("CHROMEDRIVER", &["chromedriver", "/usr/lib/chromium/chromedriver"])
            .ok_or_else(|| Unavailable("chromedriver not found (Debian: apt-get install chromium-driver)".into()))?;
        let chrome = find_program(
            "CHROME_BIN",
            &["/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"],
        )
        .ok_or_else(|| Unavailable("Chromium not found (Debian: apt-get install chromium)".into()))?;
        let mut failures = Vec::new();
        for _ in 0..3 {
            match Browser::try_start(&driver, &chrome, width, height) {
                Ok(browser) => return Ok(browser),
                Err(why) => failures.push(why.0),
            }
        }
        Err(Unavailable(failures.join("; then ")))
    }

    fn try_start(driver: &PathBuf, chrome: &PathBuf, width: u32, height: u32) -> Result<Browser, Unavailable> {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Unavailable(format!("cannot run {}: {e}", driver.display())))?;
        let mut browser = Browser { driver: child, port, session: String::new() };
        browser.wait_until_ready()?;
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "timeouts": {"script": 120_000, "pageLoad": 300_000},
            "goog:chromeOptions": {
                "binary": chrome,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--no-first-run", "--disable-dev-shm-usage", "--disable-extensions",
                         format!("--window-size={width},{height}")],
            },
        }}});
        let session = browser.call("POST", "/session", Some(capabilities)).map_err(Unavailable)?;
        browser.session =
            session["sessionId"].as_str().ok_or_else(|| Unavailable(format!("no session id in {session}")))?.to_owned();
        Ok(browser)
    }

    /// Waits until this chromedriver (not whatever else took the port) says it is ready.
    fn wait_until_ready(&mut self) -> Result<(), Unavailable> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.driver.try_wait() {
                return Err(Unavailable(format!("chromedriver exited ({status}) before it was ready")));
            }
            if self.call("GET", "/status", None).is_ok_and(|v| v["ready"].as_bool() == Some(true)) {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(30) {
                return Err(Unavailable("chromedriver was not ready within 30 s".into()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// [`Browser::start`], or `None` (having said why) when Chromium is missing outside CI;
    /// in CI (`CI=true`) a missing browser is a failure.
    pub fn start_or_skip(width: u32, height: u32) -> Option<Browser> {
        match Browser::start(width, height) {
            Ok(browser) => Some(browser),
            Err(why) if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") => {
                panic!("CI must run the browser tests, but: {}", why.0)
            }
            Err(why) => {
                eprintln!("SKIPPED browser test: {} (install chromium and chromium-driver to run it)", why.0);
                None
            }
        }
    }

    /// One WebDriver command; the `value` of its answer, or the error's message.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream.set_read_timeout(Some(Duration::from_secs(120))).map_err(|e| e.to_string())?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        );
        stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
        // chromedriver may keep the connection open: read the head, then exactly the body.
        let mut response = Vec::new();
        let mut buffer = [0u8; 16384];
        let split = loop {
            if let Some(split) = response.windows(4).position(|w| w == b"\r\n\r\n") {
                break split;
            }
            let n = stream.read(&mut buffer).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("connection closed before the HTTP header".into());
            }
            response.extend_from_slice(&buffer[..n]);
        };
        let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
        let mut payload = response[split + 4..].to_vec();
        let length =
            head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
        let chunked = head.contains("transfer-encoding: chunked");
        loop {
            let complete = match length {
                Some(length) => payload.len() >= length,
                None if chunked => payload.ends_with(b"0\r\n\r\n"),
                None => false,
            };
            if complete {
                break;
            }
            let n = stream.read(&mut buffer).map_err(|e| e.to_string())?;
            if n == 0 {
                break;
            }
            payload.extend_from_slice(&buffer[..n]);
        }
        if chunked {
            payload = dechunk(&payload);
        }
        let value: Value = serde_json::from_slice(&payload).map_err(|e| format!("{e}: {head}"))?;
        let value = value.get("value").cloned().unwrap_or(Value::Null);
        if let Some(error) = value.get("error").and_then(Value::as_str) {
            let message = value.get("message").and_then(Value::as_str).unwrap_or_default();
            return Err(format!("{error}: {message}"));
        }
        Ok(value)
    }

    fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        self.call(method, &path, body).unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    /// Lays pages out as a phone `width`×`height` CSS pixels would (a headless window cannot be
    /// narrower than 500 px): Chromium's device emulation, with the page's meta viewport honoured.
    pub fn emulate_phone(&self, width: u32, height: u32) {
        let metrics = json!({"width": width, "height": height, "deviceScaleFactor": 0, "mobile": true});
        let body = json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": metrics});
        self.session_call("POST", "/goog/cdp/execute", Some(body));
    }

    /// Renders pages as in the `scheme` colour scheme (`"light"` or `"dark"`), as a system
    /// setting would (`prefers-color-scheme`).
    pub fn emulate_color_scheme(&self, scheme: &str) {
        let features = json!([{"name": "prefers-color-scheme", "value": scheme}]);
        let body = json!({"cmd": "Emulation.setEmulatedMedia", "params": {"features": features}});
        self.session_call("POST", "/goog/cdp/execute", Some(body));
    }

    /// The WCAG violations axe-core finds in the elements matching `css` (their ids and the
    /// nodes' selectors), or `None` when axe-core is not installed (`AXE_CORE`, the path of
    /// `axe.min.js`; `.ci/run` installs it, and CI fails without it).
    pub fn axe_violations(&self, css: &str) -> Option<Vec<String>> {
        let Some(source) = std::env::var_os("AXE_CORE").and_then(|p| std::fs::read_to_string(p).ok()) else {
            assert!(std::env::var_os("CI").is_none(), "AXE_CORE is not set: CI must install axe-core (see .ci/run)");
            eprintln!("SKIPPED axe: AXE_CORE is not set (see .ci/run)");
            return None;
        };
        self.run(&source, json!([]));
        let script = "const done = arguments[arguments.length - 1]; \
            axe.run(document.querySelector(arguments[0]), {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}) \
              .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))), \
                    e => done(['axe failed: ' + e]));";
        let found = self.run_async(script, json!([css]));
        Some(
            found
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                .unwrap_or_default(),
        )
    }

    /// Holds back requests whose URL matches one of `patterns` (`*` for any characters), as a
    /// very slow network would: they stay pending until [`Browser::release_requests`].
    pub fn hold_requests(&self, patterns: &[&str]) {
        let patterns: Vec<Value> = patterns.iter().map(|p| json!({ "urlPattern": p })).collect();
        let body = json!({"cmd": "Fetch.enable", "params": { "patterns": patterns }});
        self.session_call("POST", "/goog/cdp/execute", Some(body));
    }

    /// Lets every request through again.
    pub fn release_requests(&self) {
        self.session_call("POST", "/goog/cdp/execute", Some(json!({"cmd": "Fetch.disable", "params": {}})));
    }

    /// Opens `url` and waits for it to load.
    pub fn goto(&self, url: &str) {
        self.session_call("POST", "/url", Some(json!({ "url": url })));
    }

    /// The current URL.
    pub fn url(&self) -> String {
        self.session_call("GET", "/url", None).as_str().unwrap_or_default().to_owned()
    }

    /// History back.
    pub fn back(&self) {
        self.session_call("POST", "/back", Some(json!({})));
    }

    /// Reloads the page.
    pub fn refresh(&self) {
        self.session_call("POST", "/refresh", Some(json!({})));
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub fn run(&self, script: &str, args: Value) -> Value {
        self.session_call("POST", "/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    /// Runs an async `script` whose last argument is the callback to call with the result.
    pub fn run_async(&self, script: &str, args: Value) -> Value {
        self.session_call("POST", "/execute/async", Some(json!({ "script": script, "args": args })))
    }

    /// The first element matching `css`.
    pub fn find(&self, css: &str) -> Element {
        let found = self.session_call("POST", "/element", Some(json!({ "using": "css selector", "value": css })));
        let id = found.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).unwrap_or_default();
        Element(id.to_owned())
    }

    /// Clicks the first element matching `css`, as a pointer would (scrolled to the middle of the
    /// view at once first, so smooth scrolling does not move it from under the pointer).
    pub fn click(&self, css: &str) {
        let scroll = "document.querySelector(arguments[0]).scrollIntoView({block: 'center', behavior: 'instant'});";
        self.run(scroll, json!([css]));
        let element = self.find(css);
        self.session_call("POST", &format!("/element/{}/click", element.0), Some(json!({})));
    }

    /// Types `text` into an element (focusing it first).
    pub fn type_into(&self, element: &Element, text: &str) {
        self.session_call("POST", &format!("/element/{}/value", element.0), Some(json!({ "text": text })));
    }

    /// Presses keys on whatever has the focus, as a keyboard-only user would.
    pub fn keys(&self, keys: &[&str]) {
        let mut actions = Vec::new();
        for key in keys {
            for c in key.chars() {
                actions.push(json!({"type": "keyDown", "value": c.to_string()}));
                actions.push(json!({"type": "keyUp", "value": c.to_string()}));
            }
        }
        let body = json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]});
        self.session_call("POST", "/actions", Some(body));
        self.session_call("DELETE", "/actions", None);
    }

    /// Polls `condition` (a JS expression) until it is truthy; panics with `what` after `timeout`.
    pub fn wait_until(&self, condition: &str, what: &str) {
        let started = Instant::now();
        let script = format!("return !!({condition});");
        loop {
            if self.run(&script, json!([])).as_bool() == Some(true) {
                return;
            }
            if started.elapsed() > Duration::from_secs(15) {
                panic!("timed out waiting until {what} ({condition})");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A WebDriver element reference.
#[derive(Debug, Clone)]
pub struct Element(pub String);

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..line_end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}
