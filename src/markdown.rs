//! Markdown rendering for record bodies.
//!
//! [`scan`] and [`render`] drive the same event pass ([`Pass`]), so the heading
//! ids that `scan` reports (and that other records link to) are by construction
//! the ids that end up in the HTML.

mod cache;
mod highlight;
mod style;

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, OffsetIter, Options, Parser, Tag, TagEnd,
};

pub use cache::CacheStats;
pub use highlight::Highlighter;

/// Prefix of link destinations that point at another record.
const INTERNAL_PREFIX: &str = "@/";

/// The caller's link resolver, as `render` receives it.
type Resolve<'r> = &'r dyn Fn(&InternalLink) -> Option<String>;

/// A heading found in a body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 for `#`, up to 6 for `######`.
    pub level: u8,
    /// The `id` attribute written in the HTML. Generated ids are unique within
    /// the body; an explicit `{#id}` is kept as written even if it repeats one.
    pub id: String,
    /// The heading's plain text, without markup.
    pub text: String,
}

/// A link to another record written as `@/kind/id.md#anchor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The path after `@/`, without the anchor, e.g. `modules/deep-learning.md`.
    pub target: String,
    /// The part after `#`, e.g. `Some("weekly-outline")`; `None` when absent or empty.
    pub anchor: Option<String>,
    /// Byte range in the body of the `@/...` destination text; the whole link's
    /// range when the destination cannot be located verbatim (e.g. it contains escapes).
    pub span: Range<usize>,
}

/// A link or image whose URL would run script (`javascript:`, `vbscript:`, `data:` outside images).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptUrl {
    /// The scheme, lowercased, e.g. `javascript`.
    pub scheme: String,
    /// Byte range in the body of the destination (or of the whole link, as for [`InternalLink::span`]).
    pub span: Range<usize>,
}

/// What one pass over a body finds: headings (with their final ids) and internal links.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Headings in document order.
    pub headings: Vec<Heading>,
    /// Internal links in document order (images excluded).
    pub links: Vec<InternalLink>,
    /// Links and images whose URL would run script; linking reports them as errors.
    pub script_urls: Vec<ScriptUrl>,
}

/// The scheme of a URL that would run script when followed or loaded, as a
/// browser reads it (ignoring leading spaces and control characters, and tabs
/// and newlines anywhere, in any case). `data:` is allowed for images only.
fn script_scheme(url: &str, image: bool) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect();
    let (scheme, rest) = cleaned.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    let image_data = image && rest.to_ascii_lowercase().starts_with("image/");
    match scheme.as_str() {
        "javascript" | "vbscript" => Some(scheme),
        "data" if !image_data => Some(scheme),
        _ => None,
    }
}

/// Finds the headings and internal links of a body without rendering it.
pub fn scan(body: &str) -> Scan {
    let mut pass = Pass::new(body, None, None);
    pass.by_ref().for_each(drop);
    pass.found
}

/// Renders a body to HTML. `resolve` maps each internal link to the URL to write
/// (`None` keeps the original destination; links are validated elsewhere).
pub fn render(body: &str, highlighter: &Highlighter, resolve: &dyn Fn(&InternalLink) -> Option<String>) -> String {
    let mut html = String::with_capacity(body.len() * 2);
    pulldown_cmark::html::push_html(&mut html, Pass::new(body, Some(highlighter), Some(resolve)));
    html
}

/// The parser options shared by `scan` and `render`; they must match or ids could differ.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// One streaming pass over a body's events. It assigns heading ids, records
/// headings and internal links, and — when rendering — rewrites internal links
/// and replaces code blocks with highlighted HTML. Events are yielded as they are
/// produced; only the inside of one heading or code block is ever buffered.
struct Pass<'a, 'r> {
    body: &'a str,
    events: OffsetIter<'a>,
    /// `None` when scanning: code blocks then pass through untouched.
    highlighter: Option<&'r Highlighter>,
    resolve: Option<Resolve<'r>>,
    ids: HeadingIds,
    queued: VecDeque<Event<'a>>,
    found: Scan,
    /// The current table's column alignments, the next cell's column, and whether in its head row.
    table: (Vec<Alignment>, usize, bool),
}

impl<'a, 'r> Pass<'a, 'r> {
    fn new(body: &'a str, highlighter: Option<&'r Highlighter>, resolve: Option<Resolve<'r>>) -> Self {
        Self {
            body,
            events: Parser::new_ext(body, options()).into_offset_iter(),
            highlighter,
            resolve,
            ids: HeadingIds::default(),
            queued: VecDeque::new(),
            found: Scan::default(),
            table: (Vec::new(), 0, false),
        }
    }

    /// Buffers a heading up to its end, since its id depends on its whole text,
    /// and returns its start tag carrying the final id.
    fn heading(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    ) -> Event<'a> {
        let mut text = String::new();
        while let Some((event, range)) = self.events.next() {
            let end = matches!(event, Event::End(TagEnd::Heading(_)));
            push_plain_text(&mut text, &event);
            let event = self.link(event, range);
            self.queued.push_back(event);
            if end {
                break;
            }
        }
        let text = text.trim().to_owned();
        let id = self.ids.assign(explicit_id.as_deref(), &text);
        self.found.headings.push(Heading { level: level as u8, id: id.clone(), text });
        Event::Start(Tag::Heading { level, id: Some(id.into()), classes, attrs })
    }

    /// Collects a code block's text and returns it as one highlighted HTML event.
    fn code_block(&mut self, highlighter: &Highlighter, kind: CodeBlockKind<'a>) -> Event<'a> {
        let mut code = String::new();
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => language(info),
            CodeBlockKind::Indented => None,
        };
        Event::Html(highlighter.code_block(lang, &code).into())
    }

    /// Records an internal link and swaps in its resolved URL; other events pass through.
    fn link(&mut self, event: Event<'a>, range: Range<usize>) -> Event<'a> {
        if let Event::Start(Tag::Image { link_type, dest_url, id, .. } | Tag::Link { link_type, dest_url, id, .. }) =
            &event
        {
            let image = matches!(event, Event::Start(Tag::Image { .. }));
            if let Some(scheme) = script_scheme(dest_url, image) {
                let span = self.destination_span(*link_type, dest_url, id, range.clone());
                self.found.script_urls.push(ScriptUrl { scheme, span });
            }
        }
        let Event::Start(Tag::Link { link_type, dest_url, title, id }) = event else {
            return event;
        };
        let mut dest_url = dest_url;
        if let Some(path) = dest_url.strip_prefix(INTERNAL_PREFIX) {
            let (target, anchor) = match path.split_once('#') {
                Some((target, anchor)) => (target, Some(anchor).filter(|a| !a.is_empty())),
                None => (path, None),
            };
            let link = InternalLink {
                target: target.to_owned(),
                anchor: anchor.map(str::to_owned),
                span: self.destination_span(link_type, &dest_url, &id, range),
            };
            if let Some(url) = self.resolve.and_then(|resolve| resolve(&link)) {
                dest_url = url.into();
            }
            self.found.links.push(link);
        }
        Event::Start(Tag::Link { link_type, dest_url, title, id })
    }

    /// Where the destination text is written: inside the link for inline links,
    /// in the `[label]: @/...` definition for reference links.
    fn destination_span(&self, link_type: LinkType, dest: &str, label: &str, link: Range<usize>) -> Range<usize> {
        let (region, opener) = match link_type {
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
                match self.events.reference_definitions().get(label) {
                    Some(definition) => (definition.span.clone(), "]:"),
                    None => return link,
                }
            }
            _ => (link.clone(), "("),
        };
        find_destination(self.body, region, dest, opener).unwrap_or(link)
    }
}

impl<'a> Iterator for Pass<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.queued.pop_front() {
            return Some(event);
        }
        let (event, range) = self.events.next()?;
        Some(match (event, self.highlighter) {
            (Event::Start(Tag::Heading { level, id, classes, attrs }), _) => self.heading(level, id, classes, attrs),
            (Event::Start(Tag::CodeBlock(kind)), Some(highlighter)) => self.code_block(highlighter, kind),
            (
                event @ (Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
                | Event::End(TagEnd::TableHead)),
                _,
            ) => self.table(event),
            (event, _) => self.link(event, range),
        })
    }
}

impl<'a> Pass<'a, '_> {
    /// Column alignment as a class (`<td class="align-right">`) instead of
    /// pulldown-cmark's `style` attribute, which a strict Content-Security-Policy
    /// (no inline styles) would drop. Other table events pass through.
    fn table(&mut self, event: Event<'a>) -> Event<'a> {
        let (alignments, cell, head) = &mut self.table;
        match event {
            Event::Start(Tag::Table(columns)) => {
                *alignments = columns;
                Event::Start(Tag::Table(vec![Alignment::None; alignments.len()]))
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                *head |= matches!(event, Event::Start(Tag::TableHead));
                *cell = 0;
                event
            }
            Event::End(TagEnd::TableHead) => {
                *head = false;
                event
            }
            Event::Start(Tag::TableCell) => {
                let column = alignments.get(*cell).copied().unwrap_or(Alignment::None);
                *cell += 1;
                let class = match column {
                    Alignment::None => return event,
                    Alignment::Left => "align-left",
                    Alignment::Center => "align-center",
                    Alignment::Right => "align-right",
                };
                Event::Html(format!("<{} class=\"{class}\">", if *head { "th" } else { "td" }).into())
            }
            event => event,
        }
    }
}

/// The first occurrence of `dest` in `body[region]` that directly follows
/// `opener` (allowing whitespace and a `<`), so that link text or a label that
/// happens to repeat the destination is skipped.
fn find_destination(body: &str, region: Range<usize>, dest: &str, opener: &str) -> Option<Range<usize>> {
    let haystack = body.get(region.clone())?;
    haystack.match_indices(dest).find_map(|(at, _)| {
        let before = haystack[..at].trim_end();
        let before = before.strip_suffix('<').unwrap_or(before).trim_end();
        before.ends_with(opener).then(|| region.start + at..region.start + at + dest.len())
    })
}

/// Appends the plain-text contribution of a heading's inner event.
fn push_plain_text(text: &mut String, event: &Event<'_>) {
    match event {
        Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => text.push_str(t),
        Event::SoftBreak | Event::HardBreak => text.push(' '),
        _ => {}
    }
}

/// Hands out heading ids in document order, GitHub style.
#[derive(Default)]
struct HeadingIds {
    /// Every id handed out so far, with the last numeric suffix used for it as a base.
    seen: HashMap<String, usize>,
}

impl HeadingIds {
    /// An explicit `{#id}` is kept verbatim (authors and other records link to
    /// it); a generated slug takes the next free `-N` suffix when already used.
    /// A generated id cannot avoid an explicit one that appears *later* in the
    /// body without a second parse, so that rare collision is left to the author.
    fn assign(&mut self, explicit: Option<&str>, text: &str) -> String {
        if let Some(id) = explicit.filter(|id| !id.is_empty()) {
            self.seen.entry(id.to_owned()).or_insert(0);
            return id.to_owned();
        }
        let base = slugify_anchor(text);
        let mut id = base.clone();
        // Loop because "a-1" may itself be taken (e.g. by a heading titled "A 1").
        while self.seen.contains_key(&id) {
            let n = self.seen.entry(base.clone()).or_insert(0);
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.seen.insert(id.clone(), 0);
        id
    }
}

/// A heading anchor (unlike [`crate::ids::slugify_path`], which is ASCII for paths):
/// lowercases, keeps Unicode letters and digits (accents included), turns runs
/// of whitespace, `-` and `_` into one `-`, drops other punctuation, and trims
/// dashes. An empty result becomes `section` so every heading has an anchor.
fn slugify_anchor(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    let mut after_letter = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            after_letter = true;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
            after_letter = false;
        } else if after_letter && !dash && is_combining_mark(c) {
            // Keeps decomposed accents ("e" + U+0301) with their letter.
            slug.push(c);
        } else {
            after_letter = false;
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// Combining diacritics, which `char::is_alphanumeric` rejects but which are
/// part of a letter in decomposed (NFD) text.
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// The language of a fence info string: its first word, also accepting the
/// `{python}`, `{.python}` and `{r, echo=FALSE}` forms of notebook tooling.
fn language(info: &str) -> Option<&str> {
    info.split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .map(|word| word.trim_start_matches(['{', '.']).trim_end_matches('}'))
        .filter(|word| !word.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    /// Loading syntaxes is slow; share one highlighter across tests.
    fn highlighter() -> &'static Highlighter {
        static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
        HIGHLIGHTER.get_or_init(Highlighter::new)
    }

    fn html(body: &str) -> String {
        render(body, highlighter(), &|_| None)
    }

    fn ids(body: &str) -> Vec<String> {
        scan(body).headings.into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn generated_heading_ids_never_contain_a_double_dash() {
        // The theme's own ids contain `--`, so headings can never collide with them.
        let scan = scan("# A -- B\n\n# C__D - E\n\n# F\n\n# F\n\n# - G -\n");
        assert!(scan.headings.iter().all(|h| !h.id.contains("--")), "{:?}", scan.headings);
    }

    #[test]
    fn heading_ids_are_slugs_of_their_text() {
        let found = scan("## Weekly *outline*: Week 1 -- `intro`_notes\n");
        assert_eq!(
            found.headings,
            [Heading {
                level: 2,
                id: "weekly-outline-week-1-intro-notes".into(),
                text: "Weekly outline: Week 1 -- intro_notes".into(),
            }]
        );
        assert_eq!(ids("# ???\n"), ["section"]);
    }

    #[test]
    fn duplicate_heading_ids_get_numeric_suffixes() {
        let body = "# Notes\n## Notes\n### Notes\n# Notes 1\n";
        assert_eq!(ids(body), ["notes", "notes-1", "notes-2", "notes-1-1"]);
    }

    #[test]
    fn explicit_heading_id_wins() {
        let found = scan("# Assessment {#grading}\n# Grading\n");
        assert_eq!(found.headings[0].id, "grading");
        assert_eq!(found.headings[0].text, "Assessment");
        assert_eq!(found.headings[1].id, "grading-1");
        assert!(html("# Assessment {#grading}\n").contains("<h1 id=\"grading\">Assessment</h1>"));
    }

    #[test]
    fn scan_and_render_agree_on_ids() {
        let body = "# Intro\n\n## Intro\n\n## Intro {#custom}\n\n> ### C++ & *Rust*\n\n- ## Intro\n";
        let rendered = html(body);
        let found = ids(body);
        assert_eq!(found.len(), 5);
        for id in &found {
            assert!(rendered.contains(&format!(" id=\"{id}\"")), "{id} missing in {rendered}");
        }
        assert_eq!(rendered.matches(" id=\"").count(), found.len());
    }

    #[test]
    fn french_heading_keeps_accented_letters() {
        assert_eq!(ids("## Éthique de l'IA\n"), ["éthique-de-lia"]);
        // Decomposed "É" (E + U+0301) keeps its accent as well.
        assert_eq!(ids("## E\u{301}tudes\n"), ["e\u{301}tudes"]);
    }

    #[test]
    fn internal_link_is_found_with_its_anchor_and_span() {
        let body = "See [@/modules/dl.md](@/modules/dl.md#weekly-outline) and [ref].\n\n\
                    [ref]: @/projects/p.md\n";
        let links = scan(body).links;
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].target, "modules/dl.md");
        assert_eq!(links[0].anchor.as_deref(), Some("weekly-outline"));
        let at = body.find("(@/").unwrap() + 1;
        assert_eq!(links[0].span, at..at + "@/modules/dl.md#weekly-outline".len());
        assert_eq!(&body[links[1].span.clone()], "@/projects/p.md");
        assert_eq!(links[1].anchor, None);
    }

    #[test]
    fn internal_link_is_replaced_by_resolved_url() {
        let rendered = render("[DL](@/modules/dl.md#week-2)", highlighter(), &|link| {
            Some(format!("/modules/dl/#{}", link.anchor.as_deref().unwrap_or("")))
        });
        assert_eq!(rendered, "<p><a href=\"/modules/dl/#week-2\">DL</a></p>\n");
    }

    #[test]
    fn unresolved_internal_link_is_left_as_written() {
        assert_eq!(
            html("[DL](@/modules/dl.md) [web](https://example.org)"),
            "<p><a href=\"@/modules/dl.md\">DL</a> <a href=\"https://example.org\">web</a></p>\n"
        );
    }

    #[test]
    fn fenced_code_is_highlighted_with_classes() {
        let rendered = html("```py\ndef f(x):\n    return x < 1\n```\n");
        assert!(rendered.starts_with("<pre class=\"code\" data-lang=\"py\"><code>"));
        assert!(rendered.contains("<span class=\""), "{rendered}");
        assert!(rendered.contains("&lt;"));
        assert!(rendered.ends_with("</code></pre>\n"));
    }

    #[test]
    fn unknown_language_renders_as_plain_escaped_code() {
        assert_eq!(
            html("```no\"such\n<b>&\n```\n"),
            "<pre class=\"code\" data-lang=\"no&quot;such\"><code>&lt;b&gt;&amp;\n</code></pre>\n"
        );
        assert_eq!(html("    <i>\n"), "<pre class=\"code\"><code>&lt;i&gt;\n</code></pre>\n");
    }

    #[test]
    fn tables_footnotes_strikethrough_tasklists_are_enabled() {
        let rendered = html("| a |\n|---|\n| 1 |\n\n~~old~~ note[^1]\n\n- [x] done\n\n[^1]: Footnote.\n");
        for needle in ["<table>", "<del>old</del>", "footnote-definition", "checkbox"] {
            assert!(rendered.contains(needle), "{needle} missing in {rendered}");
        }
    }

    #[test]
    fn table_alignment_is_a_class_not_an_inline_style() {
        let rendered = html("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n");
        assert!(!rendered.contains("style="), "{rendered}");
        for needle in [
            "<th class=\"align-left\">a</th>",
            "<th class=\"align-center\">b</th>",
            "<th class=\"align-right\">c</th>",
            "<th>d</th>",
            "<td class=\"align-left\">1</td>",
            "<td class=\"align-right\">3</td>",
            "<td>4</td>",
        ] {
            assert!(rendered.contains(needle), "{needle} missing in {rendered}");
        }
    }

    #[test]
    fn script_urls_in_links_and_images_are_found_however_they_are_written() {
        let body = "[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](<java\tscript:x>) ![d](data:text/html,x) \
                    [e](vbscript:x) [f]\n\n[f]: javascript:y\n";
        let found: Vec<String> = scan(body).script_urls.iter().map(|u| u.scheme.clone()).collect();
        assert_eq!(found, ["javascript", "javascript", "javascript", "data", "vbscript", "javascript"]);
        let first = &scan(body).script_urls[0];
        assert_eq!(&body[first.span.clone()], "javascript:alert(1)");
        let fine =
            "[a](https://x.org) [b](mailto:a@b.c) [c](/rel) [d](#top) ![e](data:image/png;base64,AA) [f](@/pages/a.md)";
        assert_eq!(scan(fine).script_urls, []);
    }

    #[test]
    fn raw_html_passes_through() {
        let rendered = html("<div class=\"note\">\n\nHi <kbd>Ctrl</kbd>\n\n</div>\n");
        assert!(rendered.contains("<div class=\"note\">"));
        assert!(rendered.contains("<kbd>Ctrl</kbd>"));
    }
}
