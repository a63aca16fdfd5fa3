//! The `prospectus` command line: parses arguments, calls the library, maps results to exit codes.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use prospectus::diagnostics::{self, Diagnostic, Format, Sources};
use prospectus::{Failure, Options, scaffold, validate};

/// mimalloc instead of glibc's malloc: a build allocates and frees millions of
/// small strings and Tera values from two threads at once, and glibc's
/// `malloc`/`free` were about a fifth of a 10k build's CPU samples (see the
/// README's "Performance" section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its `mi_option_t` value in mimalloc 3's `mimalloc.h`;
/// the `mimalloc` crate does not expose options, and `libmimalloc-sys` names none for v3).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
/// How long mimalloc keeps freed memory before returning it to the OS: 10 s instead of its
/// default 1 s. A build frees and reallocates pages all along; returned memory must be
/// faulted in and zeroed again by the kernel. At 10k modules (5 alternating rounds, load
/// 2–7, benches/results/2026-11-26-start-purge-10k.txt) it cut the median CPU time of a
/// build from 25.4 s to 19.6 s and of `check` from 11.0 s to 10.0 s, for a peak RSS of
/// 457 MiB instead of 432 MiB ("never purge" gave the same CPU and peak at 10k, but
/// nothing would bound memory kept idle on a long 100k build or in `serve`).
const PURGE_DELAY_MS: std::ffi::c_long = 10_000;

unsafe extern "C" {
    /// `void mi_option_set(mi_option_t option, long value)`, from the mimalloc the `mimalloc` crate links.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Sets mimalloc's purge delay, unless `MIMALLOC_PURGE_DELAY` says otherwise (for measuring).
fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: a plain setter of a valid option; mimalloc reads it when it next purges.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
}

/// Build a fast, searchable course-catalog website from Markdown and YAML.
#[derive(Parser)]
#[command(name = "prospectus", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only if everything succeeds).
    Build {
        /// The site's folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Publish records marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Use this base URL instead of site.yaml's `base_url`.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Check everything a build checks, and write nothing.
    Check {
        /// The site's folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Check drafts too, as `build --drafts` would publish them.
        #[arg(long)]
        drafts: bool,
    },
    /// Preview the site at http://127.0.0.1:1111/, rebuilt and reloaded as you edit (nothing is written).
    Serve {
        /// The site's folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; the next free one is used if it is taken (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Anything but loopback exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Show records marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the browser once it is built.
        #[arg(long)]
        open: bool,
        /// Poll files for changes (for network or virtual file systems without inotify).
        #[arg(long)]
        poll: bool,
    },
    /// Create a new site with one record of each kind.
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
    },
    /// Create a new record from a template (never overwrites).
    New {
        /// The kind of record.
        #[arg(value_enum)]
        kind: scaffold::Kind,
        /// Its id: lowercase letters, digits and dashes.
        id: String,
        /// The site's folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    tune_allocator();
    match Cli::parse().command {
        Command::Build { root, out, drafts, base_url } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let options = Options { root, drafts, base_url };
            match prospectus::build(&options, &out) {
                Ok(site) => {
                    let total: f64 = site.timings.iter().map(|(_, d)| d.as_secs_f64()).sum();
                    let stages: Vec<String> = site
                        .timings
                        .iter()
                        .map(|(name, d)| format!("{name} {:.0} ms", d.as_secs_f64() * 1e3))
                        .collect();
                    eprintln!(
                        "built {} pages ({} files) into {} in {:.2} s ({})",
                        site.pages,
                        site.file_count,
                        out.display(),
                        total,
                        stages.join(", ")
                    );
                    let h = site.highlight;
                    let share = |hits: u64, misses: u64| 100.0 * hits as f64 / (hits + misses).max(1) as f64;
                    eprintln!(
                        "highlighting: {} code blocks ({:.0}% cached whole), {} lines parsed, {} from the line cache ({:.0}%)",
                        h.block_hits + h.block_misses,
                        share(h.block_hits, h.block_misses),
                        h.line_misses,
                        h.line_hits,
                        share(h.line_hits, h.line_misses)
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => report(&failure, Format::Human, "nothing was written"),
            }
        }
        // `check` skips highlighting, which cannot fail (see `prospectus::validate`).
        Command::Check { root, format, drafts } => match validate(&Options { root, drafts, base_url: None }) {
            Ok(site) => {
                if format == Format::Human {
                    eprintln!("no problems found ({} pages)", site.pages);
                } else if format == Format::Json {
                    println!("[]");
                }
                ExitCode::SUCCESS
            }
            Err(failure) => report(&failure, format, "nothing to write in a check"),
        },
        Command::Serve { root, port, bind, drafts, open, poll } => {
            let options = prospectus::serve::ServeOptions { root, bind, port, drafts, open, poll, color: color() };
            match prospectus::serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Init { dir } => match scaffold::init(&dir) {
            Ok(files) => {
                files.iter().for_each(|f| eprintln!("created {}", f.display()));
                eprintln!("\nnext: prospectus build --root {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(d) => report_one(d),
        },
        Command::New { kind, id, root } => match scaffold::new_record(&root, kind, &id) {
            Ok(path) => {
                eprintln!("created {}", path.display());
                ExitCode::SUCCESS
            }
            Err(d) => report_one(d),
        },
    }
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints every diagnostic and the closing line; content errors exit with 1.
fn report(failure: &Failure, format: Format, outcome: &str) -> ExitCode {
    let text = diagnostics::render(&failure.diagnostics, &failure.sources, format, color());
    match format {
        Format::Human => {
            eprint!("{text}");
            eprintln!("error: {}; {outcome}", diagnostics::summary(&failure.diagnostics));
        }
        Format::Json | Format::Github => print!("{text}"),
    }
    ExitCode::from(1)
}

fn report_one(diagnostic: Diagnostic) -> ExitCode {
    report(
        &Failure { diagnostics: vec![diagnostic], sources: Sources::default() },
        Format::Human,
        "nothing was changed",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    unsafe extern "C" {
        fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    }

    /// The option's number is right: it is the one option whose default is 1000 (ms) in
    /// mimalloc 3, and setting it is what `tune_allocator` does.
    #[test]
    fn purge_delay_is_the_option_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: plain getters and setters of a valid option.
        unsafe {
            assert_eq!(mi_option_get(MI_OPTION_PURGE_DELAY), 1000);
            tune_allocator();
            assert_eq!(mi_option_get(MI_OPTION_PURGE_DELAY), PURGE_DELAY_MS);
        }
    }
}
