//! JSON Schemas (draft 2020-12) of the content files, made from the loader's own types by
//! schemars: what an editor checks as the author types and what `check` accepts cannot
//! drift apart. `prospectus schema` writes them; every build publishes them under
//! `api/schema/content/`.

use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::config::ConfigFields;
use crate::load::records::{
    EmployerFields, EmployerText, ModuleFields, ModuleText, PageFields, PageText, ProgrammeFields, ProgrammeText,
    ProjectFields, ProjectText,
};
use crate::yaml::OneOrMany;

/// One content file kind's schema.
pub struct ContentSchema {
    /// Its file name without `.json`: `site`, `module`, `project`, …
    pub name: &'static str,
    /// The schema, as pretty-printed JSON ending with a newline.
    pub json: String,
}

/// The schema of every kind of content file, in a fixed order.
pub fn content_schemas() -> Vec<ContentSchema> {
    vec![
        schema::<ConfigFields>("site", "content/site.yaml"),
        schema::<ModuleFields>("module", "The front matter of content/modules/<id>.md"),
        schema::<OneOrMany<ProjectFields>>("project", "content/projects/*.yaml: one project, or a list of them"),
        schema::<OneOrMany<EmployerFields>>("employer", "content/employers/*.yaml: one employer, or a list of them"),
        schema::<ProgrammeFields>("programme", "The front matter of content/programmes/<id>.md"),
        schema::<PageFields>("page", "The front matter of content/pages/<id>.md"),
        schema::<ModuleText>(
            "module.translation",
            "The front matter of content/modules/<id>.<lang>.md: a module's text in another language",
        ),
        schema::<OneOrMany<ProjectText>>(
            "project.translation",
            "content/projects/<file>.<lang>.yaml: the text of <file>.yaml's projects in another language",
        ),
        schema::<OneOrMany<EmployerText>>(
            "employer.translation",
            "content/employers/<file>.<lang>.yaml: the text of <file>.yaml's employers and roles in another language",
        ),
        schema::<ProgrammeText>(
            "programme.translation",
            "The front matter of content/programmes/<id>.<lang>.md: a programme's text in another language",
        ),
        schema::<PageText>(
            "page.translation",
            "The front matter of content/pages/<id>.<lang>.md: a page's text in another language",
        ),
    ]
}

fn schema<T: JsonSchema>(name: &'static str, describes: &str) -> ContentSchema {
    let mut schema: Schema = SchemaGenerator::default().into_root_schema_for::<T>();
    schema.insert("title".into(), format!("Prospectus: {name}").into());
    schema.insert(
        "description".into(),
        format!("{describes}. Every field is documented in the content format reference (docs/content.md).").into(),
    );
    let json = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
    ContentSchema { name, json }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(name: &str) -> serde_json::Value {
        let schema = content_schemas().into_iter().find(|s| s.name == name).expect("a schema of that name");
        serde_json::from_str(&schema.json).expect("JSON")
    }

    #[test]
    fn a_module_schema_refuses_unknown_fields_as_the_loader_does() {
        let module = parsed("module");
        assert_eq!(module["additionalProperties"], false);
        assert!(
            module["properties"]["duration_hours"]["type"].as_array().is_some_and(|t| t.contains(&"integer".into()))
        );
    }

    #[test]
    fn a_module_translation_schema_allows_only_text_fields() {
        let fields = parsed("module.translation")["properties"].as_object().map(|p| p.keys().cloned().collect());
        assert_eq!(fields, Some(vec!["outcomes".to_owned(), "summary".to_owned(), "title".to_owned()]));
    }

    #[test]
    fn a_project_file_may_hold_one_project_or_a_list() {
        let project = parsed("project");
        assert_eq!(project["anyOf"].as_array().map(Vec::len), Some(2));
        assert_eq!(project["anyOf"][1]["type"], "array");
    }
}
