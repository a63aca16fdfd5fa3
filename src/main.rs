//! The `prospectus` command line: parses arguments, calls the library, maps results to exit codes.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use prospectus::diagnostics::{self, Diagnostic, Format, Sources};
use prospectus::write::Durability;
use prospectus::{Failure, Options, Warnings, reader_base, root_seen_from, scaffold, validate};

mod progress;

/// mimalloc instead of glibc's malloc: a build allocates and frees millions of
/// small strings and Tera values from every thread at once, which glibc's
/// `malloc`/`free` serve slowly (figures in benches/RESULTS.md, "Third round").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process, as `MIMALLOC_ALLOW_THP=0` would.
/// mimalloc asks the kernel for huge pages, and the kernel zeroes each 2 MiB page as it is
/// first touched: at 10k modules a cached build's kernel then zeroed several times the
/// memory it used, and a 1-module build spent a sixth of its time there (benches/RESULTS.md,
/// "Issue 16, round three"). Processes started from this one inherit the setting: only the
/// browser `serve --open` starts, which then runs without huge pages.
fn no_huge_pages() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
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
        /// Publish without waiting for the files to reach the disk (for throwaway output:
        /// a power cut soon after may leave empty or truncated files).
        #[arg(long)]
        no_sync: bool,
        /// Keep what the next build may reuse in this folder, and reuse what the previous
        /// cached build kept there: only pages whose inputs changed are rendered
        /// [default folder: <root>/.prospectus-cache].
        #[arg(long, value_name = "DIR")]
        cache: Option<Option<PathBuf>>,
        /// Also print how code highlighting went (blocks, lines, cache hits).
        #[arg(long, short)]
        verbose: bool,
        /// Fail (writing nothing) when the checks find any warning.
        #[arg(long)]
        deny_warnings: bool,
        /// How to print warnings and errors.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
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
        /// Fail (exit 1) when the checks find any warning.
        #[arg(long)]
        deny_warnings: bool,
        /// Read the build cache of `build --cache` (never written by a check): pages the last
        /// cached build rendered from the same inputs are not rendered again
        /// [default folder: <root>/.prospectus-cache].
        #[arg(long, value_name = "DIR")]
        cache: Option<Option<PathBuf>>,
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
        /// Also answer requests naming the server NAME (a host name or address clients use to
        /// reach it, e.g. on a LAN); repeatable. Loopback names and the bound address always work.
        #[arg(long = "allowed-host", value_name = "NAME")]
        allowed_hosts: Vec<String>,
        /// How the error view links a file to your editor: a URL with {path} (absolute),
        /// {line} and {column}.
        #[arg(long, value_name = "URL", default_value = prospectus::serve::problems::DEFAULT_EDITOR_URL)]
        editor_url: String,
    },
    /// Run the language server on stdin and stdout, for editors (see docs/lsp.md).
    Lsp {
        /// The site's folder, holding content/ [default: the folder the editor opened].
        #[arg(long)]
        root: Option<PathBuf>,
        /// Check drafts too, as `build --drafts` would publish them.
        #[arg(long)]
        drafts: bool,
    },
    /// Write the JSON Schemas of the content files (site.json, module.json, …) for editors.
    Schema {
        /// The folder to write them to (created if missing; files are replaced).
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
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
        /// Instead, a translation of the existing record ID into this language (`fr`): its
        /// text copied from the original, to translate in place.
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        /// The site's folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// The build cache's folder in the site's folder when `--cache` names none.
const DEFAULT_CACHE: &str = ".prospectus-cache";

/// What the build cache saved (the unchanged pages were `what`), and why it saved less when it did.
fn report_cache(cache: &prospectus::CacheUse, what: &str) {
    for notice in &cache.notices {
        eprintln!("warning: {notice}");
    }
    eprintln!("build cache: {} pages unchanged and {what}, {} rendered", cache.kept, cache.rendered);
}

fn main() -> ExitCode {
    no_huge_pages();
    match Cli::parse().command {
        Command::Build { root, out, drafts, base_url, no_sync, cache, verbose, deny_warnings, format } => {
            let seen = root_seen_from(&reader_base(), &root);
            let out = out.unwrap_or_else(|| root.join("public"));
            let cache = cache.map(|dir| dir.unwrap_or_else(|| root.join(DEFAULT_CACHE)));
            let options = Options { root, drafts, base_url, deny_warnings };
            let durability = if no_sync { Durability::CacheOnly } else { Durability::OnDisk };
            let bar = progress::Bar::new();
            let built = prospectus::build(&options, &out, durability, cache.as_deref(), &bar);
            bar.finish();
            match built {
                Ok(site) => {
                    report_warnings(&site.warnings.under(&seen), format);
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
                    if let Some(cache) = &site.cache {
                        report_cache(cache, "kept");
                    }
                    if !verbose {
                        return ExitCode::SUCCESS;
                    }
                    let h = site.highlight;
                    let share = |hits: u64, misses: u64| 100.0 * hits as f64 / (hits + misses).max(1) as f64;
                    eprintln!(
                        "highlighting: {} code blocks ({:.0}% cached whole), {} lines parsed, {} from the line cache ({:.0}%), {} replayed",
                        h.block_hits + h.block_misses,
                        share(h.block_hits, h.block_misses),
                        h.line_misses,
                        h.line_hits,
                        share(h.line_hits, h.line_misses),
                        h.lines_replayed
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => report(failure.under(&seen), format, "nothing was written"),
            }
        }
        // `check` skips highlighting, which cannot fail (see `prospectus::validate`).
        Command::Check { root, format, drafts, deny_warnings, cache } => {
            let seen = root_seen_from(&reader_base(), &root);
            let cache = cache.map(|dir| dir.unwrap_or_else(|| root.join(DEFAULT_CACHE)));
            match validate(&Options { root, drafts, base_url: None, deny_warnings }, cache.as_deref()) {
                Ok(site) => {
                    if let Some(cache) = &site.cache {
                        report_cache(cache, "known to render");
                    }
                    let warnings = site.warnings.under(&seen);
                    report_warnings(&warnings, format);
                    if format == Format::Human && warnings.diagnostics.is_empty() {
                        eprintln!("no problems found ({} pages)", site.pages);
                    } else if format == Format::Human {
                        eprintln!("no errors ({} pages)", site.pages);
                    }
                    ExitCode::SUCCESS
                }
                Err(failure) => report(failure.under(&seen), format, "nothing to write in a check"),
            }
        }
        Command::Serve { root, port, bind, drafts, open, poll, allowed_hosts, editor_url } => {
            let color = color();
            let options = prospectus::serve::ServeOptions {
                root,
                bind,
                port,
                drafts,
                open,
                poll,
                allowed_hosts,
                color,
                editor_url,
            };
            match prospectus::serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Lsp { root, drafts } => match prospectus::lsp::run(root, drafts) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: the language server stopped: {error}");
                ExitCode::FAILURE
            }
        },
        Command::Schema { out } => match write_schemas(&out) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => report_one(Diagnostic::error(format!("cannot write to {}: {e}", out.display()))),
        },
        Command::Init { dir } => match scaffold::init(&dir) {
            Ok(files) => {
                files.iter().for_each(|f| eprintln!("created {}", f.display()));
                eprintln!("\nnext: prospectus build --root {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(d) => report_one(d),
        },
        Command::New { kind, id, lang, root } => match scaffold::new_record(&root, kind, &id, lang.as_deref()) {
            Ok(path) => {
                eprintln!("created {}", path.display());
                ExitCode::SUCCESS
            }
            Err(d) => report_one(d),
        },
    }
}

/// Writes every content schema into `out`, saying each file it wrote.
fn write_schemas(out: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    for schema in prospectus::schema::content_schemas() {
        let path = out.join(format!("{}.json", schema.name));
        std::fs::write(&path, schema.json)?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints every diagnostic and the closing line; content errors exit with 1.
fn report(failure: Failure, format: Format, outcome: &str) -> ExitCode {
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

/// Prints the warnings of a run that succeeded (JSON: always one array, `[]` when there is none).
fn report_warnings(warnings: &Warnings, format: Format) {
    if warnings.diagnostics.is_empty() && format != Format::Json {
        return;
    }
    let text = diagnostics::render(&warnings.diagnostics, &warnings.sources, format, color());
    match format {
        Format::Human => {
            eprint!("{text}");
            eprintln!("warning: {}", diagnostics::summary(&warnings.diagnostics));
        }
        Format::Json | Format::Github => print!("{text}"),
    }
}

fn report_one(diagnostic: Diagnostic) -> ExitCode {
    report(Failure { diagnostics: vec![diagnostic], sources: Sources::default() }, Format::Human, "nothing was changed")
}
