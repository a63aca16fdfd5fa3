//! The study-path pictures: a programme's roadmap and a module's neighbourhood, laid out at
//! build time as positions the theme draws as inline SVG (`roadmap` in `components.html`).
//!
//! The layout is layered, top to bottom, so that a prerequisite always sits on a row above
//! the modules it unlocks: each stage is a band of rows, and within a stage a module's row is
//! one below its lowest prerequisite of that stage (longest path). The modules of a row are
//! ordered by a few barycenter sweeps (fewer crossings), ties broken by teaching order, so
//! positions are deterministic. Rows are centred; a wide row makes the picture wide, and the
//! theme scrolls it inside its own box rather than the page. (Why not a layout crate: see
//! docs/development.md.)

use std::collections::HashMap;

use serde::Serialize;

use super::urls::Urls;
use crate::link::catalog::{Catalog, ModuleIx, Programme};

/// A node's box, in SVG user units.
const NODE_WIDTH: u32 = 208;
const NODE_HEIGHT: u32 = 56;
const GAP_X: u32 = 24;
const GAP_Y: u32 = 48;
/// The space above a stage's first row for its title.
const BAND_TITLE: u32 = 28;
/// Titles longer than this are cut (with "…") to fit a node; the link keeps the whole title.
const TITLE_CHARS: usize = 22;
/// Barycenter sweeps (down then up) to reduce crossings; a handful settle a small graph.
const SWEEPS: usize = 4;

/// A picture: its size, nodes, arrows and stage bands.
#[derive(Serialize)]
pub struct Picture<'a> {
    width: u32,
    height: u32,
    nodes: Vec<Node<'a>>,
    edges: Vec<Edge>,
    bands: Vec<Band<'a>>,
}

/// A module's box.
#[derive(Serialize)]
pub struct Node<'a> {
    #[serde(skip)]
    module: ModuleIx,
    id: &'a str,
    x: u32,
    y: u32,
    width: u32,
    height: u32,
    title: &'a str,
    /// The title cut to fit the box.
    label: String,
    url: String,
    level: &'static str,
    hours: u32,
    elective: bool,
    /// The module whose page shows the picture (its neighbourhood).
    current: bool,
}

/// An arrow from a prerequisite to a module it unlocks: an SVG path, bottom centre to top centre.
#[derive(Serialize)]
pub struct Edge {
    from: String,
    to: String,
    d: String,
}

/// A stage's band of rows, with its title.
#[derive(Serialize)]
pub struct Band<'a> {
    title: &'a str,
    y: u32,
    height: u32,
}

/// What a picture is made of before layout: rows of modules, grouped in titled bands.
struct Rows<'a> {
    /// Module rows, top to bottom, each with the index of its band.
    rows: Vec<(usize, Vec<ModuleIx>)>,
    bands: Vec<Option<&'a str>>,
    elective: Vec<ModuleIx>,
    current: Option<ModuleIx>,
}

/// A programme's roadmap: every module, by stage, prerequisites above what they unlock.
pub fn programme<'a>(catalog: &'a Catalog, urls: &Urls, programme: &'a Programme) -> Picture<'a> {
    let stages: Vec<(Option<&str>, Vec<ModuleIx>)> = if programme.stages.is_empty() {
        vec![(None, programme.modules.clone())]
    } else {
        programme
            .stages
            .iter()
            .map(|s| {
                let electives = s.electives.iter().flat_map(|e| e.from.iter().copied());
                (Some(s.title.as_str()), s.modules.iter().copied().chain(electives).collect())
            })
            .collect()
    };
    let mut rows = Vec::new();
    for (band, (_, modules)) in stages.iter().enumerate() {
        rows.extend(layer(catalog, modules).into_iter().map(|row| (band, row)));
    }
    let elective = programme.modules.iter().copied().filter(|&m| programme.is_elective(m)).collect();
    let bands = stages.iter().map(|(title, _)| *title).collect();
    draw(catalog, urls, Rows { rows, bands, elective, current: None })
}

/// A module's neighbourhood: its direct prerequisites above it, what it unlocks below.
pub fn neighbourhood<'a>(catalog: &'a Catalog, urls: &Urls, m: ModuleIx) -> Picture<'a> {
    let module = &catalog[m];
    let rows = [module.prerequisites.clone(), vec![m], module.unlocks.clone()];
    let rows = rows.into_iter().filter(|r| !r.is_empty()).map(|r| (0, r)).collect();
    draw(catalog, urls, Rows { rows, bands: vec![None], elective: Vec::new(), current: Some(m) })
}

/// Splits `modules` (in teaching order) into rows: each one below its lowest prerequisite
/// among them (prerequisites elsewhere are satisfied before).
fn layer(catalog: &Catalog, modules: &[ModuleIx]) -> Vec<Vec<ModuleIx>> {
    let index: HashMap<ModuleIx, usize> = modules.iter().enumerate().map(|(i, &m)| (m, i)).collect();
    let mut row_of: Vec<Option<usize>> = vec![None; modules.len()];
    // Prerequisite cycles are rejected at link time, so `modules.len()` rounds settle every row.
    for _ in 0..modules.len() {
        let mut changed = false;
        for (i, &m) in modules.iter().enumerate() {
            let below = catalog[m]
                .prerequisites
                .iter()
                .filter_map(|p| index.get(p))
                .map(|&p| row_of[p].map_or(1, |r| r + 1))
                .max()
                .unwrap_or(0);
            if row_of[i] != Some(below) {
                row_of[i] = Some(below);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let count = row_of.iter().flatten().max().map_or(0, |r| r + 1);
    let mut rows = vec![Vec::new(); count];
    for (i, row) in row_of.iter().enumerate() {
        rows[row.unwrap_or(0)].push(modules[i]);
    }
    rows
}

/// Orders each row by the mean position of its neighbours in the rows around it.
fn reduce_crossings(catalog: &Catalog, rows: &mut [(usize, Vec<ModuleIx>)]) {
    let neighbours = |m: ModuleIx| catalog[m].prerequisites.iter().chain(&catalog[m].unlocks).copied();
    for sweep in 0..SWEEPS {
        let order: Vec<usize> =
            if sweep % 2 == 0 { (1..rows.len()).collect() } else { (0..rows.len()).rev().collect() };
        for r in order {
            // Each module's offset from its row's centre, for the rows other than this one.
            let offsets: HashMap<ModuleIx, f64> = rows
                .iter()
                .enumerate()
                .filter(|&(other, _)| other != r)
                .flat_map(|(_, (_, row))| {
                    let centre = (row.len() as f64 - 1.0) / 2.0;
                    row.iter().enumerate().map(move |(p, &m)| (m, p as f64 - centre))
                })
                .collect();
            let position = |m: ModuleIx| offsets.get(&m).copied();
            let mut keyed: Vec<(f64, usize, ModuleIx)> = rows[r]
                .1
                .iter()
                .enumerate()
                .map(|(i, &m)| {
                    let around: Vec<f64> = neighbours(m).filter_map(position).collect();
                    let centre = (rows[r].1.len() as f64 - 1.0) / 2.0;
                    let mean = if around.is_empty() {
                        i as f64 - centre
                    } else {
                        around.iter().sum::<f64>() / around.len() as f64
                    };
                    (mean, i, m)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            rows[r].1 = keyed.into_iter().map(|(_, _, m)| m).collect();
        }
    }
}

/// Positions every node, centring each row, and draws an arrow for each prerequisite shown.
fn draw<'a>(catalog: &'a Catalog, urls: &Urls, mut rows: Rows<'a>) -> Picture<'a> {
    reduce_crossings(catalog, &mut rows.rows);
    let widest = rows.rows.iter().map(|(_, r)| r.len() as u32).max().unwrap_or(0);
    let width = (widest * (NODE_WIDTH + GAP_X)).saturating_sub(GAP_X).max(NODE_WIDTH);
    let (mut nodes, mut bands) = (Vec::new(), Vec::new());
    let mut y = 0;
    let mut band_of_previous_row = None;
    for (band, row) in &rows.rows {
        if band_of_previous_row != Some(*band) {
            if let Some(title) = rows.bands.get(*band).copied().flatten() {
                bands.push(Band { title, y, height: 0 });
                y += BAND_TITLE;
            }
            band_of_previous_row = Some(*band);
        }
        let row_width = (row.len() as u32 * (NODE_WIDTH + GAP_X)).saturating_sub(GAP_X);
        let left = (width - row_width) / 2;
        for (i, &m) in row.iter().enumerate() {
            let x = left + i as u32 * (NODE_WIDTH + GAP_X);
            nodes.push(node(catalog, urls, m, (x, y), &rows));
        }
        y += NODE_HEIGHT + GAP_Y;
        if let Some(last) = bands.last_mut() {
            last.height = y - GAP_Y / 2 - last.y;
        }
    }
    let height = y.saturating_sub(GAP_Y).max(NODE_HEIGHT);
    let edges = edges(catalog, &nodes);
    Picture { width, height, nodes, edges, bands }
}

fn node<'a>(catalog: &'a Catalog, urls: &Urls, m: ModuleIx, (x, y): (u32, u32), rows: &Rows<'a>) -> Node<'a> {
    let module = &catalog[m];
    let label = if module.title.chars().count() > TITLE_CHARS {
        let cut: String = module.title.chars().take(TITLE_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        module.title.clone()
    };
    Node {
        module: m,
        id: module.id.as_str(),
        x,
        y,
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        title: &module.title,
        label,
        url: urls.module(&module.id),
        level: crate::link::catalog::Choice::as_str(module.level),
        hours: module.duration_hours,
        elective: rows.elective.contains(&m),
        current: rows.current == Some(m),
    }
}

/// An arrow for each prerequisite whose both ends are in the picture.
fn edges(catalog: &Catalog, nodes: &[Node]) -> Vec<Edge> {
    let at: HashMap<ModuleIx, &Node> = nodes.iter().map(|n| (n.module, n)).collect();
    let mut edges = Vec::new();
    for to in nodes {
        for p in &catalog[to.module].prerequisites {
            let Some(from) = at.get(p) else { continue };
            let (x1, y1) = (from.x + NODE_WIDTH / 2, from.y + NODE_HEIGHT);
            let (x2, y2) = (to.x + NODE_WIDTH / 2, to.y);
            let bend = (y2.saturating_sub(y1)) / 2;
            let d = format!("M{x1} {y1} C{x1} {} {x2} {} {x2} {y2}", y1 + bend, y2 - bend);
            edges.push(Edge { from: from.id.to_owned(), to: to.id.to_owned(), d });
        }
    }
    edges
}
