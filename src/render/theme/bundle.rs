//! The built-in theme's `search.js`, joined from its modules.
//!
//! The search runtime is written as small ES modules by job (`themes/default/scripts/search/`:
//! text, decode, files, match, rank, facets, url, ui, main), which ESLint and the Node tests
//! (`tests/js/`) read as they are. The site serves them as one file, so a page makes one request:
//! this joins them in dependency order inside one function scope, dropping the `import` lines and
//! the `export` keywords. The result depends only on the modules' text (a build is deterministic).
//! The modules' rules that make joining safe (one-line imports without renaming, no two modules
//! declaring one name) are checked by the tests below.

/// The modules, each after every module it imports from: `(file name, text)`.
const MODULES: [(&str, &str); 9] = [
    ("text.js", include_str!("../../../themes/default/scripts/search/text.js")),
    ("decode.js", include_str!("../../../themes/default/scripts/search/decode.js")),
    ("files.js", include_str!("../../../themes/default/scripts/search/files.js")),
    ("match.js", include_str!("../../../themes/default/scripts/search/match.js")),
    ("rank.js", include_str!("../../../themes/default/scripts/search/rank.js")),
    ("facets.js", include_str!("../../../themes/default/scripts/search/facets.js")),
    ("url.js", include_str!("../../../themes/default/scripts/search/url.js")),
    ("ui.js", include_str!("../../../themes/default/scripts/search/ui.js")),
    ("main.js", include_str!("../../../themes/default/scripts/search/main.js")),
];

const HEADER: &str = "/* Prospectus: instant search and facets for the catalog page.
   Reads the static index under search/ (format: docs/search.md). No
   dependencies, no WebAssembly, no inline script or style; results are built
   with DOM APIs and textContent. Without it the page is the full catalog.
   Joined from the modules in themes/default/scripts/search/ (see docs/search.md). */
(() => {
'use strict';
";

/// The served `search.js`: every module, in order, in one function scope.
pub fn search_js() -> String {
    let mut out = String::from(HEADER);
    for (name, text) in MODULES {
        out.push_str("\n// ");
        out.push_str(name);
        out.push('\n');
        for line in text.lines().filter(|line| !line.starts_with("import ")) {
            out.push_str(line.strip_prefix("export ").unwrap_or(line));
            out.push('\n');
        }
    }
    out.push_str("})();\n");
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// The names a module declares at its top level (`function f`, `const X`, `class C`, …),
    /// or only those it exports.
    fn declared(text: &str, only_exported: bool) -> Vec<&str> {
        let keywords = ["async function ", "function ", "const ", "let ", "class "];
        text.lines()
            .filter_map(|line| match line.strip_prefix("export ") {
                Some(exported) => Some(exported),
                None if only_exported => None,
                None => Some(line),
            })
            .filter_map(|line| keywords.iter().find_map(|k| line.strip_prefix(k)))
            .filter_map(|rest| rest.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).next())
            .collect()
    }

    /// `(names, module)` of each `import { a, b } from './m.js';` line.
    fn imports(text: &str) -> Vec<(Vec<&str>, &str)> {
        text.lines()
            .filter(|line| line.starts_with("import"))
            .map(|line| {
                let (names, from) = line
                    .strip_prefix("import { ")
                    .and_then(|rest| rest.split_once(" } from './"))
                    .unwrap_or_else(|| panic!("an import is one line `import {{ a, b }} from './m.js';`: {line}"));
                let module = from.strip_suffix("';").unwrap_or_else(|| panic!("one import per line: {line}"));
                (names.split(", ").collect(), module)
            })
            .collect()
    }

    #[test]
    fn every_module_in_the_folder_is_joined() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/scripts/search");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".js"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<&str> = MODULES.iter().map(|(name, _)| *name).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn modules_import_only_what_an_earlier_module_exports() {
        let mut exported: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, text) in MODULES {
            for (names, from) in imports(text) {
                let available =
                    exported.get(from).unwrap_or_else(|| panic!("{name} imports {from}, not joined before it"));
                for imported in names {
                    assert!(!imported.contains(" as "), "{name}: joining cannot rename `{imported}`");
                    assert!(available.contains(&imported), "{name} imports `{imported}`, which {from} does not export");
                }
            }
            exported.insert(name, declared(text, true));
        }
    }

    #[test]
    fn no_two_modules_declare_the_same_name() {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (name, text) in MODULES {
            for declared in declared(text, false) {
                if let Some(first) = seen.insert(declared, name) {
                    panic!("`{declared}` is declared by both {first} and {name}: one scope once joined");
                }
            }
        }
    }

    #[test]
    fn the_joined_file_has_no_module_syntax_left() {
        let js = search_js();
        assert!(js.starts_with("/* Prospectus") && js.ends_with("})();\n"));
        assert!(!js.lines().any(|l| l.starts_with("import ") || l.starts_with("export ")), "{js}");
        assert!(js.contains("\nfunction fieldScores(weights) {"), "exports become plain declarations");
    }
}
