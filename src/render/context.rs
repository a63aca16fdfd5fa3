//! A page's Tera context, and a fingerprint of everything it holds.
//!
//! A page's fingerprint hashes everything Tera sees: the theme's identity (every
//! template and string), the template's name and each value of the page's
//! context, serialized. Tera output is a pure function of those, so a page
//! whose fingerprint is unchanged would render to the same bytes: the memoising
//! render cache ([`super::cache`]) skips it. Renders that keep nothing do not fingerprint.

use std::hash::{Hash, Hasher};

use serde::Serialize;
use tera::Context;

use crate::hash::Fingerprint;

/// A value to put into a Tera context, if the page is rendered.
type Deferred<'a> = Box<dyn FnOnce(&mut Context) + Send + Sync + 'a>;

/// A page's Tera context, and a fingerprint of it: every value put in is hashed as it
/// serializes (struct fields in declaration order, maps sorted). Tera's own values are not
/// hashed because its maps do not keep a stable order. When fingerprinting, values are
/// only turned into Tera values by [`PageContext::into_context`], so a page whose
/// fingerprint is known costs its views and a hash, not a Tera context.
pub(super) struct PageContext<'a> {
    /// The globals, for a page's context (they are hashed already).
    globals: Option<&'a Context>,
    /// Values already in Tera's form.
    context: Context,
    /// Values to convert if the page is rendered.
    pending: Vec<Deferred<'a>>,
    /// The running hash; `None` when nothing is cached (full builds).
    hasher: Option<Fingerprint>,
}

impl<'a> PageContext<'a> {
    /// An empty context (for the globals); `fingerprinted` when a cache will use the hash.
    pub fn root(fingerprinted: bool) -> Self {
        Self {
            globals: None,
            context: Context::new(),
            pending: Vec::new(),
            hasher: fingerprinted.then(Fingerprint::default),
        }
    }

    /// A page's context, starting from the globals every page receives.
    pub fn new(globals: &'a PageContext<'_>) -> Self {
        match &globals.hasher {
            Some(hasher) => Self {
                globals: Some(&globals.context),
                context: Context::new(),
                pending: Vec::new(),
                hasher: Some(hasher.clone()),
            },
            None => Self { globals: None, context: globals.context.clone(), pending: Vec::new(), hasher: None },
        }
    }

    /// The values already in Tera's form: for a [`PageContext::root`], every global.
    pub fn tera_context(&self) -> &Context {
        &self.context
    }

    /// Adds a value every page sees as `key` (to a [`PageContext::root`]).
    pub fn insert_global<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.hash(key, value);
        self.context.insert(key, value);
    }

    /// Adds a value the template will see as `key`.
    pub fn insert<T: Serialize + Send + Sync + 'a>(&mut self, key: &'static str, value: T) {
        if self.hasher.is_none() {
            return self.context.insert(key, &value);
        }
        self.hash(key, &value);
        self.pending.push(Box::new(move |context: &mut Context| context.insert(key, &value)));
    }

    /// Feeds `key` and `value`, serialized, to the fingerprint (when there is one). The JSON
    /// is streamed into the hasher: the multi-megabyte lists of the home and catalog pages
    /// are never held as text.
    fn hash<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        let Some(hasher) = &mut self.hasher else { return };
        key.hash(hasher);
        if serde_json::to_writer(hasher, value).is_err() {
            // Unhashable: never reuse this page.
            self.hasher = None;
        }
    }

    /// Hash of everything the output depends on: the theme, the template and every value.
    /// `None` when the page is not fingerprinted (it is then always rendered).
    pub fn fingerprint(&self, theme_identity: u64, template: &str) -> Option<u64> {
        let mut hasher = self.hasher.clone()?;
        (theme_identity, template).hash(&mut hasher);
        Some(hasher.finish())
    }

    /// The context to render the page with.
    pub fn into_context(self) -> Context {
        let mut context = self.globals.cloned().unwrap_or_default();
        context.extend(self.context);
        for insert in self.pending {
            insert(&mut context);
        }
        context
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_differ_when_a_value_differs() {
        let globals = PageContext::root(true);
        let mut a = PageContext::new(&globals);
        a.insert("page", serde_json::json!({"title": "A"}));
        let mut b = PageContext::new(&globals);
        b.insert("page", serde_json::json!({"title": "B"}));
        assert_ne!(a.fingerprint(1, "module.html"), b.fingerprint(1, "module.html"));
    }

    #[test]
    fn fingerprints_are_stable_and_differ_by_template_and_theme() {
        #[derive(Serialize)]
        struct View {
            a: u8,
            b: &'static str,
            c: Vec<u8>,
        }
        let root = PageContext::root(true);
        let page = || {
            let mut page = PageContext::new(&root);
            page.insert("page", View { a: 1, b: "x", c: vec![1, 2] });
            page
        };
        assert_eq!(page().fingerprint(1, "module.html"), page().fingerprint(1, "module.html"));
        assert_ne!(page().fingerprint(1, "module.html"), page().fingerprint(1, "page.html"));
        assert_ne!(page().fingerprint(1, "module.html"), page().fingerprint(2, "module.html"));
        assert!(page().into_context().get("page").is_some());
    }

    #[test]
    fn full_builds_do_not_fingerprint() {
        let root = PageContext::root(false);
        let mut page = PageContext::new(&root);
        page.insert("page", 1);
        assert_eq!(page.fingerprint(1, "module.html"), None);
    }
}
