//! `prospectus lsp`: a language server for the content folder, over stdio.
//!
//! Built on `lsp-server` and `lsp-types` (rust-analyzer's): a plain synchronous message
//! loop, which suits a pipeline that is itself synchronous and parallel with rayon.
//! Diagnostics come from the same stages as `prospectus check` ([`Workspace::check`]) run
//! on the files on disk with the editor's unsaved texts laid over them; only the edited
//! file is parsed again on a keystroke (serve's per-file load cache), then the whole site
//! is linked, so an edit's effects on other files show at once. Every page through its
//! template (check's render stage, seconds on a large site) runs on start and on save; what
//! it found is shown until then while the content links without errors.
//!
//! A request that panics is answered with an error and logged; the server goes on.

mod features;
mod fields;
mod index;
mod position;
mod workspace;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, InitializeParams, Location, OneOf, PublishDiagnosticsParams,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};

pub use workspace::Workspace;

use crate::Options;
use crate::diagnostics::{Diagnostic, Severity, Sources};

/// Runs the server on stdin and stdout until the client says `exit`. `root` is the site's
/// folder; `None`: the workspace folder the client names, else the working directory.
pub fn run(root: Option<PathBuf>, drafts: bool) -> Result<(), String> {
    let (connection, io) = Connection::stdio();
    let capabilities = serde_json::to_value(capabilities()).map_err(|e| e.to_string())?;
    let params = connection.initialize(capabilities).map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).map_err(|e| e.to_string())?;
    let root = root.or_else(|| client_root(&params)).unwrap_or_else(|| PathBuf::from("."));
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let mut server = Server::new(Options { root, drafts, base_url: None, deny_warnings: false });
    if watches_files(&params) {
        connection.sender.send(watch_request().into()).map_err(|e| e.to_string())?;
    }
    server.main_loop(&connection)?;
    drop(connection);
    io.join().map_err(|e| e.to_string())
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        completion_provider: Some(lsp_types::CompletionOptions {
            trigger_characters: Some(vec!["/".into(), "#".into(), ":".into(), " ".into(), "[".into()]),
            ..Default::default()
        }),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

/// The folder the client opened: its first workspace folder, else its root URI.
#[allow(deprecated, reason = "root_uri is what older clients send")]
fn client_root(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params.workspace_folders.as_ref().and_then(|f| f.first()).map(|f| &f.uri);
    folder.or(params.root_uri.as_ref()).and_then(path_of)
}

/// Whether the client can watch files for the server (then changes made outside the editor,
/// such as a `git checkout`, are checked as they happen rather than at the next save).
fn watches_files(params: &InitializeParams) -> bool {
    let workspace = params.capabilities.workspace.as_ref();
    let watched = workspace.and_then(|w| w.did_change_watched_files.as_ref());
    watched.and_then(|w| w.dynamic_registration).unwrap_or(false)
}

/// Asks the client to report changes to the site's content and theme files.
fn watch_request() -> Request {
    let watcher = |glob: &str| lsp_types::FileSystemWatcher {
        glob_pattern: lsp_types::GlobPattern::String(glob.to_owned()),
        kind: None,
    };
    let options = lsp_types::DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![watcher("**/content/**"), watcher("**/themes/**")],
    };
    let registration = lsp_types::Registration {
        id: "prospectus-files".to_owned(),
        method: notif::DidChangeWatchedFiles::METHOD.to_owned(),
        register_options: serde_json::to_value(options).ok(),
    };
    let params = lsp_types::RegistrationParams { registrations: vec![registration] };
    Request::new("prospectus/watch".to_owned().into(), req::RegisterCapability::METHOD.to_owned(), params)
}

/// The path of a `file:` URI.
fn path_of(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// The `file:` URI of a path.
fn uri_of(path: &Path) -> Option<Uri> {
    Uri::from_str(url::Url::from_file_path(path).ok()?.as_str()).ok()
}

struct Server {
    workspace: Workspace,
    /// What the client shows now, by file relative to the site root (files without
    /// diagnostics left out): a check publishes only the files whose diagnostics changed,
    /// so a keystroke on a site with warnings in thousands of files sends a few messages.
    published: BTreeMap<String, Vec<lsp_types::Diagnostic>>,
    /// Something changed since diagnostics were last published.
    dirty: bool,
    /// The next check renders every page too (on start and after a save).
    render_due: bool,
    /// What the last check that rendered every page found, by file: shown while later
    /// checks (which do not render) find the content sound, until the next one renders.
    template_problems: BTreeMap<String, Vec<lsp_types::Diagnostic>>,
    /// The warnings of the last check that linked, by file: shown while later checks stop
    /// at errors (which leave no catalog to warn about), so that an error typed and fixed
    /// does not clear and restore every warning of the site.
    warnings: BTreeMap<String, Vec<lsp_types::Diagnostic>>,
}

impl Server {
    fn new(options: Options) -> Self {
        let mut workspace = Workspace::new(options);
        workspace.rescan();
        Server {
            workspace,
            published: BTreeMap::new(),
            dirty: true,
            render_due: true,
            template_problems: BTreeMap::new(),
            warnings: BTreeMap::new(),
        }
    }

    fn main_loop(&mut self, connection: &Connection) -> Result<(), String> {
        let send = |message: Message| connection.sender.send(message).map_err(|e| e.to_string());
        loop {
            // Edits arriving faster than checks are coalesced: check once the queue is empty.
            if self.dirty && connection.receiver.is_empty() {
                for message in self.publish() {
                    send(message.into())?;
                }
            }
            let Ok(message) = connection.receiver.recv() else { return Ok(()) };
            match message {
                Message::Request(request) => {
                    if connection.handle_shutdown(&request).map_err(|e| e.to_string())? {
                        return Ok(());
                    }
                    send(self.respond(request).into())?;
                }
                Message::Notification(notification) => {
                    let method = notification.method.clone();
                    if catch_unwind(AssertUnwindSafe(|| self.notified(notification))).is_err() {
                        send(log_message(&format!("prospectus lsp: handling {method} failed (see its log)")).into())?;
                    }
                }
                Message::Response(_) => {}
            }
        }
    }

    /// Answers a request; a panic becomes an error response, and the server lives on.
    fn respond(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let method = request.method.clone();
        match catch_unwind(AssertUnwindSafe(|| self.request(request))) {
            Ok(Ok(value)) => Response { id, response_result: Ok(value) },
            Ok(Err(message)) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
            Err(_) => Response::new_err(id, ErrorCode::InternalError as i32, format!("{method} failed: see the log")),
        }
    }

    fn request(&mut self, request: Request) -> Result<serde_json::Value, String> {
        let workspace = &self.workspace;
        let value = match request.method.as_str() {
            req::Completion::METHOD => to_json(features::completion(workspace, params(request)?)),
            req::HoverRequest::METHOD => to_json(features::hover(workspace, params(request)?)),
            req::GotoDefinition::METHOD => to_json(features::definition(workspace, params(request)?)),
            req::References::METHOD => to_json(features::references(workspace, params(request)?)),
            req::Rename::METHOD => to_json(features::rename(workspace, params(request)?)?),
            req::DocumentSymbolRequest::METHOD => to_json(features::symbols(workspace, params(request)?)),
            other => return Err(format!("unsupported request {other}")),
        };
        Ok(value)
    }

    fn notified(&mut self, notification: Notification) {
        let method = notification.method.clone();
        let method = method.as_str();
        match method {
            notif::DidOpenTextDocument::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidOpenTextDocumentParams>(method) {
                    self.edited(&p.text_document.uri, Some(p.text_document.text));
                    // A theme file opened: its problems come from the check of the whole site.
                    self.dirty = true;
                }
            }
            notif::DidChangeTextDocument::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidChangeTextDocumentParams>(method) {
                    // Full synchronisation: the last change holds the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        self.edited(&p.text_document.uri, Some(change.text));
                    }
                }
            }
            notif::DidSaveTextDocument::METHOD | notif::DidChangeWatchedFiles::METHOD => {
                self.workspace.rescan();
                (self.dirty, self.render_due) = (true, true);
            }
            notif::DidCloseTextDocument::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidCloseTextDocumentParams>(method) {
                    self.edited(&p.text_document.uri, None);
                }
            }
            _ => {}
        }
    }

    /// The editor's text of a document changed (`None`: it was closed).
    fn edited(&mut self, uri: &Uri, text: Option<String>) {
        let Some(inner) = content_path(&self.workspace.options().root, uri) else { return };
        match text {
            Some(text) => self.workspace.set_text(&inner, text),
            None => self.workspace.close(&inner),
        }
        self.dirty = true;
    }

    /// Checks the site and publishes every file's diagnostics, clearing those of fixed files.
    fn publish(&mut self) -> Vec<Notification> {
        let checked = self.workspace.check(std::mem::take(&mut self.render_due));
        self.dirty = false;
        let root = self.workspace.options().root.clone();
        let mut by_file = by_file(&checked.found.diagnostics, &checked.found.sources, &root);
        match (checked.linked, checked.rendered) {
            (true, true) => self.template_problems = by_file.clone(),
            (true, false) => by_file = self.template_problems.clone(),
            (false, _) => {}
        }
        // Warnings come from every check that links, never from the last render.
        if checked.linked {
            self.warnings = self::by_file(&checked.warnings, &checked.found.sources, &root);
        }
        for (file, warnings) in &self.warnings {
            by_file.entry(file.clone()).or_default().extend(warnings.iter().cloned());
        }
        let notifications: Vec<Notification> = changes(&self.published, &by_file)
            .filter_map(|(file, diagnostics)| {
                let params = PublishDiagnosticsParams { uri: uri_of(&root.join(file))?, diagnostics, version: None };
                Some(Notification::new(notif::PublishDiagnostics::METHOD.to_owned(), params))
            })
            .collect();
        self.published = by_file;
        notifications
    }
}

/// The files whose diagnostics differ between what the client shows (`shown`) and what a
/// check found (`found`), with their new diagnostics (empty: clear the file's).
fn changes<'a>(
    shown: &'a BTreeMap<String, Vec<lsp_types::Diagnostic>>,
    found: &'a BTreeMap<String, Vec<lsp_types::Diagnostic>>,
) -> impl Iterator<Item = (&'a String, Vec<lsp_types::Diagnostic>)> {
    let cleared = shown.keys().filter(|file| !found.contains_key(*file)).map(|file| (file, Vec::new()));
    let changed =
        found.iter().filter(|(file, now)| shown.get(*file) != Some(now)).map(|(file, now)| (file, now.clone()));
    cleared.chain(changed)
}

/// The path relative to `content/` of a document of the site, if it is one.
fn content_path(root: &Path, uri: &Uri) -> Option<String> {
    let path = path_of(uri)?;
    let relative = path.strip_prefix(root.join("content")).ok()?;
    let parts: Option<Vec<&str>> = relative.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

fn params<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, String> {
    serde_json::from_value(request.params).map_err(|e| format!("invalid parameters: {e}"))
}

fn to_json(value: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

fn log_message(message: &str) -> Notification {
    let params = lsp_types::LogMessageParams { typ: lsp_types::MessageType::ERROR, message: message.to_owned() };
    Notification::new(notif::LogMessage::METHOD.to_owned(), params)
}

/// Where a diagnostic without a file is shown: the site's settings.
const SITE_FILE: &str = "content/site.yaml";

/// The diagnostics as the protocol has them, by file (relative to the site root).
pub fn by_file(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    root: &Path,
) -> BTreeMap<String, Vec<lsp_types::Diagnostic>> {
    let mut by_file: BTreeMap<String, Vec<lsp_types::Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        let file = d.location.as_ref().map_or(SITE_FILE, |l| l.file.as_str());
        by_file.entry(file.to_owned()).or_default().push(to_lsp(d, sources, root));
    }
    by_file
}

/// One diagnostic as the protocol has it: the label and the hint follow the message, the
/// related places are `relatedInformation` (`root`: the site's folder, absolute).
pub fn to_lsp(d: &Diagnostic, sources: &Sources, root: &Path) -> lsp_types::Diagnostic {
    let range = |location: Option<&crate::diagnostics::Location>| {
        location.and_then(|l| sources.get(&l.file).map(|text| position::range(text, &l.span))).unwrap_or_default()
    };
    let mut message = d.message.clone();
    if let Some(label) = &d.label {
        message = format!("{message}\n{label}");
    }
    if let Some(hint) = &d.hint {
        message = format!("{message}\nhint: {hint}");
    }
    let related = d
        .related
        .iter()
        .filter_map(|r| {
            let uri = uri_of(&root.join(&r.location.file))?;
            let location = Location { uri, range: range(Some(&r.location)) };
            Some(DiagnosticRelatedInformation { location, message: r.message.clone() })
        })
        .collect::<Vec<_>>();
    lsp_types::Diagnostic {
        range: range(d.location.as_ref()),
        severity: Some(severity(d.severity)),
        source: Some("prospectus".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
    }
}
