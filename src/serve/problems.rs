//! What the browser shows while the content has errors: each diagnostic as the terminal
//! prints it, with a link that opens its file in the author's editor.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::Failure;
use crate::diagnostics::{self, Format};

/// The default `--editor-url`: VS Code's URL scheme.
pub const DEFAULT_EDITOR_URL: &str = "vscode://file{path}:{line}:{column}";

/// Where the error view's links open a file: a URL template with `{path}` (absolute),
/// `{line}` and `{column}` (from 1).
#[derive(Debug, Clone)]
pub struct EditorUrl {
    template: String,
    /// The folder the diagnostics' paths are relative to.
    base: PathBuf,
}

impl EditorUrl {
    /// Links made from `template`, for diagnostics whose paths are relative to `base`.
    pub fn new(template: &str, base: &Path) -> Self {
        EditorUrl { template: template.to_owned(), base: base.to_owned() }
    }

    fn link(&self, file: &str, line: u64, column: u64) -> String {
        let path = self.base.join(file);
        self.template
            .replace("{path}", &path.to_string_lossy())
            .replace("{line}", &line.to_string())
            .replace("{column}", &column.to_string())
    }
}

/// The error view's data (the `problems` event and the page before any good build):
/// `{site, problems: [{…the JSON diagnostic, text, open}]}`, where `site` says whether a
/// last good site is behind the view, `text` is the diagnostic as the terminal prints it
/// (source excerpt, underline, help, notes) and `open` the editor link of its place.
pub fn payload(failure: &Failure, site: bool, editor: &EditorUrl) -> String {
    let problems: Vec<Value> = failure
        .diagnostics
        .iter()
        .map(|d| {
            let one = std::slice::from_ref(d);
            let json = diagnostics::render(one, &failure.sources, Format::Json, false);
            let mut value =
                serde_json::from_str::<Vec<Value>>(&json).ok().and_then(|mut v| v.pop()).unwrap_or_default();
            let text = diagnostics::render(one, &failure.sources, Format::Human, false);
            let open = match (value["file"].as_str(), value["line"].as_u64()) {
                (Some(file), Some(line)) => Some(editor.link(file, line, value["column"].as_u64().unwrap_or(1))),
                _ => None,
            };
            value["text"] = json!(text.trim_end());
            value["open"] = json!(open);
            value
        })
        .collect();
    json!({"site": site, "problems": problems}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Sources};

    fn failure() -> Failure {
        let mut sources = Sources::default();
        sources.insert("site/content/modules/a.md".into(), "---\nlevel: expert\n---\n".into());
        let d =
            Diagnostic::error("invalid level `expert`").at("site/content/modules/a.md", 11..17).hint("use beginner");
        Failure { diagnostics: vec![d], sources }
    }

    #[test]
    fn each_problem_links_its_place_in_the_editor() {
        let editor = EditorUrl::new(DEFAULT_EDITOR_URL, Path::new("/work/repo"));
        let value: Value = serde_json::from_str(&payload(&failure(), true, &editor)).unwrap();
        assert_eq!(value["problems"][0]["open"], "vscode://file/work/repo/site/content/modules/a.md:2:8");
    }

    #[test]
    fn each_problem_carries_its_terminal_text_with_the_excerpt_and_hint() {
        let editor = EditorUrl::new("idea://open?file={path}&line={line}", Path::new("/r"));
        let value: Value = serde_json::from_str(&payload(&failure(), false, &editor)).unwrap();
        let text = value["problems"][0]["text"].as_str().unwrap();
        assert!(text.contains("2 | level: expert"), "{text}");
        assert!(text.contains("^^^^^^"), "{text}");
        assert!(text.contains("help: use beginner"), "{text}");
        assert_eq!(value["site"], false);
        assert_eq!(value["problems"][0]["open"], "idea://open?file=/r/site/content/modules/a.md&line=2");
    }
}
