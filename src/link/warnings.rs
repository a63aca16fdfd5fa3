//! Warnings: what a reader would likely find wrong in content that is otherwise valid.
//!
//! An overstated credential, credits that do not match the hours, a section a page would show
//! empty, a role still listed after it closed. None of them stops a build (unless
//! `--deny-warnings`); each points at the value to change. They run on a linked catalog, with the
//! raw records beside it for the values' places.

use std::ops::Range;

use super::Registries;
use super::catalog::{Catalog, Module, Programme};
use crate::diagnostics::Diagnostic;
use crate::load::RawSite;
use crate::load::records::{ProgrammeFields, Raw, Text};
use crate::yaml::Origin;

/// The hours one ECTS credit stands for (the ECTS Users' Guide: 25 to 30 hours of work).
const ECTS_HOURS: std::ops::RangeInclusive<f64> = 25.0..=30.0;

/// Every warning of a linked site, in no particular order.
pub(super) fn check(site: &RawSite, registries: &Registries, catalog: &Catalog) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (module, raw) in catalog.modules.iter().zip(registries.modules.order()) {
        let raw = &site.modules[raw];
        if let Some(ects) = &raw.fields.ects {
            let span = raw.header.origin.span(ects);
            warnings.extend(credit_hours(module.duration_hours, module.ects, &raw.header.origin.file, span, "module"));
        }
    }
    for (programme, raw) in catalog.programmes.iter().zip(registries.programmes.order()) {
        let raw = &site.programmes[raw];
        overstated_credential(programme, raw, &mut warnings);
        // A module's own warning already explains its programme's total.
        let modules_agree =
            programme.modules.iter().all(|&m| credits_agree(catalog[m].duration_hours, catalog[m].ects));
        let texts: Vec<&Text> = raw.fields.module_texts().collect();
        if let Some(span) = list_span(&raw.header.origin, &texts).filter(|_| modules_agree) {
            let ects = (programme.total_ects > 0.0).then_some(programme.total_ects);
            let file = &raw.header.origin.file;
            warnings.extend(credit_hours(programme.total_hours, ects, file, span, "programme"));
        }
        unassessed_modules(catalog, programme, raw, &mut warnings);
        if let Some(written) = &raw.fields.weekly_hours {
            let span = raw.header.origin.span(written);
            warnings.extend(schedule_contradicts_modules(programme).map(|d| d.at(&raw.header.origin.file, span)));
        }
    }
    closed_roles(site, registries, catalog, &mut warnings);
    deprecated_remote(site, registries, &mut warnings);
    warnings
}

/// Whether `hours` make `ects` credits (true when there are no credits to check).
fn credits_agree(hours: u32, ects: Option<f64>) -> bool {
    ects.filter(|e| *e > 0.0).is_none_or(|ects| ECTS_HOURS.contains(&(f64::from(hours) / ects)))
}

/// Credits outside 25–30 hours each: the hours or the credits are wrong.
fn credit_hours(hours: u32, ects: Option<f64>, file: &str, span: Range<usize>, what: &str) -> Option<Diagnostic> {
    if credits_agree(hours, ects) {
        return None;
    }
    let ects = ects?;
    let per_credit = f64::from(hours) / ects;
    let message = format!(
        "this {what} gives {} ECTS credits for {hours} hours: {per_credit:.1} hours per credit, outside the 25–30 of ECTS",
        number(ects)
    );
    let low = (f64::from(hours) / ECTS_HOURS.end()).ceil();
    let high = (f64::from(hours) / ECTS_HOURS.start()).floor();
    let hint = if low == high {
        format!("{hours} hours are {} credits; correct the credits or the hours", number(low))
    } else if low < high {
        format!("{hours} hours are {} to {} credits; correct the credits or the hours", number(low), number(high))
    } else {
        "correct the credits or the hours".to_owned()
    };
    Some(Diagnostic::warning(message).at(file, span).label("credits and hours disagree").hint(hint))
}

/// `12` rather than `12.0`, `7.5` as it is.
fn number(n: f64) -> String {
    if n.fract() == 0.0 { format!("{n:.0}") } else { format!("{n}") }
}

/// The words that name a degree; a credential that is a "level" is not one.
fn degree_word(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase().replace('’', "'");
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .collect();
    // "master's level" (like "master's-level", one word) names a level, not a degree.
    let next_is_level = |i: usize| words.get(i + 1) == Some(&"level");
    words.iter().enumerate().find_map(|(i, word)| match *word {
        "msc" => Some("MSc"),
        "degree" | "degrees" => Some("degree"),
        "master's" | "masters" if !next_is_level(i) => Some("Master's"),
        _ => None,
    })
}

/// A title or summary calling the programme a degree while its credential says it is a level.
fn overstated_credential(programme: &Programme, raw: &Raw<ProgrammeFields>, warnings: &mut Vec<Diagnostic>) {
    let Some(credential) = &programme.credential else { return };
    if !credential.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w == "level") {
        return;
    }
    let fields = [("title", &raw.fields.title), ("summary", &raw.fields.summary)];
    for (field, text) in fields.into_iter().filter_map(|(f, t)| Some((f, t.as_ref()?))) {
        let Some(word) = degree_word(&text.value) else { continue };
        let message = format!("the {field} says \"{word}\" but the credential is \"{credential}\"");
        let hint = "a level is not a degree: name the credential as it is (e.g. \"master's-level diploma\"), \
                    or change `credential` if the programme does award a degree";
        let span = raw.header.origin.span(text);
        warnings.push(
            Diagnostic::warning(message)
                .at(&raw.header.origin.file, span)
                .label("overstates the credential")
                .hint(hint),
        );
    }
}

/// How far a programme's schedule may be from its modules' hours (revision, holidays, pace).
const SCHEDULE_SLACK: f64 = 0.25;

/// `weekly_hours` over `duration_months` that cannot hold the modules' hours, or leaves most of
/// the time empty: one of the three figures is wrong.
fn schedule_contradicts_modules(programme: &Programme) -> Option<Diagnostic> {
    let (weekly, months) = (programme.weekly_hours?, programme.duration_months?);
    let scheduled = f64::from(weekly) * f64::from(months) * 52.0 / 12.0;
    let total = f64::from(programme.total_hours);
    if (total - scheduled).abs() <= scheduled * SCHEDULE_SLACK {
        return None;
    }
    let message = format!(
        "{months} months at {weekly} hours a week is about {scheduled:.0} hours, but the modules add up to {total} hours"
    );
    let fitting = (total / (f64::from(months) * 52.0 / 12.0)).round();
    Some(Diagnostic::warning(message).label("contradicts the modules' hours").hint(format!(
        "about {fitting} hours a week fit the modules; correct `weekly_hours`, `duration_months` or the modules' hours"
    )))
}

/// The span of a list's items, from the first to the last.
fn list_span(origin: &Origin, items: &[&Text]) -> Option<Range<usize>> {
    let (first, last) = (items.first()?, items.last()?);
    Some(origin.span(first).start..origin.span(last).end)
}

/// A programme with projects promises that they assess its modules: a module none of them
/// assesses has an empty "Assessed by" section on its page.
fn unassessed_modules(
    catalog: &Catalog,
    programme: &Programme,
    raw: &Raw<ProgrammeFields>,
    warnings: &mut Vec<Diagnostic>,
) {
    if programme.projects.is_empty() {
        return;
    }
    let assessed = |module: &Module| module.projects.iter().any(|p| programme.projects.contains(p));
    for written in raw.fields.module_texts() {
        let Some(module) = catalog.modules.iter().find(|m| m.id.as_str() == written.value.trim()) else { continue };
        if assessed(module) {
            continue;
        }
        let message =
            format!("no project of this programme assesses module `{}`: its page shows no assessment", module.id);
        warnings.push(
            Diagnostic::warning(message)
                .at(&raw.header.origin.file, raw.header.origin.span(written))
                .label("assessed by none of the programme's projects")
                .hint(format!("add `{}` to the `modules` of a project that assesses it", module.id)),
        );
    }
}

/// `remote: true|false` still works, but `workplace` says more (`hybrid`) and is what the
/// documentation shows: the old spelling is pointed out with its replacement.
fn deprecated_remote(site: &RawSite, registries: &Registries, warnings: &mut Vec<Diagnostic>) {
    for raw in registries.employers.order() {
        let raw = &site.employers[raw];
        for role in &raw.fields.roles {
            // With `workplace` too, it is an error already.
            let (Some(remote), None) = (&role.value.remote, &role.value.workplace) else { continue };
            let workplace = if remote.value { "remote" } else { "on-site" };
            warnings.push(
                Diagnostic::warning("`remote` is deprecated")
                    .at(&raw.header.origin.file, raw.header.origin.span(remote))
                    .label("the old spelling")
                    .hint(format!("write `workplace: {workplace}` instead (`on-site`, `hybrid` or `remote`)")),
            );
        }
    }
}

/// A role whose `closes` date has passed is still listed: its page says it is closed.
fn closed_roles(site: &RawSite, registries: &Registries, catalog: &Catalog, warnings: &mut Vec<Diagnostic>) {
    for (employer, raw) in catalog.employers.iter().zip(registries.employers.order()) {
        let raw = &site.employers[raw];
        for (role, raw_role) in employer.roles.iter().zip(&raw.fields.roles) {
            let (Some(closes), Some(written)) = (role.closes, &raw_role.value.closes) else { continue };
            if role.open {
                continue;
            }
            let message = format!(
                "role `{}` closed on {closes} but is still listed (the build date is {})",
                role.id, catalog.build_date
            );
            warnings.push(
                Diagnostic::warning(message)
                    .at(&raw.header.origin.file, raw.header.origin.span(written))
                    .label("in the past")
                    .hint("remove the role, or set `closes` to its new closing date"),
            );
        }
    }
}
