//! The same modules as plain-Markdown sites for the peers, Hugo and Zola.
//!
//! Each peer gets what the comparison needs to be like for like: one page per
//! module (title, summary, the same Markdown body with its code highlighted
//! into CSS classes, raw HTML allowed, heading ids), one list page of every
//! module, the home page listing every module as ours does, a feed and a
//! sitemap. They do not get projects, employers, skills, the catalog page,
//! the JSON API or the search index, which only Prospectus builds.

use std::path::Path;

use super::{Module, module_id, write};

/// Front matter text is quoted for both YAML and TOML basic strings.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Prepares `<out>/hugo` (config, layouts) for modules written with `hugo_module`.
pub fn hugo_site(out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    write(
        &out.join("hugo.toml"),
        "baseURL = \"https://bench.example.org/\"\ntitle = \"Benchmark catalog\"\nlanguageCode = \"en\"\n\
         disableKinds = [\"taxonomy\", \"term\"]\nbuildFuture = true\n\n[markup.highlight]\nnoClasses = false\ncodeFences = true\nguessSyntax = false\n\n\
         [markup.goldmark.renderer]\nunsafe = true\n",
    );
    let base = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{{ .Title }} · {{ .Site.Title }}</title>\n\
                <link rel=\"stylesheet\" href=\"{{ \"style.css\" | relURL }}\">\n</head>\n<body>\n<header><a href=\"{{ \"/\" | relURL }}\">{{ .Site.Title }}</a></header>\n\
                <main>{{ block \"main\" . }}{{ end }}</main>\n</body>\n</html>\n";
    write(&out.join("layouts/_default/baseof.html"), base);
    write(
        &out.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<article>\n<h1>{{ .Title }}</h1>\n<p class=\"summary\">{{ .Params.summary }}</p>\n{{ .Content }}\n</article>{{ end }}\n",
    );
    let list = "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n<ul class=\"cards\">\n{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a><p>{{ .Params.summary }}</p></li>\n{{ end }}</ul>{{ end }}\n";
    write(&out.join("layouts/_default/list.html"), list);
    write(&out.join("layouts/index.html"), &list.replace(".Pages", ".Site.RegularPages"));
    write(&out.join("static/style.css"), "body { font-family: sans-serif; }\n");
    write(&out.join("content/modules/_index.md"), "---\ntitle: Modules\n---\n");
}

/// Writes one module of the Hugo site; internal links become plain URLs.
pub fn hugo_module(out: &Path, i: usize, module: &Module) {
    let body = replace_internal_links(&module.body);
    let text = format!(
        "---\ntitle: {}\nsummary: {}\ndate: {}\n---\n{body}",
        quoted(&module.title),
        quoted(&module.summary),
        module.updated
    );
    write(&out.join(format!("content/modules/{}.md", module_id(i))), &text);
}

/// Prepares `<out>/zola` (config, templates) for modules written with `zola_module`.
pub fn zola_site(out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    // Zola 0.22 (Giallo): classed output (`style = "class"`) with a light and a dark theme,
    // the same work as our highlighting (classes, both schemes' colours in CSS).
    write(
        &out.join("config.toml"),
        "base_url = \"https://bench.example.org\"\ntitle = \"Benchmark catalog\"\ngenerate_feeds = true\ncompile_sass = false\n\
         build_search_index = false\n\n[markdown]\nrender_emoji = false\n\n\
         [markdown.highlighting]\nlight_theme = \"github-light\"\ndark_theme = \"github-dark\"\nstyle = \"class\"\n",
    );
    write(
        &out.join("templates/base.html"),
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{% block title %}{{ config.title }}{% endblock %}</title>\n\
         <link rel=\"stylesheet\" href=\"{{ get_url(path='style.css') }}\">\n</head>\n<body>\n<header><a href=\"{{ config.base_url }}\">{{ config.title }}</a></header>\n\
         <main>{% block main %}{% endblock %}</main>\n</body>\n</html>\n",
    );
    write(
        &out.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block title %}{{ page.title }} · {{ config.title }}{% endblock %}\n{% block main %}<article>\n\
         <h1>{{ page.title }}</h1>\n<p class=\"summary\">{{ page.description }}</p>\n{{ page.content | safe }}\n</article>{% endblock %}\n",
    );
    let list = "{% extends \"base.html\" %}{% block main %}<h1>{{ section.title }}</h1>\n<ul class=\"cards\">\n{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a><p>{{ p.description }}</p></li>\n{% endfor %}</ul>{% endblock %}\n";
    write(&out.join("templates/section.html"), list);
    write(
        &out.join("templates/index.html"),
        &list.replace(
            "{% for p in section.pages %}",
            "{% set s = get_section(path=\"modules/_index.md\") %}{% for p in s.pages %}",
        ),
    );
    write(&out.join("static/style.css"), "body { font-family: sans-serif; }\n");
    write(&out.join("content/_index.md"), "+++\ntitle = \"Benchmark catalog\"\n+++\n");
    write(&out.join("content/modules/_index.md"), "+++\ntitle = \"Modules\"\nsort_by = \"title\"\n+++\n");
}

/// Writes one module of the Zola site; Zola resolves `@/modules/…` links itself.
pub fn zola_module(out: &Path, i: usize, module: &Module) {
    let text = format!(
        "+++\ntitle = {}\ndescription = {}\ndate = {}\n+++\n{}",
        quoted(&module.title),
        quoted(&module.summary),
        module.updated,
        module.body
    );
    write(&out.join(format!("content/modules/{}.md", module_id(i))), &text);
}

/// `@/modules/<id>.md#anchor` → `/modules/<id>/#anchor`.
fn replace_internal_links(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find("(@/modules/") {
        out.push_str(&rest[..at]);
        let link = &rest[at + 2..];
        let end = link.find(')').unwrap_or(link.len());
        out.push('(');
        out.push_str(&link[..end].replacen(".md", "/", 1));
        rest = &link[end..];
    }
    out.push_str(rest);
    out
}
