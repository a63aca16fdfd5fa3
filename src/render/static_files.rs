//! The content's static files, copied as they are, and which generated files they may not overwrite.

use std::collections::BTreeSet;

use super::{Contents, OutputFile};
use crate::diagnostics::Diagnostic;
use crate::link::catalog::Catalog;

/// What a static file may not replace; it may replace the rest (theme assets, highlight.css).
pub(super) fn protected(path: &str) -> bool {
    path.ends_with(".html")
        || path.ends_with(".xml")
        || path.ends_with(".json")
        || path == "robots.txt"
        || path.starts_with("search/")
}

/// Adds content's static files to `outputs`; a file that would overwrite a generated one
/// (the pages' files in `generated`, or a [`protected`] file of `outputs`: feeds, sitemap,
/// robots.txt, the API, the search index) is an error, but it may replace a theme asset
/// (a site's own favicon, say).
pub(super) fn add_static_files(
    catalog: &Catalog,
    mut generated: BTreeSet<String>,
    outputs: &mut Vec<OutputFile>,
) -> Result<(), Vec<Diagnostic>> {
    generated.extend(outputs.iter().filter(|o| protected(&o.path)).map(|o| o.path.clone()));
    let mut errors = Vec::new();
    for file in &catalog.static_files {
        if generated.contains(&file.output) {
            let shown = format!("content/static/{}", file.output);
            errors.push(
                Diagnostic::error(format!("static file would overwrite the generated `{}`", file.output))
                    .at(&shown, 0..0)
                    .hint("rename or move it: the site generates this file itself"),
            );
            continue;
        }
        outputs.retain(|o| o.path != file.output);
        outputs.push(OutputFile { path: file.output.clone(), contents: Contents::Copy(file.source.clone()) });
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}
