//! Reading one content file: size limit, UTF-8, byte-order mark, emptiness.

use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, io_error};

/// The largest content file read, in bytes. Larger files are an error, not a slow build.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
// YAML may expand to twice the largest file (see `yaml::MAX_VALUE_BYTES`).
const _: () = assert!(crate::yaml::MAX_VALUE_BYTES as u64 == 2 * MAX_FILE_BYTES);

/// A content file's text, without its byte-order mark.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Path relative to the site root, `/`-separated, as shown in diagnostics.
    pub file: String,
    /// The whole text. Spans in diagnostics are byte offsets into it.
    pub text: Arc<str>,
}

/// A part of a file's text (or a text of its own), shared rather than copied: a
/// Markdown body points into the file text that [`crate::diagnostics::Sources`]
/// keeps for diagnostics, so a catalog holds each file once (copies of the bodies
/// were most of a large build's peak memory: benches/RESULTS.md, "Peak memory at 100k").
#[derive(Clone, Default)]
pub struct SharedText {
    text: Arc<str>,
    range: std::ops::Range<usize>,
}

impl SharedText {
    /// `range` of `text`, which must lie on character boundaries (it is checked).
    pub fn slice(text: &Arc<str>, range: std::ops::Range<usize>) -> Self {
        assert!(text.get(range.clone()).is_some(), "a shared text's range lies on character boundaries");
        SharedText { text: text.clone(), range }
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> Self {
        let range = 0..text.len();
        SharedText { text: Arc::from(text), range }
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text[self.range.clone()]
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// Why a file could not be read, with the part of its text worth showing (if any).
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// The problem.
    pub diagnostic: Diagnostic,
    /// The text to show around the problem (the valid prefix of a file that is not UTF-8).
    pub shown: Option<SourceText>,
}

impl From<Diagnostic> for Unreadable {
    fn from(diagnostic: Diagnostic) -> Self {
        Self { diagnostic, shown: None }
    }
}

/// Reads `path` as UTF-8 text, refusing huge, binary and empty files.
pub fn read(path: &Path, file: &str) -> Result<SourceText, Unreadable> {
    let at = |d: Diagnostic| d.at(file, 0..0);
    let cannot = |e: std::io::Error| Unreadable::from(at(io_error("cannot read this file", &e)));
    let metadata = std::fs::metadata(path).map_err(cannot)?;
    if !metadata.is_file() {
        // Opening a FIFO would block the build forever; a device could be endless.
        let message = "not a regular file (a folder, FIFO, socket or device)";
        let hint = "content files are ordinary text files: replace it with one, or remove it";
        return Err(at(Diagnostic::error(message)).hint(hint).into());
    }
    check_size(metadata.len(), file)?;
    // Reads at most one byte past the limit, so a file growing while it is read cannot exhaust memory.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0).saturating_add(1));
    std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(cannot)?;
    from_bytes(bytes, file)
}

/// The checks of [`read`] on a file's bytes already in memory: size, UTF-8, NUL bytes, emptiness.
pub fn from_bytes(bytes: Vec<u8>, file: &str) -> Result<SourceText, Unreadable> {
    let at = |d: Diagnostic| d.at(file, 0..0);
    check_size(bytes.len() as u64, file)?;
    let text = decode(bytes, file)?;
    if text.trim().is_empty() {
        let diagnostic = at(Diagnostic::error("file is empty")).hint(empty_hint(file));
        // Kept so the diagnostic has a line and column (1:1) in every format.
        let shown = SourceText { file: file.to_owned(), text: Arc::from(text) };
        return Err(Unreadable { diagnostic, shown: Some(shown) });
    }
    Ok(SourceText { file: file.to_owned(), text: Arc::from(text) })
}

/// Refuses a file larger than [`MAX_FILE_BYTES`], before it is read.
fn check_size(len: u64, file: &str) -> Result<(), Unreadable> {
    if len <= MAX_FILE_BYTES {
        return Ok(());
    }
    let message = format!("file is too large ({len} bytes; the limit is {MAX_FILE_BYTES} bytes, 8 MiB)");
    let hint = "split it into several records, or move large assets to content/static/";
    Err(Diagnostic::error(message).at(file, 0..0).hint(hint).into())
}

fn empty_hint(file: &str) -> &'static str {
    if file.ends_with(".md") {
        "start it with front matter between `---` lines, e.g. `---\\ntitle: …\\n---`, or delete it"
    } else {
        "write the record's fields as YAML, or delete the file"
    }
}

/// UTF-8 decoding that points at the first invalid byte and drops a leading BOM.
fn decode(bytes: Vec<u8>, file: &str) -> Result<String, Unreadable> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            if let Some(nul) = text.find('\0') {
                let diagnostic = Diagnostic::error("file contains a NUL byte: it looks binary, not text")
                    .at(file, nul..nul)
                    .label("NUL byte here")
                    .hint("content files must be UTF-8 text; put binary files under content/static/");
                // Show the text before the NUL, so the pointer lands on its line and column.
                let shown = SourceText { file: file.to_owned(), text: Arc::from(&text[..nul]) };
                return Err(Unreadable { diagnostic, shown: Some(shown) });
            }
            Ok(text)
        }
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            // Show the valid prefix (without a BOM, as for valid files) so the
            // pointer lands on the bad byte's line and column.
            let bom = if bytes.starts_with(b"\xef\xbb\xbf") { 3 } else { 0 };
            let prefix = String::from_utf8_lossy(&bytes[bom..valid]).into_owned();
            let utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
            let message = if utf16 { "file is UTF-16, not UTF-8" } else { "file is not valid UTF-8" };
            let diagnostic = Diagnostic::error(message)
                .at(file, valid - bom..valid - bom)
                .label(format!("invalid byte 0x{:02x} here", bytes[valid]))
                .hint("save the file as UTF-8 (most editors have an `Encoding` menu)");
            let shown = SourceText { file: file.to_owned(), text: Arc::from(prefix) };
            Err(Unreadable { diagnostic, shown: Some(shown) })
        }
    }
}
