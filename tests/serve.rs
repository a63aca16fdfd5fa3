//! `prospectus serve` end to end: the real binary on a free port, spoken to over real
//! HTTP (raw requests over `TcpStream`, so nothing normalises hostile paths), with files
//! changed on disk while it runs. Every wait polls for the expected state with a deadline.

#[path = "common/fixture.rs"]
mod fixture;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fixture::Site;

const DEADLINE: Duration = Duration::from_secs(20);

/// Polls `probe` until it returns `Some`, failing with `what` after the deadline.
fn eventually<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(started.elapsed() < DEADLINE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A running `prospectus serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(site: &Site, extra: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_prospectus"));
        // Run in the site's folder: diagnostics name `content/…`.
        command.args(["serve", "--root"]).arg(site.root()).args(["--port", "0"]).args(extra).current_dir(site.root());
        let mut server = Self::spawn(command);
        let port = eventually("the server to print its URL", || server.printed_port());
        server.port = port;
        server
    }

    fn spawn(mut command: Command) -> Server {
        command.env("NO_COLOR", "1").env("SOURCE_DATE_EPOCH", "1764000000").env_remove("GITHUB_WORKSPACE");
        let mut child = command.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("start prospectus serve");
        let stderr = child.stderr.take().expect("piped stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap_or_else(|e| e.into_inner());
                log.push_str(&line);
                log.push('\n');
            }
        });
        Server { child, port: 0, log }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn printed_port(&self) -> Option<u16> {
        let log = self.log();
        let rest = &log[log.find("serving http://127.0.0.1:")? + "serving http://127.0.0.1:".len()..];
        rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
    }

    /// Sends `request` as written and reads the whole response.
    fn raw(&self, request: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to the server");
        stream.set_read_timeout(Some(DEADLINE)).expect("set a timeout");
        stream.write_all(request.as_bytes()).expect("send the request");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read the response");
        Response::parse(&bytes)
    }

    fn request(&self, method: &str, path: &str, headers: &str) -> Response {
        let port = self.port;
        self.raw(&format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n{headers}\r\n"))
    }

    fn get(&self, path: &str) -> Response {
        self.request("GET", path, "")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn parse(bytes: &[u8]) -> Response {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        Response { status, head: head.to_ascii_lowercase(), body: body.to_owned() }
    }

    fn header(&self, name: &str) -> Option<&str> {
        let prefix = format!("{name}: ");
        self.head.lines().find_map(|line| line.strip_prefix(&prefix))
    }
}

/// The live-reload stream, read on a thread into a list of `(event, data)`.
struct Events {
    received: Arc<Mutex<Vec<(String, String)>>>,
}

impl Events {
    fn open(server: &Server) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect to the server");
        let request = format!(
            "GET /__prospectus/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
            server.port
        );
        stream.write_all(request.as_bytes()).expect("subscribe");
        let received = Arc::new(Mutex::new(Vec::new()));
        let (sink, connected) = (received.clone(), Arc::new(Mutex::new(false)));
        let flag = connected.clone();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if line.starts_with("HTTP/1.1 200") {
                    *flag.lock().unwrap_or_else(|e| e.into_inner()) = true;
                } else if let Some(event) = line.strip_prefix("event: ") {
                    name = event.to_owned();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    sink.lock().unwrap_or_else(|e| e.into_inner()).push((name.clone(), data.to_owned()));
                }
            }
        });
        // Once the response has started the server has subscribed this stream.
        eventually("the event stream to open", || connected.lock().unwrap_or_else(|e| e.into_inner()).then_some(()));
        Events { received }
    }

    /// Waits for an event named `name` and returns its data.
    fn wait_for(&self, name: &str) -> String {
        eventually(&format!("a `{name}` event"), || {
            let received = self.received.lock().unwrap_or_else(|e| e.into_inner());
            received.iter().find(|(n, _)| n == name).map(|(_, data)| data.clone())
        })
    }

    fn names(&self) -> Vec<String> {
        self.received.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|(n, _)| n.clone()).collect()
    }
}

// HTTP.

#[test]
fn pages_are_served_with_their_content_types_and_the_live_script() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(home.body.contains("<script src=\"/__prospectus/live.js\" defer></script></head>"), "{}", home.body);
    assert_eq!(server.get("/style.css").header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(server.get("/api/catalog.json").header("content-type"), Some("application/json"));
    assert_eq!(server.get("/favicon.svg").header("content-type"), Some("image/svg+xml"));
    let script = server.get("/__prospectus/live.js");
    assert_eq!(script.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert!(script.body.contains("EventSource"));
    assert!(!server.get("/style.css").body.contains("live.js"), "only HTML gets the script");
}

#[test]
fn the_built_site_never_contains_the_live_script() {
    let site = Site::new();
    let out = site.path("public");
    site.build(&out).assert().success();
    let html = std::fs::read_to_string(out.join("index.html")).expect("read the built home page");
    assert!(!html.contains("__prospectus"));
}

#[test]
fn missing_pages_get_the_site_404_page_with_status_404() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let missing = server.get("/modules/nope/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<title>"), "the site's own 404 page: {}", missing.body);
    assert_eq!(missing.header("content-type"), Some("text/html; charset=utf-8"));
}

#[test]
fn head_requests_get_the_headers_without_a_body() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let get = server.get("/about/");
    let head = server.request("HEAD", "/about/", "");
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
    assert_eq!(head.header("content-length"), Some(get.body.len().to_string().as_str()));
    assert_eq!(head.header("etag"), get.header("etag"));
}

#[test]
fn a_matching_if_none_match_gets_304() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let first = server.get("/about/");
    let etag = first.header("etag").expect("an ETag").to_owned();
    let again = server.request("GET", "/about/", &format!("If-None-Match: {etag}\r\n"));
    assert_eq!(again.status, 304);
    assert_eq!(again.body, "");
    let other = server.request("GET", "/about/", "If-None-Match: \"something-else\"\r\n");
    assert_eq!(other.status, 200);
}

#[test]
fn a_folder_without_its_slash_redirects() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let response = server.get("/modules/python-basics?x=1");
    assert_eq!(response.status, 301);
    assert_eq!(response.header("location"), Some("/modules/python-basics/?x=1"));
}

#[test]
fn other_methods_are_not_allowed() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    assert_eq!(server.request("POST", "/", "Content-Length: 0\r\n").status, 405);
}

#[test]
fn traversal_attempts_never_reach_a_file_outside_the_site() {
    let site = Site::new();
    site.write("secret.txt", "TOP SECRET");
    let server = Server::start(&site, &[]);
    let port = server.port;
    let attempts = [
        "/../secret.txt".to_owned(),
        "/%2e%2e/secret.txt".to_owned(),
        "/%2E%2E/%2E%2E/secret.txt".to_owned(),
        "/..%5csecret.txt".to_owned(),
        "/..\\secret.txt".to_owned(),
        "//etc/passwd".to_owned(),
        "/%00".to_owned(),
        "/modules/../../secret.txt".to_owned(),
        format!("http://127.0.0.1:{port}/../secret.txt"),
        format!("/{}", "a/".repeat(2000)),
        "/etc/passwd".to_owned(),
    ];
    for path in attempts {
        let response =
            server.raw(&format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"));
        assert!(matches!(response.status, 400 | 404), "{path}: status {}", response.status);
        assert!(!response.body.contains("TOP SECRET") && !response.body.contains("root:"), "{path} leaked a file");
    }
}

#[test]
fn a_static_symlink_out_of_the_site_is_refused_not_served() {
    let site = Site::new();
    let outside = tempfile::tempdir().expect("a folder outside the site");
    std::fs::write(outside.path().join("secret.txt"), "TOP SECRET").expect("write the secret");
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path("content/static/secret.txt"))
        .or_else(|_| {
            std::fs::create_dir_all(site.path("content/static"))?;
            std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path("content/static/secret.txt"))
        })
        .expect("create the symlink");
    let server = Server::start(&site, &[]);
    let response = server.get("/secret.txt");
    assert!(!response.body.contains("TOP SECRET"), "the symlink was followed");
    assert!(server.log().contains("symbolic links are not followed"), "{}", server.log());
}

#[test]
fn a_base_url_with_a_path_serves_the_site_under_it() {
    let site = Site::new();
    site.write("content/site.yaml", "title: Fixture catalog\nbase_url: https://example.org/catalogue/\n");
    let server = Server::start(&site, &[]);
    assert!(server.log().contains(&format!("serving http://127.0.0.1:{}/catalogue/", server.port)));
    let home = server.get("/catalogue/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("href=\"/catalogue/modules/python-basics/\""), "links are under the base path");
    assert!(home.body.contains(&format!("http://127.0.0.1:{}/catalogue/", server.port)), "permalinks are local");
    assert_eq!(server.get("/catalogue/modules/python-basics/").status, 200);
    assert_eq!(server.get("/modules/python-basics/").status, 404);
    let bare = server.get("/catalogue");
    assert_eq!((bare.status, bare.header("location")), (301, Some("/catalogue/")));
}

// Refusals: the preview answers only its owner, and no client can hold it.

/// Opens a live-reload stream with `headers` and returns it with its status line.
fn open_stream(server: &Server, headers: &str) -> (TcpStream, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect to the server");
    stream.set_read_timeout(Some(DEADLINE)).expect("set a timeout");
    let request = format!("GET /__prospectus/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{headers}\r\n", server.port);
    stream.write_all(request.as_bytes()).expect("subscribe");
    let mut status = String::new();
    BufReader::new(stream.try_clone().expect("clone the stream")).read_line(&mut status).expect("read the status");
    (stream, status)
}

#[test]
fn a_request_naming_another_host_gets_403_with_an_explanation() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let port = server.port;
    for host in [format!("evil.example:{port}"), "127.0.0.1".to_owned(), format!("127.0.0.1:{}", port + 1)] {
        let response = server.raw(&format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        assert_eq!(response.status, 403, "{host}");
        assert!(response.body.contains(&format!("the Host header named `{host}`")), "{}", response.body);
        assert!(response.body.contains("--allowed-host"), "{}", response.body);
    }
    let without_host = server.raw("GET / HTTP/1.0\r\n\r\n");
    assert_eq!(without_host.status, 403);
}

#[test]
fn loopback_names_with_the_port_are_answered() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let port = server.port;
    for host in [format!("localhost:{port}"), format!("[::1]:{port}"), format!("127.0.0.1:{port}")] {
        let response = server.raw(&format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        assert_eq!(response.status, 200, "{host}");
    }
}

#[test]
fn an_allowed_host_is_answered() {
    let site = Site::new();
    let server = Server::start(&site, &["--allowed-host", "preview.lan", "--allowed-host", "10.0.0.7"]);
    let port = server.port;
    for host in [format!("preview.lan:{port}"), format!("10.0.0.7:{port}")] {
        let response = server.raw(&format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        assert_eq!(response.status, 200, "{host}");
    }
}

#[test]
fn a_cross_origin_live_reload_request_gets_403() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let refused = server.request("GET", "/__prospectus/events", "Origin: http://evil.example\r\n");
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("only for pages of this preview"), "{}", refused.body);
    let (_stream, status) = open_stream(&server, &format!("Origin: http://127.0.0.1:{}\r\n", server.port));
    assert!(status.starts_with("HTTP/1.1 200"), "same origin: {status}");
}

#[test]
fn live_reload_streams_beyond_the_cap_get_503_until_one_closes() {
    const CAP: usize = 128; // `MAX_LIVE_STREAMS`
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let mut open: Vec<TcpStream> = (0..CAP)
        .map(|i| {
            let (stream, status) = open_stream(&server, "");
            assert!(status.starts_with("HTTP/1.1 200"), "stream {i}: {status}");
            stream
        })
        .collect();
    let refused = server.request("GET", "/__prospectus/events", "");
    assert_eq!(refused.status, 503);
    assert!(refused.body.contains("128 live-reload connections are open already"), "{}", refused.body);
    assert_eq!(server.get("/").status, 200, "pages are still served");
    drop(open.pop());
    eventually("a stream to be admitted once one closed", || {
        let (stream, status) = open_stream(&server, "");
        status.starts_with("HTTP/1.1 200").then_some(stream)
    });
}

#[test]
fn an_oversized_request_head_gets_431() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let response = server.request("GET", "/", &format!("X-Padding: {}\r\n", "a".repeat(20_000)));
    assert_eq!(response.status, 431);
    assert_eq!(server.get("/").status, 200, "the server goes on");
}

#[test]
fn a_client_trickling_its_request_head_is_disconnected() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect to the server");
    stream.set_read_timeout(Some(Duration::from_millis(10))).expect("set a timeout");
    stream.write_all(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n", server.port).as_bytes()).expect("send");
    let started = Instant::now();
    // One byte a second, as a slowloris client does, well under the limit of the head's size.
    let closed = loop {
        assert!(started.elapsed() < DEADLINE, "still connected after {DEADLINE:?}");
        std::thread::sleep(Duration::from_secs(1));
        let sent = stream.write_all(b"X");
        let mut byte = [0u8; 1];
        match stream.read(&mut byte) {
            Ok(0) => break started.elapsed(),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock && sent.is_ok() => continue,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break started.elapsed(),
            Err(_) => break started.elapsed(),
            Ok(_) => panic!("the server answered an unfinished request"),
        }
    };
    assert!(closed >= Duration::from_secs(8), "closed after {closed:?}, before the head timeout");
    assert_eq!(server.get("/").status, 200, "the server goes on");
}

// Live reload.

#[test]
fn editing_a_module_sends_a_reload_and_serves_the_new_page() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let events = Events::open(&server);
    site.write("content/modules/python-basics.md", &fixture::PYTHON_BASICS.replace("Learn Python.", "Learn Rust too."));
    events.wait_for("reload");
    let page = server.get("/modules/python-basics/");
    assert!(page.body.contains("Learn Rust too."), "{}", page.body);
    eventually("the rebuild to be printed", || server.log().contains("modules/python-basics/index.html").then_some(()));
}

#[test]
fn editing_a_role_sends_a_reload_and_serves_its_new_page() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    assert!(server.get("/employers/acme/junior-engineer/").body.contains("Junior engineer"));
    let events = Events::open(&server);
    site.write("content/employers/acme.yaml", &fixture::ACME.replace("Junior engineer", "Senior engineer"));
    events.wait_for("reload");
    let page = server.get("/employers/acme/senior-engineer/");
    assert!(page.body.contains("<h1>Senior engineer</h1>"), "{}", page.body);
}

#[test]
fn a_broken_file_shows_the_overlay_keeps_the_old_page_and_fixing_it_clears_the_overlay() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let events = Events::open(&server);
    let broken =
        fixture::PYTHON_BASICS.replace("level: beginner", "level: expert").replace("Learn Python.", "New text.");
    site.write("content/modules/python-basics.md", &broken);
    let view: serde_json::Value = serde_json::from_str(&events.wait_for("problems")).expect("the view is JSON");
    assert_eq!(view["site"], true, "a good site is behind the view: {view}");
    let problem = &view["problems"][0];
    assert_eq!(problem["file"], "content/modules/python-basics.md", "{view}");
    assert_eq!(problem["line"], 4, "{view}");
    assert!(problem["message"].as_str().is_some_and(|m| m.contains("expert")), "{view}");
    let text = problem["text"].as_str().unwrap_or_default();
    assert!(text.contains("4 | level: expert") && text.contains("^^^"), "the terminal's excerpt: {text}");
    let open = problem["open"].as_str().unwrap_or_default();
    assert!(open.starts_with("vscode://file/") && open.ends_with("content/modules/python-basics.md:4:8"), "{open}");
    let page = server.get("/modules/python-basics/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Learn Python.") && !page.body.contains("New text."), "the last good page is served");
    assert!(server.log().contains("still serving the last good site"), "{}", server.log());
    let late = Events::open(&server);
    late.wait_for("problems");
    site.write("content/modules/python-basics.md", &fixture::PYTHON_BASICS.replace("Learn Python.", "New text."));
    events.wait_for("fixed");
    events.wait_for("reload");
    assert!(server.get("/modules/python-basics/").body.contains("New text."));
}

#[test]
fn a_css_only_change_swaps_the_stylesheet_without_a_reload() {
    let site = Site::new();
    let css_path = format!("{}/themes/default/static/style.css", env!("CARGO_MANIFEST_DIR"));
    let css = std::fs::read_to_string(css_path).expect("read the built-in stylesheet");
    site.write("themes/default/static/style.css", &css);
    let server = Server::start(&site, &[]);
    let events = Events::open(&server);
    site.write("themes/default/static/style.css", &format!("{css}\n.changed {{ color: red; }}\n"));
    let changed = events.wait_for("css");
    assert_eq!(changed, "[\"/style.css\"]");
    assert!(server.get("/style.css").body.contains(".changed"));
    assert!(!events.names().contains(&"reload".to_owned()), "{:?}", events.names());
}

#[test]
fn a_template_change_reloads_every_page() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let events = Events::open(&server);
    let base = format!("{}/themes/default/templates/base.html", env!("CARGO_MANIFEST_DIR"));
    let base = std::fs::read_to_string(base).expect("read base.html");
    site.write("themes/default/templates/base.html", &base.replace("<main ", "<main data-edited=\"yes\" "));
    events.wait_for("reload");
    assert!(server.get("/about/").body.contains("data-edited=\"yes\""));
    assert!(server.get("/modules/python-basics/").body.contains("data-edited=\"yes\""));
}

// Starting and stopping.

#[test]
fn a_port_in_use_moves_to_the_next_free_port_and_says_so() {
    let site = Site::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("take a port");
    let port = taken.local_addr().expect("its address").port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_prospectus"));
    command.args(["serve", "--root"]).arg(site.root()).args(["--port", &port.to_string()]);
    let mut server = Server::spawn(command);
    server.port = eventually("the server to print its URL", || server.printed_port());
    assert_ne!(server.port, port);
    assert!(server.log().contains(&format!("port {port} is in use; using")), "{}", server.log());
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn binding_beyond_loopback_warns() {
    let site = Site::new();
    let mut command = Command::new(env!("CARGO_BIN_EXE_prospectus"));
    command.args(["serve", "--root"]).arg(site.root()).args(["--port", "0", "--bind", "0.0.0.0"]);
    let server = Server::spawn(command);
    eventually("the warning", || server.log().contains("warning: listening on 0.0.0.0").then_some(()));
}

#[test]
fn interrupt_stops_the_server_cleanly_even_with_a_browser_listening() {
    let site = Site::new();
    let mut server = Server::start(&site, &[]);
    let _events = Events::open(&server);
    let status = Command::new("kill").args(["-INT", &server.child.id().to_string()]).status().expect("run kill");
    assert!(status.success());
    let exit = eventually("the server to exit", || server.child.try_wait().ok().flatten());
    assert!(exit.success(), "{exit:?}");
    assert!(server.log().contains("stopped"), "{}", server.log());
}

#[test]
fn serve_prints_the_warnings_of_a_site_it_serves() {
    let site = Site::new();
    let programme =
        fixture::AI_MASTER.replace("title: AI Master\n", "title: MSc in AI\ncredential: Diploma (level 7)\n");
    site.write("content/programmes/ai-master.md", &programme);
    let server = Server::start(&site, &[]);
    let log = eventually("the warning to be printed", || {
        let log = server.log();
        log.contains("warning: 1 warning in 1 file").then_some(log)
    });
    assert!(log.contains("warning: the title says \"MSc\" but the credential is \"Diploma (level 7)\""), "{log}");
    assert!(log.contains("--> content/programmes/ai-master.md:2:8"), "{log}");
}
