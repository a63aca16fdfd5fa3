//! Compact highlighting markup: each run of text is resolved to its style in the
//! light theme and in the dark theme (syntect's `InspiredGitHub` and
//! `base16-ocean.dark`), and written as one `<span>` whose classes name that pair of
//! styles, instead of one nested span per scope with the scope's names as classes.
//!
//! A style is resolved the way browsers resolved the classed markup this replaced
//! (one span per scope, classed with the scope's atoms, and one CSS rule per theme rule:
//! see docs/templates.md, "Code highlighting"), so pages look exactly as they did:
//! `tests/browser.rs` compares every character's colour and font in both schemes. A theme's
//! style is a foreground, a font style and a background, each the theme's default or a
//! value its rules set, so each theme has a small, fixed set of styles and `highlight.css`
//! lists them all. A style's class is made from those values' places in the theme's rules
//! (see [`Palette::class`]): it depends on the theme alone, never on which code a build
//! happened to highlight first.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use syntect::highlighting::{Color, FontStyle, Style, Theme, ThemeSet};
use syntect::parsing::{Scope, ScopeStack, ScopeStackOp};

/// The bundled theme for readers who prefer a light scheme (and the default).
pub(super) const LIGHT_THEME: &str = "InspiredGitHub";
/// The bundled theme for readers who prefer a dark scheme.
pub(super) const DARK_THEME: &str = "base16-ocean.dark";

/// One theme's rules as CSS rules over the scopes' atoms, and the values they use.
pub(super) struct Palette {
    rules: Vec<Rule>,
    default: Style,
    /// The theme's text colour, then every other foreground its rules set, in rule order.
    pub(super) foregrounds: Vec<Color>,
    /// The theme's background, then every other background its rules set.
    pub(super) backgrounds: Vec<Color>,
    /// Dark classes are upper case, light ones lower case, so the two never meet.
    upper: bool,
}

/// One selector of a theme rule, read as the CSS selector the classed markup was styled
/// with: a descendant chain of compounds, each compound the atoms of one scope
/// (`string.quoted` is `.string.quoted`, which matches any scope holding both atoms).
struct Rule {
    /// The compounds, outermost first; each holds atom numbers.
    chain: Vec<Vec<u16>>,
    /// CSS specificity (the number of classes), then the rule's place: what wins a tie.
    rank: (usize, usize),
    foreground: Option<Color>,
    background: Option<Color>,
    font_style: FontStyle,
}

/// The light and the dark palette, built once per process from syntect's bundled themes:
/// they are constants, and decoding them is only paid by a build that highlights code.
pub(super) fn palettes() -> &'static [Palette; 2] {
    static PALETTES: OnceLock<[Palette; 2]> = OnceLock::new();
    PALETTES.get_or_init(|| {
        let mut themes = ThemeSet::load_defaults().themes;
        // Both names are syntect's own bundled themes, so they are always in its set.
        let mut take = |name| themes.remove(name).unwrap_or_default();
        [Palette::new(&take(LIGHT_THEME), false), Palette::new(&take(DARK_THEME), true)]
    })
}

/// A scope's atoms, as numbers.
fn atoms(scope: Scope) -> Vec<u16> {
    (0..scope.len() as usize).map(|i| scope.atom_at(i)).collect()
}

impl Palette {
    fn new(theme: &Theme, upper: bool) -> Self {
        let default = Style {
            foreground: theme.settings.foreground.unwrap_or(Color::BLACK),
            background: theme.settings.background.unwrap_or(Color::WHITE),
            font_style: FontStyle::empty(),
        };
        let (mut foregrounds, mut backgrounds) = (vec![default.foreground], vec![default.background]);
        let mut rules = Vec::new();
        for (place, item) in theme.scopes.iter().enumerate() {
            push_new(&mut foregrounds, item.style.foreground);
            push_new(&mut backgrounds, item.style.background);
            let font_style = item.style.font_style.unwrap_or_default();
            for selector in &item.scope.selectors {
                let chain: Vec<Vec<u16>> = selector.extract_scopes().into_iter().map(atoms).collect();
                let classes = chain.iter().map(Vec::len).sum();
                if classes > 0 {
                    let (foreground, background) = (item.style.foreground, item.style.background);
                    rules.push(Rule { chain, rank: (classes, place), foreground, background, font_style });
                }
            }
        }
        Palette { rules, default, foregrounds, backgrounds, upper }
    }

    /// The theme's style for text outside any span.
    #[cfg(test)]
    pub(super) fn default_style(&self) -> Style {
        self.default
    }

    /// The style of text inside the scopes of `stack` (outermost first), as CSS would
    /// give it: colour from the innermost scope with a matching rule that sets one (the
    /// most specific, then the last, such rule), likewise the background (which is painted
    /// under the text), and every font flag a matching rule sets on any of the scopes.
    fn style(&self, stack: &[Vec<u16>]) -> Style {
        let mut style = self.default;
        let (mut foreground, mut background) = (None, None);
        for depth in (0..stack.len()).rev() {
            let matching = || self.rules.iter().filter(|rule| matches(&rule.chain, &stack[..=depth]));
            if foreground.is_none() {
                foreground = matching().filter_map(|r| Some((r.rank, r.foreground?))).max_by_key(|&(rank, _)| rank);
            }
            if background.is_none() {
                background = matching().filter_map(|r| Some((r.rank, r.background?))).max_by_key(|&(rank, _)| rank);
            }
            style.font_style |= matching().fold(FontStyle::empty(), |flags, rule| flags | rule.font_style);
        }
        style.foreground = foreground.map_or(style.foreground, |(_, colour)| colour);
        style.background = background.map_or(style.background, |(_, colour)| colour);
        style
    }

    /// The class of `style`, `None` for the default style: the foreground's place as a
    /// letter (`a` the default, `b` the first rule's colour, … then `aa`, `ab` …), the font
    /// style's flags as a digit when there are any (1 bold, 2 underline, 4 italic, summed),
    /// and `-` and the background's place as letters when not the default: `c`, `c1`,
    /// `a4-b`; upper case in the dark theme.
    pub(super) fn class(&self, style: Style) -> Option<String> {
        if style == self.default {
            return None;
        }
        let place = |values: &[Color], value| values.iter().position(|&v| v == value).unwrap_or(0);
        let mut class = letters(place(&self.foregrounds, style.foreground), self.upper);
        if !style.font_style.is_empty() {
            // Writing to a String cannot fail.
            let _ = write!(class, "{}", style.font_style.bits());
        }
        let background = place(&self.backgrounds, style.background);
        if background > 0 {
            class.push('-');
            class.push_str(&letters(background, self.upper));
        }
        Some(class)
    }

    /// Every style the theme can give: each foreground with each combination of font
    /// flags and each background (rules on different scopes may each set one of them).
    #[cfg(test)]
    pub(super) fn styles(&self) -> impl Iterator<Item = Style> + '_ {
        let flags = self.rules.iter().fold(FontStyle::empty(), |flags, rule| flags | rule.font_style);
        let fonts: Vec<FontStyle> =
            (0..=flags.bits()).filter_map(FontStyle::from_bits).filter(|f| flags.contains(*f)).collect();
        self.foregrounds.iter().flat_map(move |&foreground| {
            let fonts = fonts.clone();
            fonts.into_iter().flat_map(move |font_style| {
                self.backgrounds.iter().map(move |&background| Style { foreground, background, font_style })
            })
        })
    }
}

/// Whether the descendant chain `chain` matches the innermost scope of `stack`.
fn matches(chain: &[Vec<u16>], stack: &[Vec<u16>]) -> bool {
    let holds = |compound: &[u16], scope: &[u16]| compound.iter().all(|atom| scope.contains(atom));
    let Some((last, outer)) = chain.split_last() else { return false };
    let Some((innermost, mut ancestors)) = stack.split_last() else { return false };
    if !holds(last, innermost) {
        return false;
    }
    // The nearest ancestor matching each compound, from the inside out, leaves the most
    // room for the compounds further out.
    for compound in outer.iter().rev() {
        match ancestors.iter().rposition(|scope| holds(compound, scope)) {
            Some(at) => ancestors = &ancestors[..at],
            None => return false,
        }
    }
    true
}

fn push_new<T: PartialEq>(values: &mut Vec<T>, value: Option<T>) {
    if let Some(value) = value.filter(|value| !values.contains(value)) {
        values.push(value);
    }
}

/// `n` in bijective base 26: 0 → `a`, 25 → `z`, 26 → `aa`.
fn letters(mut n: usize, upper: bool) -> String {
    let base = if upper { b'A' } else { b'a' };
    let mut out = Vec::new();
    loop {
        out.push(base + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The HTML of one line: one span per run of text with the same pair of styles, none
/// for text in both themes' default style. Spans never cross lines, so a line's HTML
/// depends only on the scopes open before it, its parse and its text.
pub(super) fn line_html(
    line: &str,
    ops: &[(usize, ScopeStackOp)],
    scopes: &ScopeStack,
) -> Result<String, syntect::Error> {
    let mut stack = scopes.clone();
    let mut html = String::with_capacity(line.len() + ops.len() * 4);
    // The run being gathered: its classes and where it starts.
    let mut run: Option<(Classes, usize)> = None;
    let mut at = 0;
    for (end, op) in ops.iter().map(|(i, op)| (*i, Some(op))).chain([(line.len(), None)]) {
        if end > at {
            let classes = classes_of(&stack);
            match run {
                Some((ref current, _)) if *current == classes => {}
                Some((current, from)) => {
                    push_run(&mut html, current.as_deref(), &line[from..at]);
                    run = Some((classes, at));
                }
                None => run = Some((classes, at)),
            }
            at = end;
        }
        if let Some(op) = op {
            stack.apply(op)?;
        }
    }
    if let Some((classes, from)) = run {
        push_run(&mut html, classes.as_deref(), &line[from..at]);
    }
    Ok(html)
}

/// A run's `class` attribute: its light and its dark style's classes, `None` when both
/// are the default. Classes name styles one to one, so equal classes are equal styles.
type Classes = Option<Rc<str>>;

thread_local! {
    /// The classes of each scope stack met on this thread. Resolving a stack walks every
    /// rule of both themes at every depth: memoised, it is done once per distinct stack rather
    /// than once per token (per token it was a third of a build).
    static CLASSES: RefCell<FxHashMap<Vec<Scope>, Classes>> = RefCell::default();
}

/// Stacks deeper than this are resolved without being remembered, and the memo is emptied
/// when it holds more than [`MEMO_ENTRIES`]: code nested thousands of levels deep (a
/// crafted JSON array) would otherwise keep a long stack per level.
const MEMO_DEPTH: usize = 64;
const MEMO_ENTRIES: usize = 1 << 16;

fn classes_of(stack: &ScopeStack) -> Classes {
    let scopes = stack.as_slice();
    if scopes.len() > MEMO_DEPTH {
        return resolve(scopes);
    }
    CLASSES.with_borrow_mut(|known| {
        if let Some(classes) = known.get(scopes) {
            return classes.clone();
        }
        if known.len() >= MEMO_ENTRIES {
            known.clear();
        }
        let classes = resolve(scopes);
        known.insert(scopes.to_vec(), classes.clone());
        classes
    })
}

/// The classes of text inside `scopes` (outermost first), from both themes' rules.
fn resolve(scopes: &[Scope]) -> Classes {
    let [light, dark] = palettes();
    let atoms: Vec<Vec<u16>> = scopes.iter().map(|&s| atoms(s)).collect();
    let names: Vec<String> =
        [(light, light.style(&atoms)), (dark, dark.style(&atoms))].iter().filter_map(|(p, s)| p.class(*s)).collect();
    (!names.is_empty()).then(|| Rc::from(names.join(" ")))
}

fn push_run(html: &mut String, classes: Option<&str>, text: &str) {
    let Some(classes) = classes else {
        crate::escape::push_html(html, text);
        return;
    };
    html.push_str("<span class=\"");
    html.push_str(classes);
    html.push_str("\">");
    crate::escape::push_html(html, text);
    html.push_str("</span>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_nested_deeper_than_the_memo_keeps_is_highlighted_and_not_remembered() {
        let depth = 3 * MEMO_DEPTH;
        let json = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let html = super::super::Highlighter::new().code_block(Some("json"), &json);
        assert!(html.contains("<span class=") && html.contains('1'));
        CLASSES.with_borrow(|known| assert!(known.keys().all(|stack| stack.len() <= MEMO_DEPTH)));
    }

    #[test]
    fn letters_count_in_bijective_base_26() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 701, 702].map(|n| letters(n, false)).into();
        assert_eq!(names, ["a", "b", "z", "aa", "ab", "zz", "aaa"]);
        assert_eq!(letters(2, true), "C");
    }

    #[test]
    fn the_default_style_has_no_class_and_others_are_named_by_their_place_in_the_theme() {
        let [light, dark] = palettes();
        assert_eq!(light.class(light.default_style()), None);
        let bold_second =
            Style { foreground: light.foregrounds[1], font_style: FontStyle::BOLD, ..light.default_style() };
        assert_eq!(light.class(bold_second).as_deref(), Some("b1"));
        let on_background = Style { background: dark.backgrounds[1], ..dark.default_style() };
        assert_eq!(dark.class(on_background).as_deref(), Some("A-B"));
    }

    #[test]
    fn every_style_of_a_theme_has_its_own_class() {
        for palette in palettes() {
            let classes: Vec<_> = palette.styles().filter_map(|s| palette.class(s)).collect();
            let distinct: std::collections::BTreeSet<_> = classes.iter().collect();
            assert_eq!(distinct.len(), classes.len());
        }
    }
}
