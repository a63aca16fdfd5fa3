//! A render that recalls the previous build's pages (`build --cache`; see
//! `crate::build_cache`): each page is fingerprinted (see [`super::context`]), and one whose
//! fingerprint and file are those the previous build recorded is handed over as that file
//! ([`Contents::Previous`]) instead of rendered. A module page's body is then not rendered
//! either: its fingerprint holds the body's key, not its HTML ([`BodyHtml::Deferred`]).
//!
//! `check --cache` recalls without files ([`Recall::proving`]): a page the previous build
//! rendered from the same fingerprint renders without an error (Tera is a pure function of
//! the fingerprinted inputs), so it is not rendered again, and nothing is handed over.

use std::path::Path;

use super::Contents;
use super::bodies::{BodyHtml, bodies_rendered_but_modules};
use super::cache::Memo;
use super::context::{Fingerprinted, PageContext};
use super::language::LanguageSite;
use super::pages::Page;
use super::theme::Theme;
use super::urls::Urls;
use super::views::Bodies;
use crate::build_cache::{FileState, Records};
use crate::diagnostics::Diagnostic;
use crate::link::catalog::*;
use crate::markdown::Highlighter;

/// The previous build's records, and what this render made of them.
pub struct Recall<'p> {
    previous: &'p Records,
    /// The previous output folder, which the records describe; `None` for a check, which
    /// hands no file over.
    out: Option<&'p Path>,
    /// Each page's fingerprint, by output file (a page without one is always rendered).
    fingerprints: Vec<(String, u64)>,
    /// Pages handed over from the previous output.
    pub kept: usize,
    /// Pages rendered.
    pub rendered: usize,
}

/// What became of one page.
pub enum Outcome {
    /// The previous output's file was handed over.
    Kept(u64),
    /// The page was rendered, from this fingerprint if it has one.
    Rendered(Option<u64>),
}

impl<'p> Recall<'p> {
    /// A render recalling `previous`, the records of the build that wrote `out`.
    pub fn new(previous: &'p Records, out: &'p Path) -> Self {
        Recall { previous, out: Some(out), fingerprints: Vec::new(), kept: 0, rendered: 0 }
    }

    /// A check's render recalling `previous`: it renders only the pages whose fingerprint the
    /// previous build did not render, to prove they render.
    pub fn proving(previous: &'p Records) -> Self {
        Recall { previous, out: None, fingerprints: Vec::new(), kept: 0, rendered: 0 }
    }

    /// Each page's fingerprint, by output file: what the next build recalls, once the files
    /// are published.
    pub fn into_fingerprints(self) -> Vec<(String, u64)> {
        self.fingerprints
    }

    /// Whether the previous build published `file` from `fingerprint` and (when files are
    /// handed over) it is still there, untouched.
    fn unchanged(&self, file: &str, fingerprint: u64) -> bool {
        self.previous.get(file).is_some_and(|recorded| {
            recorded.fingerprint == fingerprint
                && self.out.is_none_or(|out| FileState::of(&out.join(file)) == Some(recorded.file))
        })
    }
}

impl Memo for Recall<'_> {
    type Kept = Outcome;

    fn root_context(&self) -> PageContext<'static> {
        PageContext::root(Box::new(Fingerprinted::new()))
    }

    fn bodies(&mut self, site: &LanguageSite<'_>, highlighter: &Highlighter) -> Bodies {
        bodies_rendered_but_modules(site, highlighter)
    }

    fn module_body<'b>(
        &self,
        _: &'b Bodies,
        catalog: &'b Catalog,
        m: ModuleIx,
        urls: &'b Urls,
        highlighter: &'b Highlighter,
    ) -> BodyHtml<'b> {
        BodyHtml::deferred(&catalog[m].body.markdown, urls, highlighter)
    }

    fn page(&self, page: Page<'_>, file: &str, theme: &Theme) -> Result<(Contents, Outcome), Diagnostic> {
        let fingerprint = page.fingerprint(theme);
        if let Some(fingerprint) = fingerprint
            && self.unchanged(file, fingerprint)
        {
            // A check's sink takes nothing: it is handed no file.
            let contents = self.out.map_or(Contents::Bytes(Vec::new()), |out| Contents::Previous(out.join(file)));
            return Ok((contents, Outcome::Kept(fingerprint)));
        }
        // A check's render (no output folder) only proves that the page renders.
        Ok((page.file(theme, self.out.is_none())?, Outcome::Rendered(fingerprint)))
    }

    fn keep(&mut self, file: String, outcome: Outcome) {
        let fingerprint = match outcome {
            Outcome::Kept(fingerprint) => {
                self.kept += 1;
                Some(fingerprint)
            }
            Outcome::Rendered(fingerprint) => {
                self.rendered += 1;
                fingerprint
            }
        };
        if let Some(fingerprint) = fingerprint {
            self.fingerprints.push((file, fingerprint));
        }
    }

    fn finish(&mut self, _: Bodies) {}

    fn recalls_pages(&self) -> bool {
        !self.previous.is_empty()
    }
}
