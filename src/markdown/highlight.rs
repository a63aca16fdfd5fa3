//! Syntax highlighting of code blocks: syntect's grammars, the memoising
//! caches of `cache.rs`, and the bundled stylesheet that colours the result.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, OnceLock};

use syntect::html::ClassStyle;
use syntect::parsing::{SyntaxReference, SyntaxSet};

use super::cache::{self, CacheStats};

/// Prefix for every highlight class, so theme rules cannot collide with site CSS.
pub(super) const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
/// The CSS for the highlight classes: syntect's `InspiredGitHub` and `base16-ocean.dark` themes
/// as `tests::css_from_themes` writes them. Bundled rather than made at run time because
/// decoding syntect's whole theme set for two themes dominated a small site's start-up;
/// `tests::highlight_css_is_current` keeps it equal to what the themes give.
const HIGHLIGHT_CSS: &str = include_str!("highlight.css");

/// Syntax highlighter, built once and shared across threads (it is `Send + Sync`).
/// It memoises what it highlights (see `markdown/cache.rs`), so keeping one
/// across rebuilds makes unchanged code blocks nearly free.
pub struct Highlighter {
    /// Loaded on the first code block: a site without code (and `check`,
    /// which highlights nothing) never pays for decoding the set.
    syntaxes: OnceLock<SyntaxSet>,
    cache: cache::Cache,
}

impl Highlighter {
    /// A highlighter whose syntaxes load on the first code block; build one per
    /// site build, or keep one across rebuilds for its caches.
    pub fn new() -> Self {
        Self { syntaxes: OnceLock::new(), cache: cache::Cache::default() }
    }

    /// A highlighter that knows no language, so every code block renders as
    /// plain escaped text: for `check`, which must render every page but not
    /// colour code. It costs nothing to build (no syntaxes to load).
    pub fn plain() -> Self {
        Self { syntaxes: OnceLock::from(SyntaxSet::new()), cache: cache::Cache::default() }
    }

    /// The syntaxes, loaded on first use.
    fn syntaxes(&self) -> &SyntaxSet {
        // The "newlines" set is the one `parse_line` with `LinesWithEndings` expects.
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// How often the highlighting caches answered since this highlighter was built.
    pub fn cache_stats(&self) -> CacheStats {
        self.cache.stats()
    }

    /// CSS for the highlight classes, scoped to `pre.code`: the light theme
    /// unless the reader prefers a dark scheme, the dark theme inside
    /// `@media (prefers-color-scheme: dark)` (see [`HIGHLIGHT_CSS`]).
    pub fn css(&self) -> String {
        HIGHLIGHT_CSS.to_owned()
    }

    /// Renders a code block as `<pre class="code" data-lang="…"><code>…</code></pre>`,
    /// highlighted when the language is known, plain escaped text otherwise.
    pub(super) fn code_block(&self, lang: Option<&str>, code: &str) -> String {
        let mut html = String::with_capacity(code.len() * 4 + 64);
        html.push_str("<pre class=\"code\"");
        if let Some(lang) = lang {
            html.push_str(" data-lang=\"");
            crate::escape::push_html(&mut html, lang);
            html.push('"');
        }
        html.push_str("><code>");
        match lang
            .and_then(|lang| self.syntaxes().find_syntax_by_token(syntax_token(lang)))
            .and_then(|syntax| self.highlight(syntax, code))
        {
            Some(highlighted) => html.push_str(&highlighted),
            None => crate::escape::push_html(&mut html, code),
        }
        html.push_str("</code></pre>\n");
        html
    }

    /// Classed-span HTML for `code` (what syntect's `ClassedHTMLGenerator`
    /// writes, from the caches where possible), or `None` if syntect fails on it.
    fn highlight(&self, syntax: &SyntaxReference, code: &str) -> Option<Arc<str>> {
        let run = || self.cache.highlight(self.syntaxes(), syntax, CLASS_STYLE, code);
        // A bug in a bundled grammar must cost one block its colours, not abort
        // a parallel build of thousands of pages.
        catch_unwind(AssertUnwindSafe(run)).ok()?.ok()
    }
}

impl Default for Highlighter {
    /// Same as [`Highlighter::new`].
    fn default() -> Self {
        Self::new()
    }
}

/// Maps common fence names that syntect's bundled set does not know to one it does.
fn syntax_token(lang: &str) -> &str {
    const ALIASES: &[(&str, &str)] = &[("shell", "sh"), ("python3", "py"), ("py3", "py"), ("ipython", "py")];
    ALIASES.iter().find(|(alias, _)| alias.eq_ignore_ascii_case(lang)).map_or(lang, |&(_, token)| token)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The highlight CSS made from syntect's themes, as [`HIGHLIGHT_CSS`] bundles it.
    ///
    /// The light rules sit behind `not all and (prefers-color-scheme: dark)`
    /// rather than being unconditional because the themes use selectors of
    /// different specificity: an unconditional light rule such as
    /// `.hl-source .hl-keyword` would beat a dark `.hl-keyword` and leak light
    /// colours onto the dark background.
    fn css_from_themes() -> String {
        let mut themes = syntect::highlighting::ThemeSet::load_defaults().themes;
        let mut css = String::new();
        for (media, name) in [
            ("not all and (prefers-color-scheme: dark)", "InspiredGitHub"),
            ("(prefers-color-scheme: dark)", "base16-ocean.dark"),
        ] {
            let theme = themes.remove(name).expect("a bundled syntect theme");
            css.push_str(&format!("/* {name} */\n@media {media} {{\n"));
            let rules = syntect::html::css_for_theme_with_class_style(&theme, CLASS_STYLE).expect("theme CSS");
            push_scoped_rules(&mut css, &rules);
            css.push_str("}\n");
        }
        css
    }

    /// `src/markdown/highlight.css` is what the themes give; `UPDATE_HIGHLIGHT_CSS=1 cargo test
    /// highlight_css` rewrites it (after a syntect upgrade or a change of theme).
    #[test]
    fn highlight_css_is_current() {
        let css = css_from_themes();
        if std::env::var_os("UPDATE_HIGHLIGHT_CSS").is_some() {
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/src/markdown/highlight.css"), &css).unwrap();
        }
        assert!(
            css == HIGHLIGHT_CSS,
            "src/markdown/highlight.css is stale: run UPDATE_HIGHLIGHT_CSS=1 cargo test highlight_css"
        );
    }

    /// Appends syntect's theme CSS with every selector prefixed by `pre.code`, so
    /// the rules cannot style anything outside code blocks. syntect's `.hl-code`
    /// rule (the theme's base colours) is applied to `pre.code` itself.
    fn push_scoped_rules(out: &mut String, css: &str) {
        let mut rest = css;
        loop {
            rest = rest.trim_start();
            if let Some(comment) = rest.strip_prefix("/*") {
                rest = comment.find("*/").map_or("", |end| &comment[end + 2..]);
                continue;
            }
            let (Some(open), Some(close)) = (rest.find('{'), rest.find('}')) else {
                return;
            };
            if close < open {
                return;
            }
            out.push_str("  ");
            for (i, selector) in rest[..open].split(',').map(str::trim).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if selector == ".hl-code" {
                    out.push_str("pre.code");
                } else {
                    out.push_str("pre.code ");
                    out.push_str(selector);
                }
            }
            out.push_str(" {");
            for declaration in rest[open + 1..close].lines().map(str::trim) {
                if !declaration.is_empty() {
                    out.push(' ');
                    out.push_str(declaration);
                }
            }
            out.push_str(" }\n");
            rest = &rest[close + 1..];
        }
    }

    #[test]
    fn css_has_light_and_dark_rules() {
        let css = Highlighter::new().css();
        let dark = css.find("@media (prefers-color-scheme: dark) {").expect("dark block");
        let (light, dark) = css.split_at(dark);
        // Each theme contributes its base colours and scoped token rules.
        for block in [light, dark] {
            assert!(block.contains("pre.code { color: #"), "{block}");
            assert!(block.contains("pre.code .hl-comment"), "{block}");
        }
        assert!(
            css.lines()
                .filter(|l| l.contains('{'))
                .all(|l| l.starts_with("@media") || l.trim_start().starts_with("pre.code"))
        );
    }

    #[test]
    fn highlighter_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Highlighter>();
    }
}
