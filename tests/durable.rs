//! A published site survives a power cut: every staged file and folder reaches the
//! disk before the staging folder is swapped in, and the parent folder (which
//! records the swap) is synced after it. Shown with `strace`, which must be
//! installed (Debian package `strace`; `.ci/run` installs it): it logs the build's
//! sync and rename system calls, with the path of each file descriptor (`-y`).

#[path = "common/fixture.rs"]
mod fixture;

use std::path::Path;
use std::process::{Command, Stdio};

use fixture::Site;

/// The sync and rename system calls of `prospectus build <extra…>` into `out`, one per line.
fn traced_build(site: &Site, out: &Path, extra: &[&str]) -> Vec<String> {
    let log = site.path("strace.log");
    let status = Command::new("strace")
        .args(["-f", "-y", "-e", "trace=fsync,fdatasync,syncfs,renameat2,rename,renameat", "-o"])
        .arg(&log)
        .arg(assert_cmd::cargo::cargo_bin("prospectus"))
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("SOURCE_DATE_EPOCH", "1764000000")
        .stderr(Stdio::null())
        .status()
        .expect("run strace (install the `strace` package)");
    assert!(status.success(), "the traced build failed");
    let text = std::fs::read_to_string(&log).expect("read the strace log");
    text.lines().filter(|line| !line.contains("+++") && !line.contains("---")).map(str::to_owned).collect()
}

/// Where the first call naming `what` is in the log.
fn position(calls: &[String], what: impl Fn(&str) -> bool, name: &str) -> usize {
    calls.iter().position(|call| what(call)).unwrap_or_else(|| panic!("no {name} in:\n{}", calls.join("\n")))
}

fn is_sync(call: &str) -> bool {
    ["fsync(", "fdatasync(", "syncfs("].iter().any(|name| call.contains(name))
}

/// Checks the order: the staged tree synced, then the rename or exchange, then the parent.
fn assert_synced_in_order(calls: &[String], out: &Path, swap: &str) {
    let parent = out.parent().expect("a parent").display().to_string();
    let swapped = position(calls, |c| c.contains(swap) && c.contains(&format!("\"{}\"", out.display())), swap);
    let staged = position(calls, |c| c.contains("syncfs(") && c.contains(".public.prospectus-staging-"), "syncfs");
    let is_parent = |c: &str| c.contains(&format!("<{parent}>)"));
    let parent_synced = position(calls, |c| c.contains("fsync(") && is_parent(c), "parent fsync");
    assert!(staged < swapped, "the staged tree must be synced before the swap:\n{}", calls.join("\n"));
    assert!(parent_synced > swapped, "the parent must be synced after the swap:\n{}", calls.join("\n"));
    let late: Vec<&String> = calls[swapped..].iter().filter(|c| is_sync(c) && !is_parent(c)).collect();
    assert!(late.is_empty(), "only the parent is synced after the swap: {late:?}");
}

#[test]
fn the_first_build_syncs_the_staged_tree_before_the_rename_and_the_parent_after() {
    let site = Site::new();
    let out = site.path("public");
    let calls = traced_build(&site, &out, &[]);
    assert_synced_in_order(&calls, &out, "rename(");
}

#[test]
fn a_rebuild_syncs_the_staged_tree_before_the_exchange_and_the_parent_after() {
    let site = Site::new();
    let out = site.path("public");
    site.build(&out).assert().success();
    let calls = traced_build(&site, &out, &[]);
    assert_synced_in_order(&calls, &out, "RENAME_EXCHANGE");
}

#[test]
fn no_sync_publishes_without_syncing() {
    let site = Site::new();
    let out = site.path("public");
    site.build(&out).assert().success();
    let calls = traced_build(&site, &out, &["--no-sync"]);
    position(&calls, |c| c.contains("RENAME_EXCHANGE"), "exchange");
    let syncs: Vec<&String> = calls.iter().filter(|c| is_sync(c)).collect();
    assert!(syncs.is_empty(), "{syncs:?}");
}
