//! Reading one content file: size limit, UTF-8, byte-order mark, emptiness.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

/// The largest content file read, in bytes. Larger files are an error, not a slow build.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A content file's text, without its byte-order mark.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Path relative to the site root, `/`-separated, as shown in diagnostics.
    pub file: String,
    /// The whole text. Spans in diagnostics are byte offsets into it.
    pub text: Arc<str>,
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
    let metadata = std::fs::metadata(path).map_err(|e| at(io_error("cannot read this file", &e)))?;
    if metadata.len() > MAX_FILE_BYTES {
        let message = format!("file is too large ({} bytes; the limit is {MAX_FILE_BYTES})", metadata.len());
        let hint = "split it into several records, or move large assets to content/static/";
        return Err(at(Diagnostic::error(message)).hint(hint).into());
    }
    let bytes = std::fs::read(path).map_err(|e| at(io_error("cannot read this file", &e)))?;
    let text = decode(bytes, file)?;
    if text.trim().is_empty() {
        let diagnostic = at(Diagnostic::error("file is empty")).hint(empty_hint(file));
        // Kept so the diagnostic has a line and column (1:1) in every format.
        let shown = SourceText { file: file.to_owned(), text: Arc::from(text) };
        return Err(Unreadable { diagnostic, shown: Some(shown) });
    }
    Ok(SourceText { file: file.to_owned(), text: Arc::from(text) })
}

fn empty_hint(file: &str) -> &'static str {
    if file.ends_with(".md") {
        "start it with front matter between `---` lines, e.g. `---\\ntitle: …\\n---`, or delete it"
    } else {
        "write the record's fields as YAML, or delete the file"
    }
}

/// Turns an I/O error into a diagnostic that keeps the operating system's reason.
pub fn io_error(what: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("{what}: {error}"))
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
            let diagnostic = Diagnostic::error("file is not valid UTF-8")
                .at(file, valid - bom..valid - bom)
                .label(format!("invalid byte 0x{:02x} here", bytes[valid]))
                .hint("save the file as UTF-8 (most editors have an `Encoding` menu)");
            let shown = SourceText { file: file.to_owned(), text: Arc::from(prefix) };
            Err(Unreadable { diagnostic, shown: Some(shown) })
        }
    }
}
