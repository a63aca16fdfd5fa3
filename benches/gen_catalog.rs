//! Writes a synthetic catalog for benchmarks: deterministic from a seed.
//!
//! ```sh
//! cargo run --release --example gen-catalog -- --modules 10000 --out /tmp/cat10k [--seed 42] [--peers] [--translated 0.3]
//! ```
//! writes `<out>/content/` (the Prospectus site) and, with `--peers`, the same
//! modules as plain-Markdown sites in `<out>/hugo/` and `<out>/zola/` (see
//! `gen_peers.rs` for what they hold).
//! N modules of 600–900 words (headings, lists, a table, two or three fenced
//! code blocks in different languages, internal links), N/10 projects, N/20
//! employers with 2–5 roles each, prerequisites forming a DAG, and skills from
//! a vocabulary of a few hundred.
//!
//! `--translated F` declares French in `site.yaml` and gives each record a French
//! translation with probability F (`<id>.fr.md` / `.fr.yaml`: every text field, and a body
//! of the original's length). The translations come from a generator of their own, so the
//! originals are byte for byte those written without the option: `--translated 0` is the
//! same catalog with French declared and nothing translated.

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

/// French words for translations, accents and elisions included, as a French text has them.
const FR_WORDS: &[&str] = &[
    "modèle",
    "données",
    "apprentissage",
    "évaluation",
    "caractéristique",
    "chaîne",
    "gradient",
    "réseau",
    "entraînement",
    "prédiction",
    "requête",
    "système",
    "étudiant",
    "projet",
    "méthode",
    "résultat",
    "l'algorithme",
    "d'abord",
    "qu'il",
    "élève",
    "cœur",
    "façon",
    "déployer",
    "vérifier",
    "mesurer",
    "échantillon",
    "biais",
    "variance",
    "régression",
    "classification",
    "intégration",
    "sécurité",
    "fiabilité",
    "à",
    "et",
    "pour",
    "avec",
    "dans",
    "sur",
    "les",
    "des",
    "une",
];

/// A seeded generator, so the same arguments always write the same catalog.
struct Gen {
    rng: fastrand::Rng,
    /// The language's words.
    words: &'static [&'static str],
}

impl Gen {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(..items.len())]
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            let w = *self.pick(self.words);
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

/// Whether the module `id` (`module-000042`) is translated into French.
fn other_translated(translate: &[bool], id: &str) -> bool {
    id.strip_prefix("module-").and_then(|n| n.parse::<usize>().ok()).is_some_and(|n| translate[n])
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
    /// About how many words the body has.
    words: usize,
    /// The module its "see also" link points at, if any.
    link: Option<String>,
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
    let mut link = None;
    let blocks = 2 + g.rng.usize(..2);
    let first = g.rng.usize(..code::LANGUAGES.len());
    let per_section = words / SECTIONS.len();
    for (s, heading) in SECTIONS.iter().enumerate() {
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
            link = Some(other);
        }
    }
    Module { source: format!("{front}{body}"), title, summary, updated, body, words, link }
}

/// The sections of a module's body, in English and in French.
const SECTIONS: [&str; 5] = ["Overview", "What you will learn", "Weekly outline", "Assessment", "Worked example"];
const SECTIONS_FR: [&str; 5] =
    ["Aperçu", "Ce que vous apprendrez", "Programme semaine par semaine", "Évaluation", "Exemple commenté"];

/// A French translation of module `i`: its text, a body of about `words` words with French
/// headings, and a link whose anchor is on the target's page in French (`target_in_french`).
fn module_fr(f: &mut Gen, i: usize, words: usize, link: Option<(String, bool)>) -> String {
    let mut text = format!(
        "---\ntitle: {} {i}\nsummary: {}\noutcomes:\n  - {}\n  - {}\n---\n",
        f.sentence(3).trim_end_matches('.'),
        f.sentence(14),
        f.sentence(8),
        f.sentence(9)
    );
    for (s, heading) in SECTIONS_FR.iter().enumerate() {
        let _ = write!(text, "\n## {heading}\n\n{}\n", f.paragraph(words / SECTIONS_FR.len()));
        if s == 2 {
            let lang = *f.pick(code::LANGUAGES);
            let _ = write!(text, "\n```{lang}\n{}```\n", code::block(&mut f.rng, lang));
        }
    }
    if let Some((other, in_french)) = link {
        let anchor = if in_french { "aperçu" } else { "overview" };
        let _ = write!(text, "\nVoir aussi [un module voisin](@/modules/{other}.md#{anchor}).\n");
    }
    text
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

/// An employer's file and its roles' titles.
fn employer(g: &mut Gen, i: usize, skills: &[String]) -> (String, Vec<String>) {
    let places =
        [("Paris", "FR"), ("Lyon", "FR"), ("London", "GB"), ("Manchester", "GB"), ("Seattle", "US"), ("Austin", "US")];
    let (city, country) = *g.pick(&places);
    let mut text = format!(
        "name: Employer {i}\nsummary: {}\nwebsite: https://employer-{i}.example.com/\nlocations:\n  - {{city: {city}, country: {country}}}\nroles:\n",
        g.sentence(12)
    );
    let mut titles = Vec::new();
    for r in 0..2 + g.rng.usize(..4) {
        let title = format!("{} engineer {r}", g.pick(SKILL_HEADS));
        let role_skills: Vec<&str> = (0..2 + g.rng.usize(..3)).map(|_| g.pick(skills).as_str()).collect();
        let kind = *g.pick(&["full-time", "part-time", "contract", "internship", "apprenticeship"]);
        let _ = write!(
            text,
            "  - title: {title}\n    summary: {}\n    skills: [{}]\n    city: {city}\n    country: {country}\n    remote: {}\n    employment_type: {kind}\n    apply_url: https://employer-{i}.example.com/jobs/{r}\n    posted: 2026-{:02}-01\n    closes: 2027-{:02}-28\n",
            g.sentence(10),
            role_skills.join(", "),
            g.rng.bool(),
            1 + g.rng.usize(..10),
            1 + g.rng.usize(..12),
        );
        titles.push(title);
    }
    (text, titles)
}

/// A French translation of a project: every text field.
fn project_fr(f: &mut Gen, i: usize) -> String {
    format!(
        "title: \"Projet {i} — {}\"\nsummary: \"{}\"\nbrief: |\n  ## Le sujet\n\n  {}\ndeliverables:\n  - \"{}\"\n  - \"{}\"\n",
        f.sentence(3).trim_end_matches('.'),
        f.sentence(12),
        f.paragraph(80),
        f.sentence(5),
        f.sentence(5),
    )
}

/// A French translation of an employer and all its roles, matched by the ids their titles give.
fn employer_fr(f: &mut Gen, roles: &[String]) -> String {
    let mut text = format!("summary: \"{}\"\nroles:\n", f.sentence(12));
    for title in roles {
        let id = prospectus::ids::slugify_path(title);
        let _ = write!(text, "  - id: {id}\n    title: \"{}\"\n    summary: \"{}\"\n", f.sentence(3), f.sentence(10));
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
    let mut translated: Option<f64> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--modules" => modules = value().parse().expect("--modules takes a number"),
            "--seed" => seed = value().parse().expect("--seed takes a number"),
            "--out" => out = PathBuf::from(value()),
            "--peers" => peers = true,
            "--translated" => translated = Some(value().parse().expect("--translated takes a fraction such as 0.3")),
            other => {
                panic!("unknown argument {other}; use --modules N --seed S --out DIR [--peers] [--translated FRACTION]")
            }
        }
    }
    let content = out.join("content");
    let _ = std::fs::remove_dir_all(&content);
    let skills = skill_vocabulary();
    let mut g = Gen { rng: fastrand::Rng::with_seed(seed), words: WORDS };
    // Translations draw from their own generator: the originals stay those written without them.
    let mut f = Gen { rng: fastrand::Rng::with_seed(seed ^ 0x6672), words: FR_WORDS };
    let fraction = translated.unwrap_or(0.0);
    let translate: Vec<bool> = (0..modules).map(|_| f.rng.f64() < fraction).collect();
    let mut site_yaml = "title: Benchmark catalog\nbase_url: https://bench.example.org/\nlanguage: en\n".to_owned();
    if translated.is_some() {
        site_yaml.push_str("languages:\n  fr: {title: Catalogue de test, description: Un catalogue généré.}\n");
    }
    write(&content.join("site.yaml"), &site_yaml);
    let mut written = 0;
    let (hugo, zola) = (out.join("hugo"), out.join("zola"));
    if peers {
        peers::hugo_site(&hugo);
        peers::zola_site(&zola);
    }
    for i in 0..modules {
        let module = module(&mut g, i, &skills);
        write(&content.join(format!("modules/{}.md", module_id(i))), &module.source);
        if translate[i] {
            let link = module.link.as_ref().map(|other| (other.clone(), other_translated(&translate, other)));
            write(&content.join(format!("modules/{}.fr.md", module_id(i))), &module_fr(&mut f, i, module.words, link));
            written += 1;
        }
        if peers {
            peers::hugo_module(&hugo, i, &module);
            peers::zola_module(&zola, i, &module);
        }
    }
    for i in 0..(modules / 10).max(1) {
        let text = project(&mut g, i, modules, &skills);
        write(&content.join(format!("projects/project-{i:06}.yaml")), &text);
        if f.rng.f64() < fraction {
            write(&content.join(format!("projects/project-{i:06}.fr.yaml")), &project_fr(&mut f, i));
            written += 1;
        }
    }
    for i in 0..(modules / 20).max(1) {
        let (text, roles) = employer(&mut g, i, &skills);
        write(&content.join(format!("employers/employer-{i:06}.yaml")), &text);
        if f.rng.f64() < fraction {
            write(&content.join(format!("employers/employer-{i:06}.fr.yaml")), &employer_fr(&mut f, &roles));
            written += 1;
        }
    }
    write(&content.join("programmes/generated.md"), &programme(modules));
    write(
        &content.join("pages/about.md"),
        "---\ntitle: About\nsummary: A generated catalog.\n---\nGenerated for benchmarks.\n",
    );
    if translated.is_some() {
        write(
            &content.join("pages/about.fr.md"),
            "---\ntitle: À propos\nsummary: Un catalogue généré.\n---\nGénéré pour les mesures.\n",
        );
        written += 1;
    }
    eprintln!(
        "wrote {modules} modules, {} projects, {} employers and {written} French translations to {}",
        (modules / 10).max(1),
        (modules / 20).max(1),
        content.display()
    );
}
