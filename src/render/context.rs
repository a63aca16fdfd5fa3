//! A page's Tera context, and how a render holds its values: [`Values`], with two
//! implementations the render's cache ([`super::cache::Memo`]) chooses between, so no
//! other render code asks which it has.
//!
//! * [`Direct`] (renders that keep nothing): values go into the Tera context as they come,
//!   and a listed record's view and card are one Tera value, made once per render.
//! * [`Fingerprinted`] (renders that keep pages): every value is also hashed into the
//!   page's fingerprint: the theme's identity (every template and string), the template's
//!   name and each value of the page's context, serialized. Tera output is a pure function
//!   of those, so a page whose fingerprint is unchanged would render to the same bytes: the
//!   memoising render cache skips it. Values are only turned into Tera values by
//!   [`PageContext::into_context`], so a page whose fingerprint is known costs its views and
//!   a hash, not a Tera context. Tera's own values are not hashed because its maps do not
//!   keep a stable order, so a listed record's view is kept as JSON, whose maps do.

use std::cell::Cell;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use tera::{Context, Value};

use crate::hash::Fingerprint;

/// A value a template sees, whatever its type.
pub(super) trait ContextValue: Send + Sync {
    /// Feeds `key` and the value, serialized as JSON, to `hasher`; false if it cannot be.
    fn hash_into(&self, key: &'static str, hasher: &mut Fingerprint) -> bool;
    /// Puts the value into `context` as `key`.
    fn insert_into(&self, key: &'static str, context: &mut Context);
    /// The value in Tera's form.
    fn tera(&self) -> Value;
    /// The value as JSON, if it can be.
    fn json(&self) -> Option<serde_json::Value>;
}

impl<T: Serialize + Send + Sync> ContextValue for T {
    fn hash_into(&self, key: &'static str, hasher: &mut Fingerprint) -> bool {
        key.hash(hasher);
        // Streamed into the hasher: the multi-megabyte lists of large pages are never text.
        serde_json::to_writer(hasher, self).is_ok()
    }

    fn insert_into(&self, key: &'static str, context: &mut Context) {
        context.insert(key, self);
    }

    fn tera(&self) -> Value {
        Value::from_serializable(self)
    }

    fn json(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }
}

/// How a render holds what templates see (see the module documentation).
pub(super) trait Values<'a>: Send + Sync {
    /// The values of a page that starts from these (the globals').
    fn page<'p>(&self) -> Box<dyn Values<'p> + 'p>;

    /// Takes a global, which `context` (the root's) holds already.
    fn global(&mut self, key: &'static str, value: &dyn ContextValue);

    /// Takes `value` as `key`: into `context` now, or kept for [`Values::finish`].
    fn insert(&mut self, context: &mut Context, key: &'static str, value: Box<dyn ContextValue + 'a>);

    /// The page's fingerprint, if it has one (see [`PageContext::fingerprint`]).
    fn fingerprint(&self, theme_identity: u64, template: &str) -> Option<u64>;

    /// Puts the values kept so far into `context`.
    fn finish(self: Box<Self>, context: &mut Context);

    /// A record as lists show it: `view` with its `card`, the markup made from the view.
    fn listed(&self, view: &dyn ContextValue, card: Value) -> Listed;

    /// Whether a record's [`Listed`] is made once per render and shared by every list (it is
    /// hashed once), rather than made for each list (which holds less memory).
    fn shares_listed(&self) -> bool;
}

/// Values that go straight into the Tera context; pages have no fingerprint.
pub(super) struct Direct;

impl<'a> Values<'a> for Direct {
    fn page<'p>(&self) -> Box<dyn Values<'p> + 'p> {
        Box::new(Direct)
    }

    fn global(&mut self, _: &'static str, _: &dyn ContextValue) {}

    fn insert(&mut self, context: &mut Context, key: &'static str, value: Box<dyn ContextValue + 'a>) {
        value.insert_into(key, context);
    }

    fn fingerprint(&self, _: u64, _: &str) -> Option<u64> {
        None
    }

    fn finish(self: Box<Self>, _: &mut Context) {}

    fn listed(&self, view: &dyn ContextValue, card: Value) -> Listed {
        // Every view is a struct, so a map.
        let Some(mut map) = view.tera().into_map() else { return Listed::Made(Value::none()) };
        map.insert("card".into(), card);
        Listed::Made(Value::from(map))
    }

    fn shares_listed(&self) -> bool {
        false
    }
}

/// Values hashed into the page's fingerprint as they come, and converted for Tera only
/// if the page is rendered.
#[derive(Default)]
pub(super) struct Fingerprinted<'a> {
    /// The running hash; `None` once a value could not be hashed (the page is then
    /// always rendered).
    hasher: Option<Fingerprint>,
    /// Values to convert if the page is rendered.
    pending: Vec<(&'static str, Box<dyn ContextValue + 'a>)>,
}

impl Fingerprinted<'_> {
    /// No value yet.
    pub fn new() -> Self {
        Fingerprinted { hasher: Some(Fingerprint::default()), pending: Vec::new() }
    }

    fn hash(&mut self, key: &'static str, value: &dyn ContextValue) {
        if let Some(hasher) = &mut self.hasher
            && !Hashing::during(|| value.hash_into(key, hasher))
        {
            self.hasher = None;
        }
    }
}

thread_local! {
    /// Whether this thread is serializing a value into a fingerprint (see [`Hashing`]).
    static HASHING: Cell<bool> = const { Cell::new(false) };
}

/// Whether a value is being serialized for a fingerprint rather than for a template. A value
/// that is costly to make and a pure function of something small (a Markdown body's HTML, of
/// its text) serializes as that small thing for a fingerprint, and is only made if the page is
/// rendered (see `super::views::BodyHtml`).
pub(super) struct Hashing;

impl Hashing {
    /// True while this thread serializes a value into a fingerprint.
    pub fn now() -> bool {
        HASHING.get()
    }

    /// Runs `hash` with [`Hashing::now`] true (and false again after, even if it panics).
    fn during<R>(hash: impl FnOnce() -> R) -> R {
        struct Reset;
        impl Drop for Reset {
            fn drop(&mut self) {
                HASHING.set(false);
            }
        }
        HASHING.set(true);
        let _reset = Reset;
        hash()
    }
}

impl<'a> Values<'a> for Fingerprinted<'a> {
    fn page<'p>(&self) -> Box<dyn Values<'p> + 'p> {
        Box::new(Fingerprinted { hasher: self.hasher.clone(), pending: Vec::new() })
    }

    fn global(&mut self, key: &'static str, value: &dyn ContextValue) {
        self.hash(key, value);
    }

    fn insert(&mut self, _: &mut Context, key: &'static str, value: Box<dyn ContextValue + 'a>) {
        self.hash(key, value.as_ref());
        self.pending.push((key, value));
    }

    fn fingerprint(&self, theme_identity: u64, template: &str) -> Option<u64> {
        let mut hasher = self.hasher.clone()?;
        (theme_identity, template).hash(&mut hasher);
        Some(hasher.finish())
    }

    fn finish(self: Box<Self>, context: &mut Context) {
        for (key, value) in self.pending {
            value.insert_into(key, context);
        }
    }

    fn listed(&self, view: &dyn ContextValue, card: Value) -> Listed {
        match view.json() {
            Some(view) => {
                let mut hasher = Fingerprint::default();
                let hashed = serde_json::to_writer(&mut hasher, &(&view, &card)).is_ok();
                Listed::Keyed(Arc::new(Keyed { view, card, hash: hashed.then(|| hasher.finish()) }))
            }
            // Not JSON: hashed as a Tera value, correct but never equal to a previous render's.
            None => Direct.listed(&NoJson(view), card),
        }
    }

    fn shares_listed(&self) -> bool {
        true
    }
}

/// A view that has no JSON form, listed through [`Direct`].
struct NoJson<'v>(&'v dyn ContextValue);

impl Serialize for NoJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.tera().serialize(serializer)
    }
}

/// A record in a list: its view, and its markup as `card` (made once per render for each
/// record: see [`super::cards`]).
#[derive(Clone)]
pub enum Listed {
    /// View and card as one Tera value, which Tera takes as it is.
    Made(Value),
    /// View and card as a fingerprinting render holds them (see [`Keyed`]).
    Keyed(Arc<Keyed>),
}

/// A listed record's view as JSON (which serializes in a stable order, for fingerprints), its
/// card (a Tera string marked safe, which serializes as a plain string) and the hash of both:
/// what the record adds to the fingerprint of a page listing it.
pub struct Keyed {
    view: serde_json::Value,
    card: Value,
    /// `None` if they could not be serialized (then hashed whole, as any value).
    hash: Option<u64>,
}

impl Serialize for Listed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (view, card) = match self {
            Listed::Made(value) => return value.serialize(serializer),
            Listed::Keyed(keyed) => match keyed.hash {
                Some(hash) if Hashing::now() => return serializer.serialize_u64(hash),
                _ => (&keyed.view, &keyed.card),
            },
        };
        let fields = view.as_object();
        let mut map = serializer.serialize_map(Some(fields.map_or(0, |f| f.len()) + 1))?;
        for (key, value) in fields.into_iter().flatten() {
            map.serialize_entry(key, value)?;
        }
        map.serialize_entry("card", card)?;
        map.end()
    }
}

/// A page's Tera context: the globals it starts from and the values put in, held as the
/// render's [`Values`] holds them.
pub(super) struct PageContext<'a> {
    /// The globals, for a page's context (the root holds them in `context`).
    globals: Option<&'a Context>,
    /// Values already in Tera's form.
    context: Context,
    values: Box<dyn Values<'a> + 'a>,
}

impl<'a> PageContext<'a> {
    /// An empty context for the globals, holding values as `values` does.
    pub fn root(values: Box<dyn Values<'a> + 'a>) -> Self {
        Self { globals: None, context: Context::new(), values }
    }

    /// A page's context, starting from the globals every page receives.
    pub fn new(globals: &'a PageContext<'_>) -> Self {
        Self { globals: Some(&globals.context), context: Context::new(), values: globals.values.page() }
    }

    /// The values already in Tera's form: for a [`PageContext::root`], every global.
    pub fn tera_context(&self) -> &Context {
        &self.context
    }

    /// Adds a value every page sees as `key` (to a [`PageContext::root`]).
    pub fn insert_global<T: Serialize + Send + Sync>(&mut self, key: &'static str, value: &T) {
        self.values.global(key, value);
        self.context.insert(key, value);
    }

    /// Adds a value the template will see as `key`.
    pub fn insert<T: Serialize + Send + Sync + 'a>(&mut self, key: &'static str, value: T) {
        self.values.insert(&mut self.context, key, Box::new(value));
    }

    /// Hash of everything the output depends on: the theme, the template and every value.
    /// `None` when the page is not fingerprinted (it is then always rendered).
    pub fn fingerprint(&self, theme_identity: u64, template: &str) -> Option<u64> {
        self.values.fingerprint(theme_identity, template)
    }

    /// A record as lists show it (see [`Values::listed`]).
    pub fn listed(&self, view: &dyn ContextValue, card: Value) -> Listed {
        self.values.listed(view, card)
    }

    /// Whether a record as listed may be shared by every list (see [`Values::shares_listed`]).
    pub fn shares_listed(&self) -> bool {
        self.values.shares_listed()
    }

    /// The context to render the page with.
    pub fn into_context(self) -> Context {
        let mut context = self.globals.cloned().unwrap_or_default();
        context.extend(self.context);
        self.values.finish(&mut context);
        context
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprinted() -> PageContext<'static> {
        PageContext::root(Box::new(Fingerprinted::new()))
    }

    #[test]
    fn fingerprints_differ_when_a_value_differs() {
        let globals = fingerprinted();
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
        let root = fingerprinted();
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
    fn fingerprints_cover_the_globals() {
        let mut a = fingerprinted();
        a.insert_global("site", &"A");
        let mut b = fingerprinted();
        b.insert_global("site", &"B");
        assert_ne!(PageContext::new(&a).fingerprint(1, "x.html"), PageContext::new(&b).fingerprint(1, "x.html"));
    }

    #[test]
    fn full_builds_do_not_fingerprint() {
        let root = PageContext::root(Box::new(Direct));
        let mut page = PageContext::new(&root);
        page.insert("page", 1);
        assert_eq!(page.fingerprint(1, "module.html"), None);
    }

    #[test]
    fn listed_records_hash_alike_when_their_views_are_alike() {
        #[derive(Serialize)]
        struct Card {
            title: &'static str,
            hours: u32,
            skills: Vec<&'static str>,
        }
        let root = fingerprinted();
        let page = |title| {
            let listed =
                root.listed(&Card { title, hours: 3, skills: vec!["a", "b"] }, Value::safe_string("<article>"));
            let mut page = PageContext::new(&root);
            page.insert("modules", vec![listed]);
            page.fingerprint(1, "x.html")
        };
        assert_eq!(page("A"), page("A"));
        assert_ne!(page("A"), page("B"));
    }

    #[test]
    fn listed_records_hash_apart_when_only_their_cards_differ() {
        let root = fingerprinted();
        let page = |card: &str| {
            let mut page = PageContext::new(&root);
            page.insert("modules", vec![root.listed(&serde_json::json!({"title": "A"}), Value::safe_string(card))]);
            page.fingerprint(1, "x.html")
        };
        assert_eq!(page("<a>"), page("<a>"));
        assert_ne!(page("<a>"), page("<b>"));
    }

    #[test]
    fn listed_records_show_their_view_and_card_either_way() {
        #[derive(Serialize)]
        struct Card {
            title: &'static str,
        }
        for root in [fingerprinted(), PageContext::root(Box::new(Direct))] {
            let mut page = PageContext::new(&root);
            page.insert("m", root.listed(&Card { title: "A&B" }, Value::safe_string("<b>A&B</b>")));
            let mut tera = tera::Tera::default();
            tera.add_raw_template("t.html", "{{ m.title }} {{ m.card }}").unwrap();
            assert_eq!(tera.render("t.html", &page.into_context()).unwrap(), "A&amp;B <b>A&B</b>");
        }
    }
}
