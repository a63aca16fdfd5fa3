//! A programme's structure: a flat `modules` list, or ordered `stages` each with core modules
//! and electives. Every module has one place, and no module comes before its prerequisites.

use std::ops::Range;

use super::Registries;
use super::catalog::{Electives, ModuleIx, Stage};
use super::convert::nested;
use super::fields::Check;
use crate::diagnostics::Diagnostic;
use crate::load::records::{ElectivesFields, ProgrammeFields, StageFields, Text};
use crate::yaml::Spanned;

/// Every module of a programme in teaching order, and its stages.
pub(super) struct Structure {
    pub modules: Vec<ModuleIx>,
    pub stages: Vec<Stage>,
}

/// Where a module is placed: its stage, its order among the stage's core modules (electives
/// have none), and where the author wrote it.
struct Placed {
    module: ModuleIx,
    id: String,
    stage: usize,
    position: Option<usize>,
    span: Range<usize>,
}

/// The programme's structure, reporting unknown ids, a module placed twice, a bad `choose`
/// and a module placed before one of its prerequisites (`prerequisites` by module index).
pub(super) fn structure(
    c: &mut Check,
    f: &ProgrammeFields,
    registries: &Registries,
    prerequisites: &[Vec<ModuleIx>],
) -> Structure {
    let mut placed = Vec::new();
    let stages = if f.stages.is_empty() {
        for (position, text) in f.modules.iter().enumerate() {
            if let Some(m) = resolve(c, registries, text)
                && !placed.iter().any(|p: &Placed| p.module == m)
            {
                let (id, span) = (text.value.trim().to_owned(), c.origin.span(text));
                placed.push(Placed { module: m, id, stage: 0, position: Some(position), span });
            }
        }
        Vec::new()
    } else {
        if let Some(first) = f.modules.first() {
            c.error_at(first, "a programme lists its modules in `modules` or in `stages`, not both").hint =
                Some("move these modules into the stages, and remove `modules`".to_owned());
        }
        f.stages.iter().enumerate().map(|(ix, s)| stage(c, s, ix, registries, &mut placed)).collect()
    };
    order_follows_prerequisites(c, &placed, &stages, prerequisites);
    Structure { modules: placed.iter().map(|p| p.module).collect(), stages }
}

fn resolve(c: &mut Check, registries: &Registries, text: &Text) -> Option<ModuleIx> {
    registries.modules.resolve(text, "module", c, &registries.broken).map(ModuleIx)
}

fn stage(
    c: &mut Check,
    value: &Spanned<StageFields>,
    ix: usize,
    registries: &Registries,
    placed: &mut Vec<Placed>,
) -> Stage {
    let s = &value.value;
    let mut c = nested(c, value, "stage");
    let title = c.required(&s.title, "title").unwrap_or_default();
    let mut place = |c: &mut Check, text: &Text, position: Option<usize>| {
        let m = resolve(c, registries, text)?;
        let span = c.origin.span(text);
        if let Some(first) = placed.iter().find(|p| p.module == m) {
            let d = Diagnostic::error(format!("module `{}` is placed twice", text.value.trim()))
                .at(&c.origin.file, span)
                .label(format!("again in stage {}", ix + 1))
                .related(&c.origin.file, first.span.clone(), format!("first placed in stage {}", first.stage + 1))
                .hint("a module has one place in a programme: remove one of them");
            c.report(d);
            return None;
        }
        placed.push(Placed { module: m, id: text.value.trim().to_owned(), stage: ix, position, span });
        Some(m)
    };
    let modules = s.modules.iter().enumerate().filter_map(|(i, text)| place(&mut c, text, Some(i))).collect();
    let electives = s.electives.as_ref().and_then(|e| {
        let from: Vec<ModuleIx> = e.value.from.iter().filter_map(|text| place(&mut c, text, None)).collect();
        electives(&mut c, e, from)
    });
    Stage {
        title,
        summary: c.optional(&s.summary, "summary"),
        months: c.positive_opt(&s.months, "months"),
        modules,
        electives,
    }
}

/// `choose` must be at least 1 and at most the number of modules offered.
fn electives(c: &mut Check, value: &Spanned<ElectivesFields>, from: Vec<ModuleIx>) -> Option<Electives> {
    let mut c = nested(c, value, "electives");
    let offered = value.value.from.len();
    if offered == 0 {
        c.required(&None, "from");
        return None;
    }
    let Some(choose) = &value.value.choose else {
        c.required(&None, "choose");
        return None;
    };
    if choose.value < 1 || choose.value > offered as i64 {
        let plural = if offered == 1 { "" } else { "s" };
        let message = format!("`choose` is {} but the stage offers {offered} elective{plural}", choose.value);
        c.error_at(choose, message).hint = Some(format!("choose from 1 to {offered} of them"));
        return None;
    }
    Some(Electives { choose: u32::try_from(choose.value).ok()?, from })
}

/// A module placed in an earlier stage than one of its prerequisites, or before it in the same
/// stage's core list, would be taught before what it needs.
fn order_follows_prerequisites(c: &mut Check, placed: &[Placed], stages: &[Stage], prerequisites: &[Vec<ModuleIx>]) {
    let stage_name = |ix: usize| stages.get(ix).map_or(String::new(), |s| format!(" ({})", s.title));
    for module in placed {
        for needed in prerequisites.get(module.module.0).into_iter().flatten() {
            let Some(prior) = placed.iter().find(|p| p.module == *needed) else { continue };
            let later_stage = prior.stage > module.stage;
            let later_in_stage =
                prior.stage == module.stage && matches!((prior.position, module.position), (Some(a), Some(b)) if a > b);
            if !(later_stage || later_in_stage) {
                continue;
            }
            let (this, that) = (&module.id, &prior.id);
            let place = if stages.is_empty() {
                String::new()
            } else {
                format!(" in stage {}{}", prior.stage + 1, stage_name(prior.stage))
            };
            let file = c.origin.file.clone();
            let d = Diagnostic::error(format!("module `{this}` comes before its prerequisite `{that}`"))
                .at(&file, module.span.clone())
                .label("placed before its prerequisite")
                .related(&file, prior.span.clone(), format!("`{that}` is placed here{place}"))
                .hint(format!("place `{that}` before `{this}`"));
            c.report(d);
        }
    }
}
