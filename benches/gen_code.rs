//! Code blocks for the synthetic catalog, in six languages.
//!
//! Real catalogs repeat some lines verbatim (imports, `set -euo pipefail`,
//! closing braces, `return result`, `GROUP BY` clauses) and vary most others
//! (names, numbers, paths). So each block is assembled from idioms of its
//! language with names drawn from a domain vocabulary: no block is a fixed
//! string, and repetition comes only from the idioms themselves. The
//! benchmark's cache hit rates are measured on this, so it must not be rigged.

use fastrand::Rng;

const NOUNS: &[&str] = &[
    "model",
    "scores",
    "features",
    "labels",
    "frame",
    "batch",
    "weights",
    "predictions",
    "dataset",
    "metrics",
    "records",
    "students",
    "grades",
    "tokens",
    "embeddings",
    "config",
    "results",
    "losses",
    "samples",
    "cohort",
    "vectors",
    "documents",
    "queries",
    "rows",
    "events",
    "targets",
    "inputs",
    "outputs",
    "errors",
    "history",
];

const VERBS: &[&str] = &[
    "load",
    "train",
    "evaluate",
    "predict",
    "clean",
    "split",
    "score",
    "normalise",
    "export",
    "summarise",
    "fetch",
    "validate",
    "encode",
    "rank",
    "filter",
    "merge",
];

const TABLES: &[&str] = &[
    "students",
    "grades",
    "modules",
    "enrolments",
    "cohorts",
    "submissions",
    "events",
    "projects",
    "employers",
    "roles",
];

const COLUMNS: &[&str] = &[
    "id",
    "cohort",
    "score",
    "module",
    "student_id",
    "created_at",
    "country",
    "level",
    "hours",
    "status",
    "title",
    "grade",
    "attempt",
    "submitted_at",
];

const PY_IMPORTS: &[&str] = &[
    "import numpy as np",
    "import pandas as pd",
    "import json",
    "import logging",
    "from pathlib import Path",
    "import torch",
    "from torch import nn",
    "from sklearn.model_selection import train_test_split",
    "from sklearn.metrics import accuracy_score, f1_score",
    "from dataclasses import dataclass",
    "from typing import Iterable",
    "import matplotlib.pyplot as plt",
    "from azure.ai.ml import MLClient",
    "from azure.identity import DefaultAzureCredential",
];

const RUST_USES: &[&str] = &[
    "use std::collections::HashMap;",
    "use std::fs;",
    "use std::io::{self, BufRead};",
    "use std::path::Path;",
    "use serde::{Deserialize, Serialize};",
    "use anyhow::Result;",
];

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn noun(rng: &mut Rng) -> &'static str {
    NOUNS[rng.usize(..NOUNS.len())]
}

/// `min` to `min + spread - 1` draws of `items`, without repeats and in
/// vocabulary order (as a linter would sort imports).
fn some<'a>(rng: &mut Rng, items: &[&'a str], min: usize, spread: usize) -> Vec<&'a str> {
    let n = min + rng.usize(..spread);
    let mut chosen: Vec<usize> = (0..n).map(|_| rng.usize(..items.len())).collect();
    chosen.sort_unstable();
    chosen.dedup();
    chosen.into_iter().map(|i| items[i]).collect()
}

/// A code block of `lang` (one of `LANGUAGES`), ending with a newline.
pub fn block(rng: &mut Rng, lang: &str) -> String {
    let lines = match lang {
        "python" => python(rng),
        "sql" => sql(rng),
        "bash" => bash(rng),
        "yaml" => yaml(rng),
        "json" => json(rng),
        _ => rust(rng),
    };
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// The languages of `block`, in the order modules cycle through them.
pub const LANGUAGES: &[&str] = &["python", "sql", "bash", "yaml", "json", "rust"];

fn python(rng: &mut Rng) -> Vec<String> {
    let mut out: Vec<String> = some(rng, PY_IMPORTS, 1, 4).into_iter().map(str::to_owned).collect();
    out.push(String::new());
    if rng.usize(..3) == 0 {
        out.push(format!("{} = {}", noun(rng).to_uppercase(), 8 << rng.usize(..6)));
        out.push(String::new());
    }
    let (verb, subject, arg) = (pick(rng, VERBS), noun(rng), noun(rng));
    out.push(format!("def {verb}_{subject}({arg}, limit: int = {}) -> dict:", 10 * (1 + rng.usize(..10))));
    out.push(format!("    \"\"\"{}{} the {subject} of the {arg}.\"\"\"", &verb[..1].to_uppercase(), &verb[1..]));
    out.push("    result = {}".to_owned());
    for _ in 0..4 + rng.usize(..9) {
        let (a, b) = (noun(rng), noun(rng));
        match rng.usize(..10) {
            0 => {
                out.push(format!("    for {a} in {b}:"));
                out.push(format!("        result[{a}.name] = {a}.{}()", pick(rng, &["mean", "sum", "max", "item"])));
            }
            1 => {
                out.push(format!("    if {a} is None:"));
                out.push("        return result".to_owned());
            }
            2 => out.push(format!("    {a} = pd.read_csv(\"data/{b}.csv\")")),
            3 => out.push(format!("    {a} = np.zeros(({}, {}))", 1 << rng.usize(..8), 1 << rng.usize(..6))),
            4 => {
                out.push("    for i in range(limit):".to_owned());
                out.push(format!("        {a}[i] = {b}[i] * {}", rng.usize(..100) as f64 / 100.0));
            }
            5 => out.push(format!("    logging.info(\"{verb} %s\", {a})")),
            6 => out.push(format!("    print(f\"{a}: {{{b}:.3f}}\")")),
            7 => out.push(format!("    result[\"{a}\"] = len({b})")),
            8 => {
                out.push("    try:".to_owned());
                out.push(format!("        {a} = {b}.{}()", pick(rng, &["fit", "predict", "transform", "copy"])));
                out.push("    except ValueError as error:".to_owned());
                out.push("        logging.warning(\"skipped: %s\", error)".to_owned());
            }
            _ => out.push(format!("    {a} = {b}[{b}[\"{}\"] > {}]", pick(rng, COLUMNS), rng.usize(..50))),
        }
    }
    out.push("    return result".to_owned());
    if rng.bool() {
        out.push(String::new());
        out.push(String::new());
        out.push("if __name__ == \"__main__\":".to_owned());
        out.push(format!("    {verb}_{subject}([])"));
    }
    out
}

fn sql(rng: &mut Rng) -> Vec<String> {
    let mut out = Vec::new();
    if rng.usize(..3) == 0 {
        let table = pick(rng, TABLES);
        out.push(format!("CREATE TABLE {table} ("));
        out.push("  id INTEGER PRIMARY KEY,".to_owned());
        for column in some(rng, &COLUMNS[1..], 2, 4) {
            let kind = pick(rng, &["TEXT NOT NULL", "INTEGER", "REAL", "TEXT", "INTEGER NOT NULL"]);
            out.push(format!("  {column} {kind},"));
        }
        out.push("  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP".to_owned());
        out.push(");".to_owned());
        out.push(String::new());
    }
    let (t1, t2) = (pick(rng, TABLES), pick(rng, TABLES));
    let (c1, c2) = (pick(rng, COLUMNS), pick(rng, COLUMNS));
    let agg = pick(rng, &["COUNT(*)", "AVG(b.score)", "SUM(b.hours)", "MAX(b.grade)", "MIN(b.submitted_at)"]);
    out.push(format!("SELECT a.{c1}, {agg} AS total"));
    out.push(format!("FROM {t1} AS a"));
    out.push(format!("JOIN {t2} AS b ON b.{}_id = a.id", t1.trim_end_matches('s')));
    match rng.usize(..3) {
        0 => out.push(format!("WHERE a.{c2} = '{}'", pick(rng, VERBS))),
        1 => out.push(format!("WHERE a.{c2} > {}", rng.usize(..100))),
        _ => out.push("WHERE a.created_at >= DATE '2026-01-01'".to_owned()),
    }
    if rng.bool() {
        out.push(format!("  AND b.status = '{}'", pick(rng, &["active", "passed", "open", "submitted"])));
    }
    out.push(format!("GROUP BY a.{c1}"));
    out.push("ORDER BY total DESC".to_owned());
    out.push(format!("LIMIT {};", 10 * (1 + rng.usize(..10))));
    out
}

fn bash(rng: &mut Rng) -> Vec<String> {
    let mut out = vec!["#!/usr/bin/env bash".to_owned(), "set -euo pipefail".to_owned(), String::new()];
    for _ in 0..4 + rng.usize(..9) {
        let (a, b) = (noun(rng), noun(rng));
        match rng.usize(..8) {
            0 => out.push(format!("export {}_DIR=\"data/{b}\"", a.to_uppercase())),
            1 => {
                out.push("python -m venv .venv".to_owned());
                out.push("source .venv/bin/activate".to_owned());
                out.push("pip install -r requirements.txt".to_owned());
            }
            2 => out.push(format!("az ml job create --file {}-{a}.yml --resource-group \"$GROUP\"", pick(rng, VERBS))),
            3 => {
                out.push(format!("for {a} in {}; do", ["a", "b", "c"][..1 + rng.usize(..3)].join(" ")));
                out.push(format!("  echo \"{b} ${a}\""));
                out.push("done".to_owned());
            }
            4 => {
                out.push(format!("python {}.py --{a} \"data/{b}.csv\" --epochs {}", pick(rng, VERBS), rng.usize(..50)))
            }
            5 => out.push(format!("mkdir -p out/{a}")),
            6 => out.push(format!("curl -sSf \"https://api.example.org/{a}?limit={}\" | jq '.{b}'", rng.usize(..100))),
            _ => out.push("az login --identity".to_owned()),
        }
    }
    out
}

fn yaml(rng: &mut Rng) -> Vec<String> {
    let (verb, a) = (pick(rng, VERBS), noun(rng));
    let mut out = vec![
        "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json".to_owned(),
        format!("name: {verb}-{a}"),
        format!("command: python {verb}.py --data ${{{{inputs.data}}}} --epochs {}", 1 + rng.usize(..30)),
        format!("compute: azureml:{}", pick(rng, &["gpu-cluster", "cpu-cluster", "serverless"])),
        "environment: azureml:AzureML-sklearn-1.5:1".to_owned(),
        "inputs:".to_owned(),
        "  data:".to_owned(),
        "    type: uri_folder".to_owned(),
        format!("    path: azureml:{}:{}", noun(rng), 1 + rng.usize(..5)),
    ];
    if rng.bool() {
        out.push("outputs:".to_owned());
        out.push("  model:".to_owned());
        out.push("    type: mlflow_model".to_owned());
    }
    if rng.bool() {
        out.push("tags:".to_owned());
        for tag in some(rng, NOUNS, 1, 3) {
            out.push(format!("  {tag}: \"{}\"", pick(rng, &["true", "baseline", "v2", "experiment"])));
        }
    }
    out
}

fn json(rng: &mut Rng) -> Vec<String> {
    let mut out = vec!["{".to_owned(), format!("  \"name\": \"{}-{}\",", pick(rng, VERBS), noun(rng))];
    out.push(format!("  \"version\": {},", 1 + rng.usize(..9)));
    out.push("  \"metrics\": {".to_owned());
    let metrics = some(rng, &["accuracy", "f1", "precision", "recall", "auc", "loss"], 2, 3);
    for (i, metric) in metrics.iter().enumerate() {
        let comma = if i + 1 < metrics.len() { "," } else { "" };
        out.push(format!("    \"{metric}\": 0.{}{comma}", 50 + rng.usize(..50)));
    }
    out.push("  },".to_owned());
    out.push(format!(
        "  \"tags\": [{}],",
        some(rng, NOUNS, 2, 1).iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ")
    ));
    out.push(format!("  \"enabled\": {}", rng.bool()));
    out.push("}".to_owned());
    out
}

fn rust(rng: &mut Rng) -> Vec<String> {
    let mut out: Vec<String> = some(rng, RUST_USES, 1, 3).into_iter().map(str::to_owned).collect();
    out.push(String::new());
    let (verb, a, b) = (pick(rng, VERBS), noun(rng), noun(rng));
    out.push(format!("pub fn {verb}_{a}({b}: &[f64]) -> Option<f64> {{"));
    out.push(format!("    if {b}.is_empty() {{"));
    out.push("        return None;".to_owned());
    out.push("    }".to_owned());
    for _ in 0..2 + rng.usize(..5) {
        let c = noun(rng);
        match rng.usize(..4) {
            0 => out.push(format!("    let {c}: f64 = {b}.iter().sum();")),
            1 => {
                out.push(format!("    for value in {b} {{"));
                out.push(format!("        println!(\"{c}: {{value}}\");"));
                out.push("    }".to_owned());
            }
            2 => out.push(format!("    let mut {c} = Vec::with_capacity({b}.len());")),
            _ => out.push(format!("    let {c} = {b}.iter().copied().fold(f64::MIN, f64::max);")),
        }
    }
    out.push(format!("    Some({b}.iter().sum::<f64>() / {b}.len() as f64)"));
    out.push("}".to_owned());
    out
}
