//! Writes a synthetic catalog for benchmarks: deterministic from a seed.
//!
//! ```sh
//! cargo run --release --example gen-catalog -- --modules 10000 --out /tmp/cat10k [--seed 42] [--peers]
//! ```
//! writes `<out>/content/` (the Prospectus site) and, with `--peers`, the same
//! modules as plain-Markdown sites in `<out>/hugo/` and `<out>/zola/` (see
//! `gen_peers.rs` for what they hold).
//! N modules of 600–900 words (headings, lists, a table, two or three fenced
//! code blocks in different languages, internal links), N/10 projects, N/20
//! employers with 2–5 roles each, prerequisites forming a DAG, and skills from
//! a vocabulary of a few hundred.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "gen_code.rs"]
mod code;
#[path = "gen_peers.rs"]
mod peers;

const WORDS: &[&str] = &[
    "model",
    "data",
    "training",
    "evaluation",
    "feature",
    "pipeline",
    "gradient",
    "network",
    "layer",
    "loss",
    "accuracy",
    "dataset",
    "inference",
    "deployment",
    "latency",
    "embedding",
    "token",
    "attention",
    "vector",
    "cluster",
    "regression",
    "classifier",
    "probability",
    "sampling",
    "bias",
    "fairness",
    "privacy",
    "monitoring",
    "drift",
    "baseline",
    "experiment",
    "hypothesis",
    "metric",
    "validation",
    "overfitting",
    "regularisation",
    "optimiser",
    "batch",
    "epoch",
    "schema",
    "query",
    "storage",
    "stream",
    "container",
    "endpoint",
    "service",
    "student",
    "project",
    "practice",
    "review",
    "report",
    "design",
    "system",
    "decision",
    "signal",
    "label",
];

const SKILL_HEADS: &[&str] = &[
    "Machine",
    "Deep",
    "Statistical",
    "Applied",
    "Responsible",
    "Distributed",
    "Probabilistic",
    "Causal",
    "Cloud",
    "Data",
    "Time-series",
    "Graph",
    "Natural-language",
    "Computer",
    "Reinforcement",
    "Federated",
    "Edge",
    "Quantum",
    "Bayesian",
    "Generative",
];

const SKILL_TAILS: &[&str] = &[
    "learning",
    "modelling",
    "engineering",
    "inference",
    "optimisation",
    "vision",
    "analytics",
    "governance",
    "testing",
    "deployment",
    "visualisation",
    "processing",
    "forecasting",
    "security",
    "architecture",
];

/// A seeded generator, so the same arguments always write the same catalog.
struct Gen {
    rng: fastrand::Rng,
}

impl Gen {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(..items.len())]
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            let w = *self.pick(WORDS);
            if i == 0 {
                let mut c = w.chars();
                s.extend(c.next().map(|c| c.to_ascii_uppercase()));
                s.push_str(c.as_str());
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        s.push('.');
        s
    }

    fn paragraph(&mut self, words: usize) -> String {
        let mut p = String::new();
        let mut left = words;
        while left > 0 {
            let n = left.min(8 + self.rng.usize(..10));
            if !p.is_empty() {
                p.push(' ');
            }
            p.push_str(&self.sentence(n));
            left -= n;
        }
        p
    }
}

fn skill_vocabulary() -> Vec<String> {
    SKILL_HEADS.iter().flat_map(|h| SKILL_TAILS.iter().map(move |t| format!("{h} {t}"))).collect()
}

fn module_id(i: usize) -> String {
    format!("module-{i:06}")
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

/// A generated module: its Prospectus source, and what the peers' versions need.
struct Module {
    /// The whole `.md` file for Prospectus (YAML front matter and body).
    source: String,
    title: String,
    summary: String,
    updated: String,
    /// The Markdown body alone, with `@/modules/…` internal links.
    body: String,
}

fn module(g: &mut Gen, i: usize, skills: &[String]) -> Module {
    let words = 600 + g.rng.usize(..300);
    let level = *g.pick(&["beginner", "intermediate", "advanced"]);
    let mut prerequisites = Vec::new();
    for _ in 0..g.rng.usize(..4).min(i) {
        let p = module_id(g.rng.usize(..i));
        if !prerequisites.contains(&p) {
            prerequisites.push(p);
        }
    }
    let module_skills: Vec<&str> = (0..2 + g.rng.usize(..4)).map(|_| g.pick(skills).as_str()).collect();
    let title = format!("{} {i}", g.sentence(3).trim_end_matches('.'));
    let summary = g.sentence(14);
    let updated = format!("2026-{:02}-{:02}", 1 + g.rng.usize(..12), 1 + g.rng.usize(..28));
    let front = format!(
        "---\ntitle: {title}\nsummary: {summary}\nlevel: {level}\nduration_hours: {}\ncode: GEN-{i:06}\nects: {}\nskills: [{}]\nprerequisites: [{}]\noutcomes:\n  - {}\n  - {}\nupdated: {updated}\n---\n",
        10 + g.rng.usize(..80),
        1 + g.rng.usize(..10),
        module_skills.join(", "),
        prerequisites.join(", "),
        g.sentence(8),
        g.sentence(9),
    );
    let mut body = String::new();
    let blocks = 2 + g.rng.usize(..2);
    let first = g.rng.usize(..code::LANGUAGES.len());
    let sections = ["Overview", "What you will learn", "Weekly outline", "Assessment", "Worked example"];
    let per_section = words / sections.len();
    for (s, heading) in sections.iter().enumerate() {
        let _ = write!(body, "\n## {heading}\n\n{}\n", g.paragraph(per_section.saturating_sub(20)));
        match s {
            1 => {
                for _ in 0..4 {
                    let _ = writeln!(body, "- {}", g.sentence(6));
                }
            }
            2 => {
                for week in 1..=4 {
                    let _ = writeln!(body, "{week}. {}", g.sentence(5));
                }
            }
            3 => {
                body.push_str(
                    "\n| Component | Weight |\n|---|---|\n| Coursework | 40% |\n| Project | 40% |\n| Quiz | 20% |\n",
                );
            }
            _ => {}
        }
        if s >= 1 && s <= blocks {
            let lang = code::LANGUAGES[(first + s) % code::LANGUAGES.len()];
            let _ = write!(body, "\n```{lang}\n{}```\n", code::block(&mut g.rng, lang));
        }
        if s == 4 && i > 0 {
            let other = module_id(g.rng.usize(..i));
            let _ = write!(body, "\nSee also [a related module](@/modules/{other}.md#overview).\n");
        }
    }
    Module { source: format!("{front}{body}"), title, summary, updated, body }
}

fn project(g: &mut Gen, i: usize, modules: usize, skills: &[String]) -> String {
    let assessed: Vec<String> = (0..1 + g.rng.usize(..3)).map(|_| module_id(g.rng.usize(..modules))).collect();
    let project_skills: Vec<&str> = (0..2 + g.rng.usize(..3)).map(|_| g.pick(skills).as_str()).collect();
    format!(
        "title: \"Project {i} — {}\"\nprovider: Microsoft\nsummary: {}\nbrief: |\n  ## The brief\n\n  {}\nskills: [{}]\nmodules: [{}]\nlevel: intermediate\nestimated_hours: {}\ndeliverables:\n  - {}\n  - {}\n",
        g.sentence(3).trim_end_matches('.'),
        g.sentence(12),
        g.paragraph(80),
        project_skills.join(", "),
        assessed.join(", "),
        20 + g.rng.usize(..60),
        g.sentence(5),
        g.sentence(5),
    )
}

fn employer(g: &mut Gen, i: usize, skills: &[String]) -> String {
    let places =
        [("Paris", "FR"), ("Lyon", "FR"), ("London", "GB"), ("Manchester", "GB"), ("Seattle", "US"), ("Austin", "US")];
    let (city, country) = *g.pick(&places);
    let mut text = format!(
        "name: Employer {i}\nsummary: {}\nwebsite: https://employer-{i}.example.com/\nlocations:\n  - {{city: {city}, country: {country}}}\nroles:\n",
        g.sentence(12)
    );
    for r in 0..2 + g.rng.usize(..4) {
        let role_skills: Vec<&str> = (0..2 + g.rng.usize(..3)).map(|_| g.pick(skills).as_str()).collect();
        let kind = *g.pick(&["full-time", "part-time", "contract", "internship", "apprenticeship"]);
        let _ = write!(
            text,
            "  - title: {} engineer {r}\n    summary: {}\n    skills: [{}]\n    city: {city}\n    country: {country}\n    remote: {}\n    employment_type: {kind}\n    apply_url: https://employer-{i}.example.com/jobs/{r}\n    posted: 2026-{:02}-01\n    closes: 2027-{:02}-28\n",
            g.pick(SKILL_HEADS),
            g.sentence(10),
            role_skills.join(", "),
            g.rng.bool(),
            1 + g.rng.usize(..10),
            1 + g.rng.usize(..12),
        );
    }
    text
}

fn programme(modules: usize) -> String {
    let ids: Vec<String> = (0..modules.min(24)).map(module_id).collect();
    format!(
        "---\ntitle: Generated programme\nsummary: A programme over the first modules.\nmodules: [{}]\ncredential: Certificate\nduration_months: 12\ncountries: [FR, GB, US]\n---\nA generated programme.\n",
        ids.join(", ")
    )
}

fn main() {
    let mut modules = 1000;
    let mut seed = 42;
    let mut out = PathBuf::from("bench-catalog");
    let mut peers = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--modules" => modules = value().parse().expect("--modules takes a number"),
            "--seed" => seed = value().parse().expect("--seed takes a number"),
            "--out" => out = PathBuf::from(value()),
            "--peers" => peers = true,
            other => panic!("unknown argument {other}; use --modules N --seed S --out DIR [--peers]"),
        }
    }
    let content = out.join("content");
    let _ = std::fs::remove_dir_all(&content);
    let skills = skill_vocabulary();
    let mut g = Gen { rng: fastrand::Rng::with_seed(seed) };
    write(&content.join("site.yaml"), "title: Benchmark catalog\nbase_url: https://bench.example.org/\nlanguage: en\n");
    let (hugo, zola) = (out.join("hugo"), out.join("zola"));
    if peers {
        peers::hugo_site(&hugo);
        peers::zola_site(&zola);
    }
    for i in 0..modules {
        let module = module(&mut g, i, &skills);
        write(&content.join(format!("modules/{}.md", module_id(i))), &module.source);
        if peers {
            peers::hugo_module(&hugo, i, &module);
            peers::zola_module(&zola, i, &module);
        }
    }
    for i in 0..(modules / 10).max(1) {
        let text = project(&mut g, i, modules, &skills);
        write(&content.join(format!("projects/project-{i:06}.yaml")), &text);
    }
    for i in 0..(modules / 20).max(1) {
        let text = employer(&mut g, i, &skills);
        write(&content.join(format!("employers/employer-{i:06}.yaml")), &text);
    }
    write(&content.join("programmes/generated.md"), &programme(modules));
    write(
        &content.join("pages/about.md"),
        "---\ntitle: About\nsummary: A generated catalog.\n---\nGenerated for benchmarks.\n",
    );
    eprintln!(
        "wrote {modules} modules, {} projects, {} employers to {}",
        (modules / 10).max(1),
        (modules / 20).max(1),
        content.display()
    );
}
