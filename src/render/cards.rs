//! Each record's card, rendered once per render and shared by every list that shows it.
//!
//! A module appears as a card on the pages of the modules it unlocks or
//! requires, on its skills' pages, in the catalog lists and on the home page:
//! a site lists many times more cards than it has records (the counts at 10k
//! are in benches/RESULTS.md, "Third round"). Rendering the theme's card component once per record (the first
//! time a page needs it) and handing pages the markup as `card` turns Tera's
//! largest cost into a string copy. The card's data stays next to it, so a
//! template may still call the component itself (with other arguments, say).

use std::sync::{Mutex, OnceLock};

use serde::Serialize;
use tera::{Context, Value};

pub use super::context::Listed;
use super::context::PageContext;
use super::theme::Theme;
use crate::diagnostics::Diagnostic;
use crate::link::catalog::{Catalog, RoleIx};

/// The cards of one render, each record's made the first time a list shows it.
pub struct Cards<'a> {
    theme: &'a Theme,
    /// The pages' globals: what the components' implicit `@` parameters come from, and how
    /// the render holds listed records ([`PageContext::listed`]).
    globals: &'a PageContext<'static>,
    modules: Vec<Slot>,
    projects: Vec<Slot>,
    employers: Vec<Slot>,
    programmes: Vec<Slot>,
    /// By employer, then by the role's position.
    roles: Vec<Vec<Slot>>,
    /// Template errors of card components, each reported once however many pages show the card.
    errors: Mutex<Vec<Diagnostic>>,
}

/// What a render keeps of one record for its lists (see [`Cards::listed`]).
#[derive(Default)]
struct Slot {
    card: OnceLock<Value>,
    listed: OnceLock<Listed>,
}

/// A kind of card: the theme component that renders it and that component's record parameter.
#[derive(Clone, Copy)]
struct CardKind {
    component: &'static str,
    param: &'static str,
}

impl CardKind {
    /// `{{ <module_card m={…} /> }}`.
    const MODULE: CardKind = CardKind { component: "module_card", param: "m" };
    /// `{{ <project_card p={…} /> }}`.
    const PROJECT: CardKind = CardKind { component: "project_card", param: "p" };
    /// `{{ <employer_card e={…} /> }}`.
    const EMPLOYER: CardKind = CardKind { component: "employer_card", param: "e" };
    /// `{{ <programme_card p={…} /> }}`.
    const PROGRAMME: CardKind = CardKind { component: "programme_card", param: "p" };
    /// `{{ <role_card r={…} /> }}`.
    const ROLE: CardKind = CardKind { component: "role_card", param: "r" };
}

impl<'a> Cards<'a> {
    /// No card yet, room for every record of `catalog`.
    pub(super) fn new(catalog: &Catalog, theme: &'a Theme, globals: &'a PageContext<'static>) -> Self {
        let slots = |n: usize| (0..n).map(|_| Slot::default()).collect();
        Cards {
            theme,
            globals,
            modules: slots(catalog.modules.len()),
            projects: slots(catalog.projects.len()),
            employers: slots(catalog.employers.len()),
            programmes: slots(catalog.programmes.len()),
            roles: catalog.employers.iter().map(|e| slots(e.roles.len())).collect(),
            errors: Mutex::new(Vec::new()),
        }
    }

    /// Module `ix` as lists show it: its view (made by `view` when needed) and its card.
    pub fn module<T: Serialize + Send + Sync>(&self, ix: usize, view: impl FnOnce() -> T) -> Listed {
        self.listed(&self.modules[ix], CardKind::MODULE, view)
    }

    /// Project `ix` as lists show it.
    pub fn project<T: Serialize + Send + Sync>(&self, ix: usize, view: impl FnOnce() -> T) -> Listed {
        self.listed(&self.projects[ix], CardKind::PROJECT, view)
    }

    /// Employer `ix` as lists show it.
    pub fn employer<T: Serialize + Send + Sync>(&self, ix: usize, view: impl FnOnce() -> T) -> Listed {
        self.listed(&self.employers[ix], CardKind::EMPLOYER, view)
    }

    /// Programme `ix` as lists show it.
    pub fn programme<T: Serialize + Send + Sync>(&self, ix: usize, view: impl FnOnce() -> T) -> Listed {
        self.listed(&self.programmes[ix], CardKind::PROGRAMME, view)
    }

    /// Role `r` as lists show it.
    pub fn role<T: Serialize + Send + Sync>(&self, r: RoleIx, view: impl FnOnce() -> T) -> Listed {
        self.listed(&self.roles[r.employer.0][r.position], CardKind::ROLE, view)
    }

    /// The template errors the card components raised, each once.
    pub fn into_errors(self) -> Vec<Diagnostic> {
        self.errors.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// A slot holds the record's card markup alone where the render does not fingerprint pages:
    /// the view is made again for every list that shows the record, since holding every
    /// listed record's view in Tera's form for the whole render cost several times the markup
    /// (about 400 MB at 100,000 modules: benches/RESULTS.md, "Memory at 100k"). A render that
    /// fingerprints pages keeps the record as listed, view, card and hash, made once: hashing
    /// a list then costs a number per record (see [`Listed`]).
    fn listed<T: Serialize + Send + Sync>(&self, slot: &Slot, kind: CardKind, view: impl FnOnce() -> T) -> Listed {
        if self.globals.shares_listed() {
            let listed = || {
                let view = view();
                self.globals.listed(&view, self.render(kind, Value::from_serializable(&view)))
            };
            return slot.listed.get_or_init(listed).clone();
        }
        let view = view();
        let card = slot.card.get_or_init(|| self.render(kind, Value::from_serializable(&view)));
        self.globals.listed(&view, card.clone())
    }

    /// The markup of `view`'s card. A component that fails gives an empty card (its error is
    /// reported once, by [`Cards::into_errors`]); a theme without the component gives none,
    /// and a template showing `card` fails where it does.
    fn render(&self, kind: CardKind, view: Value) -> Value {
        if !self.theme.tera.contains_component(kind.component) {
            return Value::undefined();
        }
        let mut args = Context::new();
        args.insert_value(kind.param, view);
        let globals = self.globals.tera_context();
        match self.theme.tera.render_component_with_implicits(kind.component, &args, globals, None, true) {
            Ok(html) => Value::safe_string(&html),
            Err(error) => {
                let diagnostic = self.theme.error(&error);
                let mut errors = self.errors.lock().unwrap_or_else(|e| e.into_inner());
                if !errors.contains(&diagnostic) {
                    errors.push(diagnostic);
                }
                Value::safe_string("")
            }
        }
    }
}
