//! `live.js` in real headless Chromium: the real `prospectus serve` runs on a free port
//! over a temporary copy of the fixture site, a page is opened in the browser, and files
//! change on disk. Every wait polls the page with a deadline; no sleep is an assertion.
//!
//! Needs `chromium` and `chromium-driver`, like `tests/browser.rs`: without them the
//! tests print `SKIPPED browser test: …` and pass, except in CI (`CI=true`).

#[path = "common/fixture.rs"]
mod fixture;
#[path = "browser/webdriver.rs"]
mod webdriver;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use fixture::{PYTHON_BASICS, Site};
use serde_json::json;
use webdriver::{Browser, keys};

const MODULE: &str = "content/modules/python-basics.md";
const STYLESHEET: &str = "themes/default/static/style.css";
const BUILT_IN_STYLESHEET: &str = include_str!("../themes/default/static/style.css");

/// A running `prospectus serve` on a free port, killed when dropped.
struct Serve {
    child: Child,
    origin: String,
}

impl Serve {
    fn start(site: &Site) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_prospectus"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .current_dir(site.root()) // diagnostics name `content/…`
            .env_remove("GITHUB_WORKSPACE")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start prospectus serve");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        // Keeps reading (and dropping) the log so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("serving ").and_then(|rest| rest.split(' ').next()) {
                    let _ = tx.send(url.trim_end_matches('/').to_owned());
                }
            }
        });
        let origin = rx.recv_timeout(Duration::from_secs(30)).expect("the server prints its URL");
        Serve { child, origin }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The fixture site served, with a browser on its module page marked with a window
/// property that only survives as long as the page is not reloaded; `None` without Chromium.
fn module_page_in_a_browser() -> Option<(Site, Serve, Browser)> {
    let browser = Browser::start_or_skip(1024, 800)?;
    let site = Site::new();
    // The theme folder exists from the start, so the watcher sees the stylesheet at once.
    std::fs::create_dir_all(site.path("themes/default/static")).expect("create the theme folder");
    let serve = Serve::start(&site);
    browser.goto(&format!("{}/modules/python-basics/", serve.origin));
    // live.js marks the page once its event stream is open: edits before that would go unseen.
    browser.wait_until("document.documentElement.dataset.prospectusLive === 'open'", "live.js listens");
    browser.run("window.notReloaded = true;", json!([]));
    Some((site, serve, browser))
}

fn still_the_same_page(browser: &Browser) -> bool {
    browser.run("return window.notReloaded === true;", json!([])).as_bool() == Some(true)
}

#[test]
fn editing_a_module_reloads_the_page_by_itself_with_the_new_text() {
    let Some((site, _serve, browser)) = module_page_in_a_browser() else { return };
    site.write(MODULE, &format!("{PYTHON_BASICS}\nA freshly written paragraph.\n"));
    browser.wait_until("document.body.textContent.includes('A freshly written paragraph.')", "the new text shows");
    assert!(!still_the_same_page(&browser), "the page was reloaded");
}

#[test]
fn editing_the_stylesheet_swaps_it_without_reloading_the_page() {
    let Some((site, _serve, browser)) = module_page_in_a_browser() else { return };
    site.write(STYLESHEET, &format!("{BUILT_IN_STYLESHEET}\nh1 {{ letter-spacing: 7px; }}\n"));
    browser
        .wait_until("getComputedStyle(document.querySelector('h1')).letterSpacing === '7px'", "the new rule applies");
    assert!(still_the_same_page(&browser), "the stylesheet was swapped in place, without a navigation");
    let sheets =
        browser.run("return document.querySelectorAll('link[rel=stylesheet][href*=\"style.css\"]').length;", json!([]));
    assert_eq!(sheets, json!(1), "the old stylesheet is removed once the new one has loaded");
}

#[test]
fn a_broken_file_shows_the_error_overlay_and_fixing_it_removes_it() {
    let Some((site, _serve, browser)) = module_page_in_a_browser() else { return };
    // Line 7 of the module, just before the front matter's closing `---`.
    site.write(MODULE, &PYTHON_BASICS.replacen("skills: [Python]\n", "skills: [Python]\nprerequisites: [nope]\n", 1));
    browser.wait_until("document.getElementById('prospectus-problems')", "the overlay appears");
    let shown = browser.run("return document.getElementById('prospectus-problems').textContent;", json!([]));
    let shown = shown.as_str().unwrap_or_default();
    assert!(shown.contains(&format!("{MODULE}:7:")), "file and line: {shown}");
    assert!(shown.contains("unknown prerequisite `nope`"), "the message: {shown}");
    assert!(still_the_same_page(&browser), "the last good page stays under the overlay");

    site.write(MODULE, PYTHON_BASICS);
    browser.wait_until("!document.getElementById('prospectus-problems')", "the overlay goes away");
}

/// The module with an unknown prerequisite on line 7, just before the front matter's closing `---`.
fn broken_module() -> String {
    PYTHON_BASICS.replacen("skills: [Python]\n", "skills: [Python]\nprerequisites: [nope]\n", 1)
}

fn text_of(browser: &Browser, css: &str) -> String {
    let script = "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';";
    browser.run(script, json!([css])).as_str().unwrap_or_default().to_owned()
}

/// The error view passes axe in the light and the dark colour scheme.
fn assert_accessible(browser: &Browser) {
    for scheme in ["light", "dark"] {
        browser.emulate_color_scheme(scheme);
        if let Some(violations) = browser.axe_violations("#prospectus-problems") {
            assert!(violations.is_empty(), "axe, {scheme}: {violations:#?}");
        }
    }
}

/// What the error view shows of the broken module: the place as a link to the editor, and the
/// terminal's text (the line, the underline, the message).
fn assert_shows_the_broken_module(browser: &Browser) {
    let href = browser.run("return document.querySelector('#prospectus-problems a').href;", json!([]));
    let href = href.as_str().unwrap_or_default();
    assert!(href.starts_with("vscode://file/") && href.contains(&format!("{MODULE}:7:")), "editor link: {href}");
    let text = text_of(browser, "#prospectus-problems pre");
    assert!(text.contains("unknown prerequisite `nope`"), "{text}");
    assert!(text.contains("7 | prerequisites: [nope]") && text.contains("^^^^"), "the excerpt, underlined: {text}");
    let focused = browser.run("return !!document.activeElement.closest('#prospectus-problems');", json!([]));
    assert_eq!(focused, json!(true), "the keyboard focus moves into the view");
}

#[test]
fn the_error_view_over_the_last_good_site_says_so_links_the_editor_and_hides_with_escape() {
    let Some((site, _serve, browser)) = module_page_in_a_browser() else { return };
    site.write(MODULE, &broken_module());
    browser.wait_until("document.getElementById('prospectus-problems')", "the error view appears");
    assert!(text_of(&browser, "#prospectus-problems-state").contains("last good site is behind"));
    assert_shows_the_broken_module(&browser);
    assert_accessible(&browser);
    browser.keys(&[keys::ESCAPE]);
    browser.wait_until("!document.getElementById('prospectus-problems')", "Escape hides the view");
    assert!(still_the_same_page(&browser), "the last good page is under the view");
}

#[test]
fn before_any_good_build_the_error_view_says_so_and_turns_into_the_site_once_fixed() {
    let Some(browser) = Browser::start_or_skip(1024, 800) else { return };
    let site = Site::new();
    site.write(MODULE, &broken_module());
    let serve = Serve::start(&site);
    browser.goto(&format!("{}/modules/python-basics/", serve.origin));
    browser.wait_until("document.getElementById('prospectus-problems')", "the error view appears");
    assert!(text_of(&browser, "#prospectus-problems-state").contains("no good build yet"));
    assert_eq!(browser.run("return document.querySelectorAll('#prospectus-problems button').length;", json!([])), 0);
    assert_shows_the_broken_module(&browser);
    assert_accessible(&browser);
    browser.wait_until("document.documentElement.dataset.prospectusLive === 'open'", "live.js listens");
    site.write(MODULE, PYTHON_BASICS);
    browser.wait_until(
        "!document.getElementById('prospectus-problems') && document.querySelector('h1') \
         && document.querySelector('h1').textContent.includes('Python Basics')",
        "the site replaces the error view",
    );
}
