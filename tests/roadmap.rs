//! The study-path pictures: the programme page's roadmap and each module page's neighbourhood,
//! inline SVG laid out at build time. The tests read the SVG's coordinates back: every module
//! has a linked node, every prerequisite arrow runs downwards (from the bottom of the
//! prerequisite's box to the top of the box of the module it unlocks), no two boxes overlap,
//! electives are marked, the picture is named, and two builds draw it identically.

#[path = "common/fixture.rs"]
mod fixture;

use std::collections::BTreeMap;
use std::path::Path;

use fixture::Site;

/// Writes module `id` with `prerequisites`.
fn module(site: &Site, id: &str, title: &str, prerequisites: &str) {
    let text = format!(
        "---\ntitle: {title}\nsummary: About {id}.\nlevel: intermediate\nduration_hours: 50\nects: 2\nprerequisites: [{prerequisites}]\n---\nBody.\n"
    );
    site.write(&format!("content/modules/{id}.md"), &text);
}

/// A diamond and a chain in two stages, with electives: python-basics → {stats, data} → ml →
/// {vision, nlp (electives)}; a module outside the programme (`other`) is not drawn.
fn site() -> Site {
    let site = Site::new();
    module(&site, "stats", "Statistics", "python-basics");
    module(&site, "data", "Data Engineering with a Very Long Title Indeed", "python-basics");
    module(&site, "ml", "Machine Learning", "stats, data");
    module(&site, "vision", "Computer Vision", "ml");
    module(&site, "nlp", "Language", "ml");
    module(&site, "other", "Other", "ml");
    let programme = "---\ntitle: AI Master\nsummary: The whole path.\nstages:
  - title: Foundations
    modules: [python-basics, data, stats]
  - title: Specialisation
    modules: [ml]
    electives: {choose: 1, from: [vision, nlp]}
projects: [chatbot]
---
The programme.
";
    site.write("content/programmes/ai-master.md", programme);
    site
}

fn build(site: &Site, out: &Path) {
    let output = site.build(out).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
}

/// The first `<svg …>…</svg>` of a page.
fn svg(html: &str) -> &str {
    let start = html.find("<svg class=\"roadmap-svg\"").expect("a roadmap picture");
    let end = html[start..].find("</svg>").expect("the picture's end") + start;
    &html[start..end]
}

/// The value of attribute `name` in a tag's text.
fn attribute<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let start = tag.find(&key).unwrap_or_else(|| panic!("no {name} in {tag}")) + key.len();
    &tag[start..start + tag[start..].find('"').expect("closing quote")]
}

fn number(tag: &str, name: &str) -> f64 {
    attribute(tag, name).parse().unwrap_or_else(|e| panic!("{name} in {tag}: {e}"))
}

/// A node: its link, classes and box.
struct Node {
    href: String,
    class: String,
    label: String,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// Every node of a picture, by module id.
fn nodes(svg: &str) -> BTreeMap<String, Node> {
    svg.split("<a ")
        .skip(1)
        .map(|a| {
            // The tag's own attributes come before its first child, the box.
            let (tag, rect) = a.split_at(a.find("<rect").expect("a box"));
            let a = &format!(" {tag}");
            let node = Node {
                href: attribute(a, "href").to_owned(),
                class: attribute(a, "class").to_owned(),
                label: attribute(a, "aria-label").to_owned(),
                x: number(rect, "x"),
                y: number(rect, "y"),
                w: number(rect, "width"),
                h: number(rect, "height"),
            };
            (attribute(a, "data-module").to_owned(), node)
        })
        .collect()
}

/// A point of the picture.
type Point = (f64, f64);

/// An arrow: from, to, start point, end point.
type Arrow = (String, String, Point, Point);

/// Every arrow, read from its path `M x y C … x y`.
fn edges(svg: &str) -> Vec<Arrow> {
    svg.split("<path class=\"roadmap-edge\"")
        .skip(1)
        .map(|p| {
            let d: Vec<f64> = attribute(p, "d")
                .split(|c: char| c == ' ' || c.is_ascii_alphabetic())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().expect("a number"))
                .collect();
            let (start, end) = ((d[0], d[1]), (d[d.len() - 2], d[d.len() - 1]));
            (attribute(p, "data-from").to_owned(), attribute(p, "data-to").to_owned(), start, end)
        })
        .collect()
}

fn page(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_roadmap_has_a_linked_node_for_every_programme_module_and_no_other() {
    let site = site();
    let out = site.path("public");
    build(&site, &out);
    let nodes = nodes(svg(&page(&out, "programmes/ai-master/index.html")).to_owned().as_str());
    let ids: Vec<&str> = nodes.keys().map(String::as_str).collect();
    assert_eq!(ids, ["data", "ml", "nlp", "python-basics", "stats", "vision"]);
    for (id, node) in &nodes {
        assert_eq!(node.href, format!("/modules/{id}/"));
    }
    assert_eq!(nodes["data"].label, "Data Engineering with a Very Long Title Indeed (Intermediate · 50 h)");
}

#[test]
fn every_prerequisite_arrow_runs_from_the_prerequisite_down_to_what_it_unlocks() {
    let site = site();
    let out = site.path("public");
    build(&site, &out);
    let svg = svg(&page(&out, "programmes/ai-master/index.html")).to_owned();
    let (nodes, edges) = (nodes(&svg), edges(&svg));
    let mut pairs: Vec<(&str, &str)> = edges.iter().map(|(f, t, _, _)| (f.as_str(), t.as_str())).collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            ("data", "ml"),
            ("ml", "nlp"),
            ("ml", "vision"),
            ("python-basics", "data"),
            ("python-basics", "stats"),
            ("stats", "ml")
        ]
    );
    for (from, to, start, end) in &edges {
        let (a, b) = (&nodes[from], &nodes[to]);
        assert_eq!(*start, (a.x + a.w / 2.0, a.y + a.h), "{from}→{to} starts at the bottom of {from}");
        assert_eq!(*end, (b.x + b.w / 2.0, b.y), "{from}→{to} ends at the top of {to}");
        assert!(a.y + a.h < b.y, "{from} (y {}) is not above {to} (y {})", a.y, b.y);
    }
}

#[test]
fn no_two_nodes_overlap() {
    let site = site();
    let out = site.path("public");
    build(&site, &out);
    let svg = svg(&page(&out, "programmes/ai-master/index.html")).to_owned();
    let nodes: Vec<(String, Node)> = nodes(&svg).into_iter().collect();
    for (i, (a_id, a)) in nodes.iter().enumerate() {
        for (b_id, b) in &nodes[i + 1..] {
            let apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            assert!(apart, "{a_id} and {b_id} overlap");
        }
    }
}

#[test]
fn electives_are_marked_and_stages_are_bands() {
    let site = site();
    let out = site.path("public");
    build(&site, &out);
    let svg = svg(&page(&out, "programmes/ai-master/index.html")).to_owned();
    let nodes = nodes(&svg);
    let electives: Vec<&str> =
        nodes.iter().filter(|(_, n)| n.class.split(' ').any(|c| c == "elective")).map(|(id, _)| id.as_str()).collect();
    assert_eq!(electives, ["nlp", "vision"]);
    assert!(nodes["nlp"].label.ends_with("· Elective)"), "{}", nodes["nlp"].label);
    assert!(svg.contains(">Foundations</text>") && svg.contains(">Specialisation</text>"), "{svg}");
}

#[test]
fn the_picture_has_an_accessible_name_and_scrolls_in_its_own_focusable_box() {
    let site = site();
    let out = site.path("public");
    build(&site, &out);
    let html = page(&out, "programmes/ai-master/index.html");
    let label = "Study path of AI Master: each arrow runs from a module to one it unlocks";
    assert!(
        html.contains(&format!(r#"<div class="roadmap" role="region" aria-label="{label}" tabindex="0">"#)),
        "{html}"
    );
    assert!(svg(&html).contains(&format!(r#"role="group" aria-label="{label}""#)));
    assert!(html.contains(r#"<table class="data">"#), "the curriculum table stays as the text alternative");
}

#[test]
fn a_module_page_shows_its_prerequisites_above_and_what_it_unlocks_below() {
    let site = site();
    let out = site.path("public");
    build(&site, &out);
    let svg = svg(&page(&out, "modules/ml/index.html")).to_owned();
    let nodes = nodes(&svg);
    let ids: Vec<&str> = nodes.keys().map(String::as_str).collect();
    assert_eq!(ids, ["data", "ml", "nlp", "other", "stats", "vision"]);
    assert!(nodes["ml"].class.contains("current"));
    for (id, node) in &nodes {
        match id.as_str() {
            "data" | "stats" => assert!(node.y < nodes["ml"].y),
            "nlp" | "vision" | "other" => assert!(node.y > nodes["ml"].y),
            _ => {}
        }
    }
    assert_eq!(edges(&svg).len(), 5);
}

#[test]
fn a_module_with_no_prerequisite_and_nothing_to_unlock_has_no_picture() {
    let site = Site::new();
    let out = site.path("public");
    build(&site, &out);
    assert!(!page(&out, "modules/python-basics/index.html").contains("roadmap-svg"));
}

#[test]
fn two_builds_draw_the_same_picture() {
    let site = site();
    let (first, second) = (site.path("first"), site.path("second"));
    build(&site, &first);
    build(&site, &second);
    let path = "programmes/ai-master/index.html";
    assert_eq!(svg(&page(&first, path)), svg(&page(&second, path)));
}
