//! The content's static files, copied as they are, and which generated files they may not overwrite.

use std::collections::BTreeSet;

use super::language::sites;
use super::pages::plans_in;
use super::urls::{SEARCH_FOLDER, Urls};
use super::{Contents, OutputFile, api, feeds};
use crate::diagnostics::Diagnostic;
use crate::link::catalog::Catalog;

/// What a static file may not replace; it may replace the rest (theme assets, highlight.css).
pub(super) fn protected(path: &str) -> bool {
    path.ends_with(".html")
        || path.ends_with(".xml")
        || path.ends_with(".json")
        || path == "robots.txt"
        || in_search_folder(path)
}

/// Whether an output path is in a search index's folder: the default language's `search/`,
/// another's `<lang>/search/`.
fn in_search_folder(path: &str) -> bool {
    let under_language = path.split_once('/').map_or(path, |(_, rest)| rest);
    path.starts_with(SEARCH_FOLDER) || under_language.starts_with(SEARCH_FOLDER)
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
            errors.push(clash(&file.output));
            continue;
        }
        outputs.retain(|o| o.path != file.output);
        outputs.push(OutputFile { path: file.output.clone(), contents: Contents::Copy(file.source.clone()) });
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// Static files that would overwrite a file the render will generate, found before rendering
/// (from the catalog alone, so alongside every other error of the site): its pages, robots.txt,
/// the sitemap index and first sitemap, the feeds, the API and the content files' schemas.
/// The search index's files and further sitemaps depend on what is rendered;
/// [`add_static_files`] checks those.
pub fn clashes(catalog: &Catalog) -> Vec<Diagnostic> {
    let urls = Urls::new(&catalog.config);
    let sites = sites(catalog);
    let pages =
        sites.iter().flat_map(|site| plans_in(site).into_iter().map(|plan| plan.path(site.catalog(), &site.urls)));
    let feeds = sites.iter().flat_map(|site| feeds::paths(site));
    let site_files = [urls.robots(), urls.sitemap_index(), urls.sitemap_part(1)];
    let content_schemas = crate::schema::content_schemas().into_iter().map(|schema| urls.content_schema(schema.name));
    let generated: BTreeSet<String> = pages
        .chain(site_files)
        .chain(content_schemas)
        .chain(feeds)
        .chain(api::paths(&urls))
        .map(|path| urls.output_file(&path))
        .collect();
    catalog
        .static_files
        .iter()
        .filter(|file| generated.contains(&file.output))
        .map(|file| clash(&file.output))
        .collect()
}

/// The error for a static file at output path `output` that the site generates itself.
fn clash(output: &str) -> Diagnostic {
    Diagnostic::error(format!("static file would overwrite the generated `{output}`"))
        .at(&format!("content/static/{output}"), 0..0)
        .hint("rename or move it: the site generates this file itself")
}
