//! Splitting a Markdown file into its YAML front matter and its body.

use std::ops::Range;

use crate::diagnostics::Diagnostic;

/// The two parts of a Markdown record file, as byte ranges into its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The YAML between the `---` lines.
    pub yaml: Range<usize>,
    /// Everything after the closing `---` line.
    pub body: Range<usize>,
}

/// Finds the front matter: a first line `---`, YAML, then a line `---`.
///
/// Accepts `\n` and `\r\n` line endings and trailing spaces on the fence lines.
pub fn split(text: &str, file: &str) -> Result<Split, Diagnostic> {
    let mut lines = Lines { text, at: 0 };
    let opening = lines.next().filter(|line| is_fence(&text[line.clone()]));
    let Some(opening) = opening else {
        let first = lines_first(text);
        return Err(Diagnostic::error("missing front matter")
            .at(file, first)
            .label("expected `---` on the first line")
            .hint("start the file with a `---` line, the record's YAML fields, and another `---` line"));
    };
    let yaml_start = lines.at;
    for line in lines.by_ref() {
        if is_fence(&text[line.clone()]) {
            return Ok(Split { yaml: yaml_start..line.start, body: lines.at..text.len() });
        }
    }
    Err(Diagnostic::error("unterminated front matter")
        .at(file, opening.start..opening.end)
        .label("this `---` is never closed")
        .hint("add a line with `---` after the last YAML field, before the Markdown body"))
}

fn lines_first(text: &str) -> Range<usize> {
    0..text.find(['\r', '\n']).unwrap_or(text.len())
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Line ranges without their line ending; `at` is where the next line starts.
struct Lines<'a> {
    text: &'a str,
    at: usize,
}

impl Iterator for Lines<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        if self.at >= self.text.len() {
            return None;
        }
        let start = self.at;
        let end = self.text[start..].find('\n').map_or(self.text.len(), |i| start + i);
        self.at = (end + 1).min(self.text.len());
        let content_end = if end > start && self.text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
        Some(start..content_end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_body_are_split_at_the_fences() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let split = split(text, "a.md").unwrap();
        assert_eq!(&text[split.yaml], "title: A\n");
        assert_eq!(&text[split.body], "# Body\n");
    }

    #[test]
    fn crlf_line_endings_are_accepted() {
        let text = "---\r\ntitle: A\r\n---\r\nBody";
        let split = split(text, "a.md").unwrap();
        assert_eq!(&text[split.yaml], "title: A\r\n");
        assert_eq!(&text[split.body], "Body");
    }

    #[test]
    fn file_without_opening_fence_is_missing_front_matter() {
        let err = split("# Just markdown\n", "a.md").unwrap_err();
        assert_eq!(err.message, "missing front matter");
        assert_eq!(err.location.unwrap().span, 0..15);
    }

    #[test]
    fn unclosed_fence_is_unterminated_front_matter() {
        let err = split("---\ntitle: A\n# Body\n", "a.md").unwrap_err();
        assert_eq!(err.message, "unterminated front matter");
        assert_eq!(err.location.unwrap().span, 0..3);
    }

    #[test]
    fn body_may_be_empty() {
        let text = "---\ntitle: A\n---";
        assert_eq!(split(text, "a.md").unwrap().body, text.len()..text.len());
    }

    #[test]
    fn dashes_inside_the_body_do_not_end_anything() {
        let text = "---\na: 1\n---\nx\n---\ny\n";
        assert_eq!(&text[split(text, "a.md").unwrap().body], "x\n---\ny\n");
    }
}
