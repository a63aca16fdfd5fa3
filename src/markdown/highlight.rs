//! Syntax highlighting of code blocks: syntect's grammars, the memoising
//! caches of `cache.rs`, and the bundled stylesheet that colours the result.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, OnceLock};

use syntect::parsing::{SyntaxReference, SyntaxSet};

use super::cache::{self, CacheStats};

/// The CSS for the highlight classes of `style.rs`: every style of syntect's `InspiredGitHub`
/// and `base16-ocean.dark` themes as `tests::css_from_themes` writes them, every text colour
/// at WCAG AA contrast. Bundled rather than made at run time so that a site without code
/// never decodes the themes; `tests::highlight_css_is_current` keeps it equal to what the themes give.
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

    /// The compact highlighted HTML of `code` (see `style.rs`), from the caches where
    /// possible, or `None` if syntect fails on it.
    fn highlight(&self, syntax: &SyntaxReference, code: &str) -> Option<Arc<str>> {
        let run = || self.cache.highlight(self.syntaxes(), syntax, code);
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

    /// The highlight CSS made from syntect's themes, as [`HIGHLIGHT_CSS`] bundles it: for each
    /// theme, its base colours on `pre.code` and a rule for each of its styles' classes,
    /// with every text colour made legible on its background ([`legible`]).
    ///
    /// The light rules sit behind `not all and (prefers-color-scheme: dark)` rather
    /// than being unconditional so that a span styled in the dark theme alone (a class
    /// in upper case only) shows the light theme's base colours in light.
    fn css_from_themes() -> String {
        let mut css = String::new();
        for ((media, name), palette) in [
            ("not all and (prefers-color-scheme: dark)", super::super::style::LIGHT_THEME),
            ("(prefers-color-scheme: dark)", super::super::style::DARK_THEME),
        ]
        .into_iter()
        .zip(super::super::style::palettes())
        {
            let base = palette.default_style();
            let mut rules = format!(
                "  pre.code {{ color: {}; background-color: {}; }}\n",
                css_colour(base.foreground),
                css_colour(base.background)
            );
            for style in palette.styles() {
                if let Some(class) = palette.class(style) {
                    rules.push_str(&format!("  pre.code .{class} {{{} }}\n", declarations(style, base)));
                }
            }
            css.push_str(&format!("/* {name} */\n@media {media} {{\n{}}}\n", legible(&rules)));
        }
        css
    }

    /// The declarations of a class's rule: its colour, and its background and font style
    /// where they are not the theme's defaults.
    fn declarations(style: syntect::highlighting::Style, base: syntect::highlighting::Style) -> String {
        use syntect::highlighting::FontStyle;
        let mut out = format!(" color: {};", css_colour(style.foreground));
        if style.background != base.background {
            out.push_str(&format!(" background-color: {};", css_colour(style.background)));
        }
        for (flag, declaration) in [
            (FontStyle::UNDERLINE, " text-decoration: underline;"),
            (FontStyle::BOLD, " font-weight: bold;"),
            (FontStyle::ITALIC, " font-style: italic;"),
        ] {
            if style.font_style.contains(flag) {
                out.push_str(declaration);
            }
        }
        out
    }

    /// A colour as CSS writes it (the bundled themes' colours are all opaque).
    fn css_colour(c: syntect::highlighting::Color) -> String {
        assert_eq!(c.a, 0xff, "a translucent theme colour");
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
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

    /// The minimum contrast of text on its background: WCAG 2 level AA for normal text.
    const MIN_CONTRAST: f64 = 4.5;

    /// One theme's scoped rules (one a line) with each `color` that reads below
    /// [`MIN_CONTRAST`] on its background (the rule's own, else the theme's `pre.code`
    /// background) moved, keeping its hue and saturation, just far enough from it.
    fn legible(rules: &str) -> String {
        let theme_background = rules.lines().find_map(|l| l.strip_prefix("  pre.code {")).and_then(background);
        let mut out = String::with_capacity(rules.len());
        for line in rules.split_inclusive('\n') {
            let colour = declared(line, " color: #");
            match (colour, background(line).or(theme_background)) {
                (Some(fg), Some(bg)) if contrast(fg, bg) < MIN_CONTRAST => {
                    let at = line.find(" color: #").expect("a colour") + " color: #".len();
                    out.push_str(&line[..at]);
                    out.push_str(&hex(readable(fg, bg)));
                    out.push_str(&line[at + 6..]);
                }
                _ => out.push_str(line),
            }
        }
        out
    }

    /// The six-digit colour a rule declares after `property` (e.g. `" color: #"`).
    fn declared(rule: &str, property: &str) -> Option<[u8; 3]> {
        let at = rule.find(property)? + property.len();
        let digits = rule.get(at..at + 6)?;
        let value = u32::from_str_radix(digits, 16).ok()?;
        Some([(value >> 16) as u8, (value >> 8) as u8, value as u8])
    }

    fn background(rule: &str) -> Option<[u8; 3]> {
        declared(rule, "background-color: #")
    }

    fn hex([r, g, b]: [u8; 3]) -> String {
        format!("{r:02x}{g:02x}{b:02x}")
    }

    /// WCAG 2 relative luminance.
    fn luminance(rgb: [u8; 3]) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
    }

    /// WCAG 2 contrast ratio, from 1 to 21.
    fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// `fg` darkened (on a lighter background) or lightened (on a darker one) in HSL
    /// lightness steps of 0.5% until it reaches [`MIN_CONTRAST`] on `bg`; moved the other
    /// way if that way ends at black or white first (light text on a mid-tone background).
    fn readable(fg: [u8; 3], bg: [u8; 3]) -> [u8; 3] {
        let step = if luminance(bg) > luminance(fg) { -0.005 } else { 0.005 };
        let colour = moved(fg, bg, step);
        if contrast(colour, bg) < MIN_CONTRAST { moved(fg, bg, -step) } else { colour }
    }

    /// `fg` moved in HSL lightness by `step` until it reaches [`MIN_CONTRAST`] on `bg`
    /// or black or white.
    fn moved(fg: [u8; 3], bg: [u8; 3], step: f64) -> [u8; 3] {
        let (h, s, mut l) = to_hsl(fg);
        let mut colour = fg;
        while contrast(colour, bg) < MIN_CONTRAST && (0.0..=1.0).contains(&(l + step)) {
            l += step;
            colour = from_hsl(h, s, l);
        }
        colour
    }

    fn to_hsl(rgb: [u8; 3]) -> (f64, f64, f64) {
        let [r, g, b] = rgb.map(|c| f64::from(c) / 255.0);
        let (max, min) = (r.max(g).max(b), r.min(g).min(b));
        let l = (max + min) / 2.0;
        let d = max - min;
        if d == 0.0 {
            return (0.0, 0.0, l);
        }
        let s = d / (1.0 - (2.0 * l - 1.0).abs());
        let h = if max == r {
            ((g - b) / d).rem_euclid(6.0)
        } else if max == g {
            (b - r) / d + 2.0
        } else {
            (r - g) / d + 4.0
        };
        (h * 60.0, s, l)
    }

    fn from_hsl(h: f64, s: f64, l: f64) -> [u8; 3] {
        let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
        let x = c * (1.0 - ((h / 60.0).rem_euclid(2.0) - 1.0).abs());
        let (r, g, b) = match (h / 60.0) as u32 {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        let m = l - c / 2.0;
        [r, g, b].map(|v| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8)
    }

    #[test]
    fn every_highlight_colour_reads_at_aa_contrast_on_its_background() {
        let dark = HIGHLIGHT_CSS.find("@media (prefers-color-scheme: dark)").expect("a dark block");
        let mut failures = Vec::new();
        for theme in [&HIGHLIGHT_CSS[..dark], &HIGHLIGHT_CSS[dark..]] {
            let code = theme.lines().find(|l| l.starts_with("  pre.code {")).expect("the theme's base rule");
            let (text, page) = (declared(code, " color: #").unwrap(), background(code).unwrap());
            for rule in theme.lines().filter(|l| l.contains('{') && !l.starts_with('@')) {
                let fg = declared(rule, " color: #").unwrap_or(text);
                let bg = background(rule).unwrap_or(page);
                let ratio = contrast(fg, bg);
                if ratio < MIN_CONTRAST {
                    failures.push(format!("#{} on #{}: {ratio:.2}:1 in {rule}", hex(fg), hex(bg)));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn contrast_ratios_are_wcag_ones() {
        assert_eq!(contrast([0, 0, 0], [255, 255, 255]), 21.0);
        // The figures of issue 15 for the light theme's numbers and built-ins on white.
        assert!((contrast([0x00, 0x86, 0xb3], [255; 3]) - 4.14).abs() < 0.01);
        assert!((contrast([0x62, 0xa3, 0x5c], [255; 3]) - 3.03).abs() < 0.01);
    }

    #[test]
    fn css_has_light_and_dark_rules() {
        let css = Highlighter::new().css();
        let dark = css.find("@media (prefers-color-scheme: dark) {").expect("dark block");
        let (light, dark) = css.split_at(dark);
        // Each theme contributes its base colours and a rule per class.
        for block in [light, dark] {
            assert!(block.contains("pre.code { color: #"), "{block}");
            assert!(block.contains("pre.code .b {") || block.contains("pre.code .B {"), "{block}");
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
