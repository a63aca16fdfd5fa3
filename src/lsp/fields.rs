//! Field documentation for completion and hover, read from the content reference
//! (docs/content.md, compiled in) so the editor says what the docs say.

use std::sync::OnceLock;

/// The reference the tables come from.
const REFERENCE: &str = include_str!("../../docs/content.md");

/// The kinds of YAML mapping whose fields the reference documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `content/site.yaml`.
    Site,
    /// A module's front matter.
    Module,
    /// A project.
    Project,
    /// An employer.
    Employer,
    /// A role of an employer.
    Role,
    /// A programme's front matter.
    Programme,
    /// A page's front matter.
    Page,
}

/// A documented field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Its name.
    pub name: String,
    /// Its type, whether it is required, and its rules, as Markdown.
    pub doc: String,
}

/// The fields of `table`, in the reference's order.
pub fn fields(table: Table) -> &'static [Field] {
    static TABLES: OnceLock<Vec<(Table, Vec<Field>)>> = OnceLock::new();
    let tables = TABLES.get_or_init(|| parse(REFERENCE));
    tables.iter().find(|(t, _)| *t == table).map_or(&[], |(_, fields)| fields)
}

/// The fields a translation of `table`'s kind may hold: its text fields, as the loader's
/// text types name them.
pub fn translatable(table: Table) -> Vec<String> {
    use crate::load::records::{EmployerText, ModuleText, PageText, ProgrammeText, ProjectText, RoleText};
    fn names<T: schemars::JsonSchema>() -> Vec<String> {
        let schema = schemars::SchemaGenerator::default().into_root_schema_for::<T>();
        schema.get("properties").and_then(|p| p.as_object()).map(|p| p.keys().cloned().collect()).unwrap_or_default()
    }
    match table {
        Table::Site => Vec::new(),
        Table::Module => names::<ModuleText>(),
        Table::Project => names::<ProjectText>(),
        Table::Employer => names::<EmployerText>(),
        Table::Role => names::<RoleText>(),
        Table::Programme => names::<ProgrammeText>(),
        Table::Page => names::<PageText>(),
    }
}

/// The documentation of `name` in `table`.
pub fn field(table: Table, name: &str) -> Option<&'static Field> {
    fields(table).iter().find(|f| f.name == name)
}

/// The field tables of the reference, each under the section of its file kind (the
/// employers' section has two: the employer's, then its roles').
fn parse(reference: &str) -> Vec<(Table, Vec<Field>)> {
    let mut tables: Vec<(Table, Vec<Field>)> = Vec::new();
    let mut section = None;
    let mut in_table = false;
    let mut in_code = false;
    for line in reference.lines() {
        // Examples of files hold headings of their own.
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            section = section_table(heading);
            continue;
        }
        let Some(row) = line.strip_prefix('|') else {
            in_table = false;
            continue;
        };
        let cells = cells(row);
        if cells.first().map(String::as_str) == Some("field") {
            let table = match (section, tables.last()) {
                (Some(Table::Employer), Some((Table::Employer, _))) => Some(Table::Role),
                (table, _) => table,
            };
            if let Some(table) = table {
                tables.push((table, Vec::new()));
                in_table = true;
            }
            continue;
        }
        if !in_table || cells.len() < 4 || cells[0].starts_with("---") {
            continue;
        }
        let Some((_, fields)) = tables.last_mut() else { continue };
        let required = if cells[2].is_empty() { String::new() } else { format!(", required: {}", cells[2]) };
        let rules = if cells[3].is_empty() { String::new() } else { format!("\n\n{}", cells[3]) };
        let doc = format!("{}{required}{rules}", cells[1]);
        for name in cells[0].split(',').map(|n| n.trim().trim_matches('`')) {
            fields.push(Field { name: name.to_owned(), doc: doc.clone() });
        }
    }
    tables
}

/// The cells of a table row (after its first `|`); `\|` is a `|` inside a cell.
fn cells(row: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => cells.push(String::new()),
            '\\' if chars.peek() == Some(&'|') => push(&mut cells, chars.next().unwrap_or('|')),
            c => push(&mut cells, c),
        }
    }
    fn push(cells: &mut [String], c: char) {
        if let Some(cell) = cells.last_mut() {
            cell.push(c);
        }
    }
    cells.pop();
    cells.into_iter().map(|c| c.trim().to_owned()).collect()
}

fn section_table(heading: &str) -> Option<Table> {
    let sections = [
        ("`content/site.yaml`", Table::Site),
        ("`content/modules/", Table::Module),
        ("`content/projects/", Table::Project),
        ("`content/employers/", Table::Employer),
        ("`content/programmes/", Table::Programme),
        ("`content/pages/", Table::Page),
    ];
    sections.into_iter().find(|(start, _)| heading.starts_with(start)).map(|(_, table)| table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_table_from_the_reference() {
        let all =
            [Table::Site, Table::Module, Table::Project, Table::Employer, Table::Role, Table::Programme, Table::Page];
        for table in all {
            assert!(fields(table).len() >= 3, "{table:?} has too few fields");
        }
        assert!(field(Table::Module, "prerequisites").is_some_and(|f| f.doc.starts_with("list of module ids")));
        assert!(field(Table::Role, "employment_type").is_some_and(|f| f.doc.contains("`full-time` | `part-time`")));
        assert!(field(Table::Role, "country").is_some(), "`city`, `country` names two fields");
        assert!(field(Table::Employer, "roles").is_some() && field(Table::Employer, "workplace").is_none());
    }
}
