//! The bad-input corpus: every broken site fails cleanly.
//!
//! Each folder of `tests/bad-inputs/` is one case: the files under it are laid
//! over the fixture site of `common/fixture.rs`, and its `expect.yaml` names
//! the file, line and message fragment of the diagnostic the build must give:
//!
//! ```yaml
//! # what the case is
//! file: "content/projects/chatbot.yaml"   # the file the message must name (absent: none)
//! line: 5                                 # the line it must point at (absent: none)
//! message: "YAML syntax error"            # a fragment of the message
//! remove: ["content/site.yaml"]           # fixture files to delete first (optional)
//! ```
//!
//! Inputs that git cannot hold (a 50 MB file, symbolic links, a FIFO, a device,
//! unreadable files, file names that are not UTF-8) are made at run time by
//! [`generated`]. For every case the real binary runs `build` over a copy of a
//! previous output, and the test asserts: exit code 1, no panic, the expected
//! diagnostic at its file and line, a run time under [`DEADLINE`] and an
//! address space under [`MEMORY_LIMIT`] (enforced with `prlimit`), and the
//! previous output untouched byte for byte with no staging folder beside it.
//! Every failing case is reported, not only the first.

#[path = "common/fixture.rs"]
mod fixture;

use std::collections::BTreeMap;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use fixture::Site;
use serde::Deserialize;

/// A case that runs longer is a hang.
const DEADLINE: Duration = Duration::from_secs(20);
/// The address space each run may use (`prlimit --as`): a leak or a bomb aborts the run.
const MEMORY_LIMIT: u64 = 512 * 1024 * 1024;

/// What a case must report, from its `expect.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    file: Option<String>,
    line: Option<usize>,
    message: String,
    #[serde(default)]
    remove: Vec<String>,
}

/// How a case's site is made.
enum Setup {
    /// A folder of `tests/bad-inputs/` laid over the fixture.
    Folder(PathBuf),
    /// Made at run time.
    Generated(fn(&Site)),
}

struct Case {
    name: String,
    setup: Setup,
    expect: Expect,
    /// Run the build as an unprivileged user, so that permission bits bind (root ignores them).
    unprivileged: bool,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs")
}

fn folder_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(corpus()).expect("read tests/bad-inputs") {
        let folder = entry.expect("list tests/bad-inputs").path();
        let text = std::fs::read_to_string(folder.join("expect.yaml"))
            .unwrap_or_else(|e| panic!("{}: no expect.yaml ({e})", folder.display()));
        let expect: Expect = serde_saphyr::from_str(&text)
            .unwrap_or_else(|e| panic!("{}/expect.yaml does not parse: {e}", folder.display()));
        let name = folder.file_name().expect("a folder name").to_string_lossy().into_owned();
        cases.push(Case { name, setup: Setup::Folder(folder), expect, unprivileged: false });
    }
    cases
}

fn expect(file: Option<&str>, line: Option<usize>, message: &str) -> Expect {
    Expect { file: file.map(str::to_owned), line, message: message.to_owned(), remove: Vec::new() }
}

/// Cases that cannot be stored in git, made in the site folder at run time.
fn generated() -> Vec<Case> {
    let case = |name: &str, setup: fn(&Site), expect: Expect| Case {
        name: name.to_owned(),
        setup: Setup::Generated(setup),
        expect,
        unprivileged: false,
    };
    let mut cases = vec![
        case(
            "huge-file-50mb",
            |site| {
                let line = "deliverables: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u]\n";
                site.write("content/projects/huge.yaml", &line.repeat(50 * 1024 * 1024 / line.len()));
            },
            expect(Some("content/projects/huge.yaml"), None, "file is too large (52428"),
        ),
        case(
            "yaml-aliases-repeat-a-large-value",
            |site| {
                let value = "y".repeat(4 << 20);
                let aliases = ["*big"; 5].join(", ");
                let text = format!("title: C\nprovider: P\nsummary: &big {value}\ndeliverables: [{aliases}]\n");
                site.write("content/projects/chatbot.yaml", &text);
            },
            expect(Some("content/projects/chatbot.yaml"), Some(4), "YAML values add up to too much text"),
        ),
        case(
            "yaml-more-than-100000-values",
            |site| {
                let items = vec!["x"; 100_001].join(",");
                site.write(
                    "content/projects/chatbot.yaml",
                    &format!("title: C\nprovider: P\nsummary: S\ndeliverables: [{items}]\n"),
                );
            },
            expect(
                Some("content/projects/chatbot.yaml"),
                Some(4),
                "YAML document is too large (the limit is 100000 values)",
            ),
        ),
        case(
            "file-name-not-utf8",
            |site| {
                use std::os::unix::ffi::OsStrExt;
                let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
                std::fs::write(site.path("content/modules").join(name), fixture::PYTHON_BASICS).unwrap();
            },
            expect(Some("content/modules/caf\u{fffd}.md"), None, "file name is not valid UTF-8"),
        ),
        case(
            "symlink-loop",
            |site| {
                let modules = site.path("content/modules");
                std::os::unix::fs::symlink("b.md", modules.join("a.md")).unwrap();
                std::os::unix::fs::symlink("a.md", modules.join("b.md")).unwrap();
                std::fs::create_dir_all(site.path("content/static")).unwrap();
                std::os::unix::fs::symlink("..", site.path("content/static/loop")).unwrap();
            },
            expect(Some("content/modules/a.md"), None, "symbolic links are not followed"),
        ),
        case(
            "symlink-outside-root",
            |site| std::os::unix::fs::symlink("/etc/passwd", site.path("content/pages/passwd.md")).unwrap(),
            expect(Some("content/pages/passwd.md"), None, "symbolic links are not followed"),
        ),
        case(
            "symlinked-folder-outside-root",
            |site| {
                std::fs::create_dir_all(site.path("content/static")).unwrap();
                std::os::unix::fs::symlink("/etc", site.path("content/static/etc")).unwrap();
            },
            expect(Some("content/static/etc"), None, "symbolic links are not followed"),
        ),
        case(
            "fifo-as-a-module",
            |site| run("mkfifo", &[site.path("content/modules/pipe.md").as_os_str()]),
            expect(Some("content/modules/pipe.md"), None, "not a regular file"),
        ),
        case(
            "folder-where-site-yaml-is-expected",
            |site| {
                site.remove("content/site.yaml");
                std::fs::create_dir_all(site.path("content/site.yaml")).unwrap();
            },
            expect(Some("content/site.yaml"), None, "content/site.yaml is a folder, not a file"),
        ),
        case(
            "no-content-folder",
            |site| std::fs::remove_dir_all(site.path("content")).unwrap(),
            expect(None, None, "no `content` folder in "),
        ),
        case(
            "content-is-a-file",
            |site| {
                std::fs::remove_dir_all(site.path("content")).unwrap();
                site.write("content", "not a folder");
            },
            expect(None, None, "no `content` folder in "),
        ),
    ];
    // Names Windows cannot hold are made here, so that the repository itself checks out anywhere.
    cases.extend([
        case(
            "id-windows-con",
            |site| {
                site.module("con", "", "Body\n");
            },
            expect(
                Some("content/modules/con.md"),
                Some(1),
                "invalid module id `con` (the file name): `con` is a device name on Windows",
            ),
        ),
        case(
            "id-windows-com1-page",
            |site| {
                site.write("content/pages/com1.md", "---\ntitle: Ports\n---\nBody\n");
            },
            expect(Some("content/pages/com1.md"), Some(1), "`com1` is a device name on Windows"),
        ),
        case(
            "id-windows-aux-uppercase",
            |site| {
                site.write(
                    "content/programmes/AUX.md",
                    "---\ntitle: P\nsummary: S\nmodules: [python-basics]\n---\nB\n",
                );
            },
            expect(Some("content/programmes/AUX.md"), Some(1), "invalid programme id `AUX`"),
        ),
        case(
            "static-windows-device-name",
            |site| {
                site.write("content/static/css/aux.css", "body {}");
            },
            expect(Some("content/static/css/aux.css"), None, "static file name cannot exist on Windows"),
        ),
        case(
            "static-name-with-colon",
            |site| {
                site.write("content/static/a:b.txt", "x");
            },
            expect(Some("content/static/a:b.txt"), None, "static file name cannot exist on Windows"),
        ),
    ]);
    if is_root() {
        // Only root may make device nodes; a module that is /dev/zero would be read forever.
        cases.push(case(
            "device-as-a-module",
            |site| {
                let path = site.path("content/modules/zero.md");
                run("mknod", &[path.as_os_str(), "c".as_ref(), "1".as_ref(), "5".as_ref()]);
            },
            expect(Some("content/modules/zero.md"), None, "not a regular file"),
        ));
    }
    if !is_root() || has_setpriv() {
        // Permission bits do not bind root: as root, these run the build as `nobody`.
        let mut unreadable = case(
            "unreadable-file",
            |site| std::fs::set_permissions(site.path("content/modules/python-basics.md"), mode(0o000)).unwrap(),
            expect(Some("content/modules/python-basics.md"), None, "cannot read this file: Permission denied"),
        );
        unreadable.unprivileged = true;
        let mut unlistable = case(
            "unreadable-folder",
            |site| std::fs::set_permissions(site.path("content/employers"), mode(0o000)).unwrap(),
            expect(Some("content/employers"), None, "cannot read"),
        );
        unlistable.unprivileged = true;
        cases.extend([unreadable, unlistable]);
    }
    cases
}

fn mode(bits: u32) -> std::fs::Permissions {
    std::fs::Permissions::from_mode(bits)
}

fn run(program: &str, args: &[&std::ffi::OsStr]) {
    let status = Command::new(program).args(args).status().unwrap_or_else(|e| panic!("run {program}: {e}"));
    assert!(status.success(), "{program} failed");
}

/// Whether the tests run as root (`/proc/self` belongs to the process's user).
fn is_root() -> bool {
    std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

fn has_setpriv() -> bool {
    Command::new("setpriv").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// A previous output, built once from the fixture; each case gets a copy of it.
fn previous_output() -> &'static Path {
    static BUILT: OnceLock<(Site, PathBuf)> = OnceLock::new();
    let (_, out) = BUILT.get_or_init(|| {
        let site = Site::new();
        let out = site.path("previous");
        site.build(&out).assert().code(0);
        (site, out)
    });
    out
}

/// Lays the case's files over the fixture site.
fn prepare(case: &Case) -> Site {
    let site = Site::new();
    for file in &case.expect.remove {
        site.remove(file);
    }
    match &case.setup {
        Setup::Generated(setup) => setup(&site),
        Setup::Folder(folder) => {
            for entry in walkdir::WalkDir::new(folder).min_depth(1) {
                let entry = entry.expect("walk the case folder");
                let relative = entry.path().strip_prefix(folder).expect("inside the case folder");
                if entry.file_type().is_file() && relative != Path::new("expect.yaml") {
                    let target = site.root().join(relative);
                    std::fs::create_dir_all(target.parent().expect("a parent")).expect("create a folder");
                    std::fs::copy(entry.path(), &target).expect("copy a case file");
                }
            }
        }
    }
    site
}

/// What one run of the binary did.
struct Outcome {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
}

/// Runs `prospectus build` on the case's site under the time and memory bounds.
fn build(case: &Case, site: &Site, out: &Path) -> Result<Outcome, String> {
    let mut binary = assert_cmd::cargo::cargo_bin("prospectus");
    let mut command = if case.unprivileged && is_root() {
        // The site's folders must be reachable by `nobody`; the unreadable part stays unreadable.
        let parent = out.parent().expect("a parent");
        for folder in [site.root(), parent] {
            std::fs::set_permissions(folder, mode(0o755)).expect("open the temp folder");
        }
        // So may the binary be, wherever the repository is (a home folder is often private).
        let copy = parent.join("prospectus");
        std::fs::copy(&binary, &copy).map_err(|e| format!("copy the binary: {e}"))?;
        binary = copy;
        let mut command = Command::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups", "prlimit"]);
        command
    } else {
        Command::new("prlimit")
    };
    let stderr_path = out.with_extension("stderr");
    let stderr = std::fs::File::create(&stderr_path).map_err(|e| format!("create the stderr file: {e}"))?;
    command
        .arg(format!("--as={MEMORY_LIMIT}"))
        .arg(&binary)
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .arg("--out")
        .arg(out)
        .current_dir(site.root()) // diagnostics name `content/…`, as the cases expect
        .env_remove("GITHUB_WORKSPACE")
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1764000000")
        .env("RAYON_NUM_THREADS", "2")
        .env("MALLOC_ARENA_MAX", "2")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr);
    let started = Instant::now();
    let mut child = command.spawn().map_err(|e| format!("cannot run prlimit/prospectus: {e}"))?;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| format!("wait: {e}"))? {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {DEADLINE:?}: killed"));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let stderr = std::fs::read(&stderr_path).map_err(|e| format!("read stderr: {e}"))?;
    let _ = std::fs::remove_file(&stderr_path);
    Ok(Outcome { code: status.code(), stderr: String::from_utf8_lossy(&stderr).into_owned(), elapsed })
}

/// One diagnostic of the human format: its message and its `--> file:line:column`.
#[derive(Debug)]
struct Shown {
    message: String,
    file: Option<String>,
    line: Option<usize>,
}

/// Reads the diagnostics back from the human format on stderr.
fn parse_human(stderr: &str) -> Vec<Shown> {
    let mut shown: Vec<Shown> = Vec::new();
    let mut located = true;
    for line in stderr.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            shown.push(Shown { message: message.to_owned(), file: None, line: None });
            located = false;
        } else if line.starts_with("note: ") || line.starts_with("help: ") {
            located = true;
        } else if let (false, Some((_, place))) = (located, line.split_once("--> ")) {
            located = true;
            let last = shown.last_mut().expect("an arrow follows a message");
            // `file:line:column`, or only `file` when there is no position; file names may hold `:`.
            let mut parts = place.rsplitn(3, ':');
            let (column, line, file) = (parts.next(), parts.next(), parts.next());
            match (file, line.and_then(|l| l.parse().ok()), column.and_then(|c| c.parse::<usize>().ok())) {
                (Some(file), Some(line), Some(_)) => (last.file, last.line) = (Some(file.to_owned()), Some(line)),
                _ => last.file = Some(place.to_owned()),
            }
        }
    }
    shown
}

/// Runs one case; the problems found, if any.
fn check_case(case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    let site = prepare(case);
    let parent = tempfile::tempdir().expect("a temp folder");
    let out = parent.path().join("public");
    fixture::copy_tree(previous_output(), &out);
    let before = fixture::snapshot(&out);
    let outcome = match build(case, &site, &out) {
        Ok(outcome) => outcome,
        Err(problem) => return vec![problem],
    };
    let stderr = &outcome.stderr;
    if outcome.code != Some(1) {
        problems.push(format!("exit code {:?}, expected 1 (a signal or an abort: memory?)", outcome.code));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        problems.push("the build panicked".to_owned());
    }
    let expect = &case.expect;
    let shown = parse_human(stderr);
    let found = shown.iter().any(|d| {
        d.message.contains(&expect.message)
            && d.file.as_deref() == expect.file.as_deref()
            && (expect.line.is_none() || d.line == expect.line)
    });
    if !found {
        problems.push(format!(
            "no diagnostic with message containing {:?} at {:?} line {:?}; got {shown:#?}",
            expect.message, expect.file, expect.line
        ));
    }
    if !stderr.ends_with("nothing was written\n") {
        problems.push("the closing line does not say that nothing was written".to_owned());
    }
    if fixture::snapshot(&out) != before {
        problems.push("the previous output changed".to_owned());
    }
    let beside: Vec<_> = std::fs::read_dir(parent.path())
        .expect("list the output's parent")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != "prospectus") // the binary's copy of an unprivileged run
        .collect();
    if beside != ["public"] {
        problems.push(format!("left beside the output: {beside:?}"));
    }
    if !problems.is_empty() {
        problems.push(format!("(ran {:?}; stderr:\n{})", outcome.elapsed, truncate(stderr, 3000)));
    }
    problems
}

fn truncate(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[test]
fn the_corpus_holds_at_least_forty_cases_each_with_a_message() {
    let cases = folder_cases();
    assert!(cases.len() >= 40, "only {} stored cases", cases.len());
    for case in &cases {
        assert!(!case.expect.message.is_empty(), "{}: empty message fragment", case.name);
        let text = std::fs::read_to_string(corpus().join(&case.name).join("expect.yaml")).unwrap();
        assert!(text.starts_with("# "), "{}: expect.yaml starts with a comment saying what the case is", case.name);
    }
}

/// Every case fails cleanly: exit code 1, no panic, the diagnostic at its place,
/// bounded time and memory, the previous output untouched.
#[test]
fn every_bad_input_fails_cleanly_and_leaves_the_previous_output_untouched() {
    let mut cases = folder_cases();
    cases.extend(generated());
    previous_output();
    let next = AtomicUsize::new(0);
    let failures: Mutex<BTreeMap<String, Vec<String>>> = Mutex::default();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 4);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(case) = cases.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let problems = check_case(case);
                    if !problems.is_empty() {
                        failures.lock().expect("no poisoned lock").insert(case.name.clone(), problems);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().expect("no poisoned lock");
    let report: Vec<String> =
        failures.iter().map(|(name, problems)| format!("## {name}\n{}", problems.join("\n"))).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), report.join("\n\n"));
}
