//! A minimal valid site in a temporary folder, for tests that run the real binary.
//!
//! [`Site::new`] writes one record of each kind (site.yaml, a module, a project,
//! an employer, a programme and a page) that together pass `prospectus check`;
//! a test then overwrites or adds the files that show the behaviour it tests.
//! Include it with `#[path = "common/fixture.rs"] mod fixture;`.

#![allow(dead_code)] // Each test crate uses its own part of the helpers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// `content/site.yaml` of the fixture.
pub const SITE_YAML: &str = "title: Fixture catalog\nbase_url: https://example.org/\n";

/// `content/modules/python-basics.md`: the module everything else refers to.
pub const PYTHON_BASICS: &str = "---
title: Python Basics
summary: Variables, loops and functions.
level: beginner
duration_hours: 20
skills: [Python]
---
## Overview

Learn Python.

## Weekly outline

One topic a week.
";

/// `content/projects/chatbot.yaml`.
pub const CHATBOT: &str = "title: Chatbot
provider: Microsoft
summary: Build a chatbot.
modules: [python-basics]
";

/// `content/employers/acme.yaml`.
pub const ACME: &str = "name: Acme
summary: We make things.
website: https://acme.example.com/
locations:
  - {city: Paris, country: FR}
roles:
  - title: Junior engineer
    country: FR
    employment_type: full-time
    apply_url: https://acme.example.com/jobs
";

/// `content/programmes/ai-master.md`.
pub const AI_MASTER: &str = "---
title: AI Master
summary: The whole path.
modules: [python-basics]
projects: [chatbot]
---
The programme.
";

/// `content/pages/about.md`.
pub const ABOUT: &str = "---
title: About
---
About us.
";

/// A valid module's front matter up to (not including) its closing `---`:
/// `---` is line 1 and the first line a test appends is line 6.
/// A second module, advanced, requiring python-basics and linking to its overview.
pub const DEEP_LEARNING: &str = "---
title: Deep Learning
summary: Networks.
level: advanced
duration_hours: 40
skills: [Python, Neural networks]
prerequisites: [python-basics]
---
## Networks

See [the basics](@/modules/python-basics.md#overview).

## Training

Backpropagation.
";

pub const MODULE_HEAD: &str = "---
title: A module
summary: One line.
level: beginner
duration_hours: 10
";

/// `content/site.yaml` of the bilingual fixture: English by default, French declared.
pub const SITE_YAML_FR: &str = "title: Fixture catalog
base_url: https://example.org/
language: en
languages:
  fr:
    title: Catalogue d’essai
    description: Un catalogue en deux langues.
";

/// `content/modules/python-basics.fr.md`: the French version of [`PYTHON_BASICS`].
pub const PYTHON_BASICS_FR: &str = "---
title: Les bases de Python
summary: Variables, boucles et fonctions.
---
## Présentation

Apprendre Python, puis l’[apprentissage](@/modules/apprentissage.md).
";

/// `content/modules/apprentissage.md`: a module written in French only.
pub const APPRENTISSAGE: &str = "---
title: Apprentissage automatique
summary: Les modèles supervisés, en français.
level: intermediate
duration_hours: 30
language: fr
skills: [Python]
prerequisites: [python-basics]
---
Le cours, en français. Voir [les bases](@/modules/python-basics.md).
";

/// `content/pages/about.fr.md`.
pub const ABOUT_FR: &str = "---
title: À propos
---
Qui nous sommes.
";

/// A temporary site folder holding `content/`; removed when dropped.
pub struct Site {
    dir: TempDir,
}

impl Default for Site {
    fn default() -> Self {
        Self::new()
    }
}

impl Site {
    /// A site with one valid record of each kind.
    pub fn new() -> Self {
        let site = Self::empty();
        site.write("content/site.yaml", SITE_YAML)
            .write("content/modules/python-basics.md", PYTHON_BASICS)
            .write("content/projects/chatbot.yaml", CHATBOT)
            .write("content/employers/acme.yaml", ACME)
            .write("content/programmes/ai-master.md", AI_MASTER)
            .write("content/pages/about.md", ABOUT);
        site
    }

    /// The fixture in English and French: the module `python-basics` and the page `about`
    /// have French versions, the module `apprentissage` is written in French only, and the
    /// project, the employer and its role, and the programme are in English only.
    pub fn bilingual() -> Self {
        let site = Self::new();
        site.write("content/site.yaml", SITE_YAML_FR)
            .write("content/modules/python-basics.fr.md", PYTHON_BASICS_FR)
            .write("content/modules/apprentissage.md", APPRENTISSAGE)
            .write("content/pages/about.fr.md", ABOUT_FR);
        site
    }

    /// The example site (a copy of the repository's `content/`) in English and French: it
    /// declares French if it does not yet, and gets a French version of the module
    /// `python-for-data-science` if it has none.
    pub fn bilingual_example() -> Self {
        let site = Self::empty();
        copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &site.path("content"));
        let config = std::fs::read_to_string(site.path("content/site.yaml")).expect("the example's site.yaml");
        if !config.lines().any(|line| line.starts_with("languages:")) {
            let french = "languages:\n  fr:\n    title: Catalogue IA appliquée\n    description: Les modules et les postes du diplôme.\n";
            site.write("content/site.yaml", &format!("{config}{french}"));
        }
        let translation = "content/modules/python-for-data-science.fr.md";
        if !site.path(translation).exists() {
            let text = "---\ntitle: Python pour la science des données\nsummary: Du premier script à une analyse reproductible.\n---\nLe module.\n";
            site.write(translation, text);
        }
        site
    }

    /// An empty folder with no `content/` yet.
    pub fn empty() -> Self {
        Self { dir: tempfile::Builder::new().prefix("prospectus-fixture-").tempdir().expect("create a temp folder") }
    }

    /// The site's root folder (the one holding `content/`).
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The absolute path of `relative` in the site.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    /// Writes `text` at `relative` (creating folders), replacing any file there.
    pub fn write(&self, relative: &str, text: &str) -> &Self {
        self.write_bytes(relative, text.as_bytes())
    }

    /// Writes raw bytes (invalid UTF-8, NUL bytes, BOMs) at `relative`.
    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) -> &Self {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the file's folder");
        }
        std::fs::write(&path, bytes).expect("write the fixture file");
        self
    }

    /// Writes a module `content/modules/<id>.md` made of [`MODULE_HEAD`], `extra`
    /// front matter lines (starting at line 6), the closing `---` and `body`.
    pub fn module(&self, id: &str, extra: &str, body: &str) -> &Self {
        self.write(&format!("content/modules/{id}.md"), &format!("{MODULE_HEAD}{extra}---\n{body}"))
    }

    /// Deletes the file at `relative`.
    pub fn remove(&self, relative: &str) -> &Self {
        std::fs::remove_file(self.path(relative)).expect("remove the fixture file");
        self
    }

    /// `prospectus <args…>` run in the site's folder (so diagnostics name `content/…`), with
    /// colours off, a fixed build date and no GitHub workspace.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::cargo_bin("prospectus").expect("the prospectus binary is built");
        command.args(args).current_dir(self.root()).env("NO_COLOR", "1").env("SOURCE_DATE_EPOCH", "1764000000");
        command.env_remove("GITHUB_WORKSPACE");
        command
    }

    /// `prospectus check --root <site> --format <format> <extra…>`.
    pub fn check(&self, format: &str, extra: &[&str]) -> Command {
        let root = self.root().to_str().expect("temp paths are UTF-8");
        let mut args = vec!["check", "--root", root, "--format", format];
        args.extend_from_slice(extra);
        self.command(&args)
    }

    /// The fixture with `extra` front matter lines in its programme (from line 6).
    pub fn with_programme_lines(extra: &str) -> Self {
        let site = Self::new();
        site.write("content/programmes/ai-master.md", &AI_MASTER.replacen("---\nThe", &format!("{extra}---\nThe"), 1));
        site
    }

    /// Builds the site into its `public/` (which must succeed) and returns the output file
    /// `path`, whitespace runs folded to one space.
    pub fn built_text(&self, path: &str) -> String {
        let out = self.path("public");
        let output = self.build(&out).output().expect("run prospectus");
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        let text = std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The diagnostics of a check that must fail, from `--format json`.
    pub fn check_errors(&self) -> Vec<serde_json::Value> {
        let output = self.check("json", &[]).output().expect("run prospectus");
        assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stdout));
        serde_json::from_slice(&output.stdout).expect("JSON diagnostics")
    }

    /// `prospectus build --root <site> --out <out>`.
    pub fn build(&self, out: &Path) -> Command {
        let root = self.root().to_str().expect("temp paths are UTF-8");
        let out = out.to_str().expect("temp paths are UTF-8");
        self.command(&["build", "--root", root, "--out", out])
    }
}

/// Message, line and column of a JSON diagnostic (0 for an unknown position).
pub fn message_at(d: &serde_json::Value) -> (&str, u64, u64) {
    (d["message"].as_str().unwrap_or_default(), d["line"].as_u64().unwrap_or(0), d["column"].as_u64().unwrap_or(0))
}

/// `prospectus build` of the example site (the repository's `content/`) into `out`.
pub fn build_example(out: &Path) -> Command {
    let mut command = Command::cargo_bin("prospectus").expect("the binary");
    command.args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--out"]).arg(out);
    command
}

/// The page at URL path `url` (no base path) of a site built into `<out>/public`, parsed.
pub fn built_page(out: &Path, url: &str) -> scraper::Html {
    let file = out.join("public").join(url.trim_start_matches('/')).join("index.html");
    scraper::Html::parse_document(&std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
}

/// The `href` of every element of `html` that `selector` matches, in document order.
pub fn hrefs(html: &scraper::Html, selector: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).expect("a valid selector");
    html.select(&selector).filter_map(|a| a.value().attr("href").map(str::to_owned)).collect()
}

/// Every file under `folder`, by `/`-separated relative path, with its bytes.
pub fn snapshot(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("walk the output folder"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(folder).expect("inside the folder");
            let name = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            (name, std::fs::read(entry.path()).expect("read an output file"))
        })
        .collect()
}

/// Copies the folder `from` into `to`, recursively (regular files only).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk the folder to copy");
        let target = to.join(entry.path().strip_prefix(from).expect("inside the folder"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create a folder");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}
