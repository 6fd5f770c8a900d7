//! The co-occurrence network of the actors index: the most connected actors as nodes (sized by
//! their briefings, shaped by kind, each linked to its actor page) and lines between actors
//! named in the same briefings, wider the more briefings they share.
//!
//! Every node carries its actor's full name, on two lines when it is long, never cut: names
//! are set beside their nodes, most connected first, where they cover no other name or node
//! and cross the fewest lines. A node with no room for its name gets a number instead, and a
//! key under the network gives the name of each number; a node with no room even for a
//! number is left out and the network drawn again without it. The phone's drawing has its
//! own layout of fewer nodes, with the same size of text.

use super::labels::{mark_box, Placer, Side};
use super::layout::{self, Point};
use super::svg::{data_table, text_width, two_lines, Flow, Frame, Rect, Svg, ASCENT, DESCENT};
use crate::model::{ActorIx, ActorKind, Archive};
use crate::routes::{Page, Routes};
use crate::site::speech::Speech;

const TOP: f64 = 12.0;
/// How many actors the network shows at most (fewer on a phone).
pub(super) const MAX_NODES: usize = 30;
const NARROW_NODES: usize = 14;
/// How many lines it draws at most, strongest first (each node keeps its strongest line).
const MAX_EDGES: usize = 90;
/// The least distance between two nodes, wide and narrow, so that names find room.
const SPREAD: f64 = 60.0;
const NARROW_SPREAD: f64 = 52.0;
/// The room for names below the lowest nodes, beyond the network's own height.
const BELOW: f64 = 12.0;
/// The room kept between the picture's edge and the names in it.
const MARGIN: f64 = 4.0;

/// An actor of the network.
struct Node {
    actor: ActorIx,
    briefings: usize,
    /// Briefings shared with other actors, summed over them.
    weight: usize,
    radius: f64,
    envoy: bool,
}

impl Node {
    /// How far the node's mark reaches from its centre (an envoy's diamond reaches further).
    fn reach(&self) -> f64 {
        if self.envoy {
            self.radius * 1.3
        } else {
            self.radius
        }
    }
}

/// A line between two nodes (indexes into the nodes) and the briefings they share.
type Edge = (usize, usize, usize);

/// The network of the actors index (a wide and a narrow drawing, then a table of the same
/// connections), or nothing when fewer than two actors share a briefing. Every word is
/// `speech`'s, and the drawing is mirrored where the language runs right to left.
pub(crate) fn network(archive: &Archive, routes: &Routes, root: &str, speech: &Speech) -> String {
    let mut out = String::new();
    let mut table_of = None;
    for frame in Frame::both(speech.rtl) {
        let limit = if frame.narrow {
            NARROW_NODES
        } else {
            MAX_NODES
        };
        let nodes = select_nodes(archive, limit);
        if nodes.len() < 2 {
            return String::new();
        }
        let (nodes, edges, plan) = plan_dropping(frame, archive, nodes, speech);
        out.push_str(&draw(
            frame,
            archive,
            (routes, root, speech),
            (&nodes, &edges),
            &plan,
        ));
        table_of.get_or_insert((nodes, edges));
    }
    if let Some((nodes, edges)) = table_of {
        out.push_str(&table(speech, archive, &nodes, &edges));
    }
    out
}

/// Where everything of one drawing goes.
struct Plan {
    height: f64,
    centers: Vec<Point>,
    /// Each node's label: its lines (the name, or its number in the key), where they go.
    labels: Vec<Option<(Vec<String>, Side, Rect)>>,
    /// The key: each numbered node, and where its lines start.
    key: Vec<(usize, Vec<(Point, String)>)>,
    /// Nodes with no room for a name or a number.
    unplaced: Vec<usize>,
}

/// The plan of `nodes`, left out one by one (the least connected first) while some have no
/// room for a label at all.
fn plan_dropping(
    frame: Frame,
    archive: &Archive,
    mut nodes: Vec<Node>,
    speech: &Speech,
) -> (Vec<Node>, Vec<Edge>, Plan) {
    loop {
        let edges = select_edges(archive, &nodes);
        let plan = plan(frame, archive, (&nodes, &edges), speech);
        let Some(&drop) = plan.unplaced.iter().min_by_key(|&&i| (nodes[i].weight, i)) else {
            return (nodes, edges, plan);
        };
        if nodes.len() <= 2 {
            return (nodes, edges, plan);
        }
        nodes.remove(drop);
    }
}

fn plan(
    frame: Frame,
    archive: &Archive,
    (nodes, edges): (&[Node], &[Edge]),
    speech: &Speech,
) -> Plan {
    let (width, font) = (frame.width, frame.font(11.0));
    let plot_bottom = frame.pick(460.0, 480.0);
    let legend_bottom = legend_entries(frame, speech).1.bottom();
    let side = frame.pick(76.0, 40.0);
    let area = (side, legend_bottom + 24.0, width - side, plot_bottom - 16.0);
    let centers = positions(frame, edges, nodes.len(), area);
    let marks: Vec<(Point, f64)> = nodes
        .iter()
        .zip(&centers)
        .map(|(n, &c)| (c, n.reach()))
        .collect();
    let lines = edges
        .iter()
        .map(|&(a, b, _)| (centers[a], centers[b]))
        .collect();
    // Names may go a little further than the nodes, below the lowest as above the highest.
    let bottom = plot_bottom + BELOW;
    let placer = Placer::new(
        (MARGIN, legend_bottom + MARGIN, width - MARGIN, bottom),
        marks.iter().map(|&(c, r)| mark_box(c, r + 1.0)).collect(),
        lines,
    );
    let names: Vec<Vec<String>> = nodes
        .iter()
        .map(|n| two_lines(&archive.actor(n.actor).name, frame.pick(120.0, 110.0), font))
        .collect();
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(nodes[i].weight), i));
    let Labels {
        labels,
        numbered,
        unplaced,
    } = best_labels(&placer, &marks, &names, order, font);
    let (key, height) = key_layout(frame, archive, nodes, &numbered, bottom);
    Plan {
        height,
        centers,
        labels,
        key,
        unplaced,
    }
}

/// Where the nodes go in `area`: laid out by their lines, then moved apart.
fn positions(frame: Frame, edges: &[Edge], count: usize, area: layout::Area) -> Vec<Point> {
    let strongest = strongest(edges);
    let layout_edges: Vec<(usize, usize, f64)> = edges
        .iter()
        .map(|&(a, b, shared)| (a, b, shared as f64 / strongest as f64))
        .collect();
    let centers = layout::fit_to(&layout::force_layout(count, &layout_edges), area);
    layout::spread(&centers, frame.pick(SPREAD, NARROW_SPREAD), area)
}

/// The labels of the nodes set in `order` (the most connected first), then again with the
/// nodes left with a number first: names set first can take the only room of another. The
/// try with the fewest nodes left without a name wins, the first among equals.
fn best_labels(
    placer: &Placer,
    marks: &[(Point, f64)],
    names: &[Vec<String>],
    mut order: Vec<usize>,
    font: f64,
) -> Labels {
    let mut best = set_labels(placer.clone(), marks, names, &order, font);
    for _ in 0..RETRIES {
        if best.numbered.is_empty() && best.unplaced.is_empty() {
            break;
        }
        let first: Vec<usize> = best
            .numbered
            .iter()
            .chain(&best.unplaced)
            .copied()
            .collect();
        order.retain(|i| !first.contains(i));
        order.splice(0..0, first);
        let next = set_labels(placer.clone(), marks, names, &order, font);
        let left = |l: &Labels| (l.unplaced.len(), l.numbered.len());
        if left(&next) >= left(&best) {
            break;
        }
        best = next;
    }
    best
}

/// How many more times the names are set in another order.
const RETRIES: usize = 3;

/// The labels of the nodes of one try.
struct Labels {
    labels: Vec<Option<(Vec<String>, Side, Rect)>>,
    /// The nodes that carry a number, in the order of their numbers.
    numbered: Vec<usize>,
    /// The nodes with no room even for a number.
    unplaced: Vec<usize>,
}

/// Sets each node's name beside its mark, in `order` (a mark is its centre and reach), then
/// a number beside each node whose name found no room.
fn set_labels(
    mut placer: Placer,
    marks: &[(Point, f64)],
    names: &[Vec<String>],
    order: &[usize],
    font: f64,
) -> Labels {
    let mut labels = vec![None; marks.len()];
    let mut without = Vec::new();
    for &i in order {
        let (center, reach) = marks[i];
        match placer.place(center, reach, label_size(&names[i], font)) {
            Some((side, rect)) => labels[i] = Some((names[i].clone(), side, rect)),
            None => without.push(i),
        }
    }
    let (mut numbered, mut unplaced) = (Vec::new(), Vec::new());
    for i in without {
        let (center, reach) = marks[i];
        let number = vec![(numbered.len() + 1).to_string()];
        match placer.place(center, reach, label_size(&number, font)) {
            Some((side, rect)) => {
                labels[i] = Some((number, side, rect));
                numbered.push(i);
            }
            None => unplaced.push(i),
        }
    }
    Labels {
        labels,
        numbered,
        unplaced,
    }
}

/// The width and height of a label of `lines` at `font`.
fn label_size(lines: &[String], font: f64) -> (f64, f64) {
    let width = lines
        .iter()
        .map(|l| text_width(l, font))
        .fold(0.0, f64::max);
    let height = (ASCENT + DESCENT) * font + (lines.len().max(1) - 1) as f64 * line_step(font);
    (width, height)
}

/// The distance between the baselines of a label's lines.
fn line_step(font: f64) -> f64 {
    1.15 * font
}

/// The key of the numbered nodes, in rows under the network from `top`: for each, where its
/// lines go ("3: Name", then the rest of a long name under the name); and the height of the
/// whole drawing.
#[allow(clippy::type_complexity)]
fn key_layout(
    frame: Frame,
    archive: &Archive,
    nodes: &[Node],
    numbered: &[usize],
    top: f64,
) -> (Vec<(usize, Vec<(Point, String)>)>, f64) {
    if numbered.is_empty() {
        return (Vec::new(), top);
    }
    let font = frame.font(11.0);
    let mut flow = Flow::new(14.0, frame.width - 8.0, top + 8.0 + font, font * 1.6);
    let key = numbered
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let number = format!("{}: ", k + 1);
            let text = format!("{number}{}", archive.actor(nodes[i].actor).name);
            let lines = two_lines(&text, frame.width - 30.0, font);
            // A long entry has rows of its own, the second under the name.
            let indent = if lines.len() > 1 {
                flow.break_line();
                text_width(&number, font)
            } else {
                0.0
            };
            let mut placed = Vec::new();
            for (row, line) in lines.into_iter().enumerate() {
                let shift = if row == 0 { 0.0 } else { indent };
                if row > 0 {
                    flow.break_line();
                }
                let (x, y) = flow.place(shift + text_width(&line, font));
                placed.push(((x + shift, y), line));
            }
            if indent > 0.0 {
                flow.break_line();
            }
            (i, placed)
        })
        .collect();
    (key, flow.bottom() + 4.0)
}

fn strongest(edges: &[Edge]) -> usize {
    edges.iter().map(|e| e.2).max().unwrap_or(1).max(1)
}

fn draw(
    frame: Frame,
    archive: &Archive,
    (routes, root, speech): (&Routes, &str, &Speech),
    (nodes, edges): (&[Node], &[Edge]),
    plan: &Plan,
) -> String {
    let font = frame.font(11.0);
    let strongest = strongest(edges);
    let mut svg = Svg::open(
        frame,
        "network",
        plan.height,
        speech.word("figure_network_title"),
        &describe(speech, nodes.len(), edges.len(), strongest, plan.key.len()),
    );
    draw_legend(&mut svg, &legend_entries(frame, speech).0, font);
    svg.open_group("edges");
    let mut by_strength: Vec<&Edge> = edges.iter().collect();
    by_strength.sort_by_key(|e| (e.2, e.0, e.1));
    for &&(a, b, count) in &by_strength {
        let width = 0.75 + 5.0 * count as f64 / strongest as f64;
        let extra = format!(" stroke-width=\"{}\"", super::svg::num(width));
        svg.line("edge", plan.centers[a], plan.centers[b], &extra);
    }
    svg.close_group();
    let href = |i: usize| {
        let actor = archive.actor(nodes[i].actor);
        format!("{root}{}", routes.url(&Page::Actor(&actor.id)))
    };
    svg.open_group("nodes");
    for (i, node) in nodes.iter().enumerate() {
        svg.open_link(&href(i), &node_title(speech, archive, node));
        draw_node(&mut svg, archive, node, plan.centers[i]);
        if let Some((lines, side, rect)) = &plan.labels[i] {
            let (anchor, x) = side.anchor(*rect);
            for (row, line) in lines.iter().enumerate() {
                let y = rect.1 + ASCENT * font + row as f64 * line_step(font);
                svg.text("g-label", (x, y), font, anchor, line);
            }
        }
        svg.close_link();
    }
    svg.close_group();
    if !plan.key.is_empty() {
        svg.open_group("key");
        for (i, lines) in &plan.key {
            svg.open_link(&href(*i), &node_title(speech, archive, &nodes[*i]));
            for ((x, y), line) in lines {
                svg.text("g-label", (*x, y + font * 0.35), font, "start", line);
            }
            svg.close_link();
        }
        svg.close_group();
    }
    svg.finish()
}

/// The actors with the most shared briefings (then the most counterparts), at most `limit`,
/// ordered by id so that the layout starts from a fixed circle.
fn select_nodes(archive: &Archive, limit: usize) -> Vec<Node> {
    let mut ranked: Vec<(usize, usize, ActorIx)> = archive
        .co_actors
        .iter()
        .enumerate()
        .filter(|(_, co)| !co.is_empty())
        .map(|(ix, co)| (co.iter().map(|c| c.1).sum(), co.len(), ix))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    ranked.truncate(limit);
    ranked.sort_by(|a, b| archive.actor(a.2).id.cmp(&archive.actor(b.2).id));
    let most = ranked
        .iter()
        .map(|r| archive.by_actor[r.2].len())
        .max()
        .unwrap_or(1)
        .max(1);
    ranked
        .into_iter()
        .map(|(weight, _, actor)| {
            let briefings = archive.by_actor[actor].len();
            Node {
                actor,
                briefings,
                weight,
                radius: 4.0 + 8.0 * (briefings as f64 / most as f64).sqrt(),
                envoy: archive.actor(actor).envoy,
            }
        })
        .collect()
}

/// The lines between the chosen nodes: the strongest [`MAX_EDGES`], and each node's strongest.
fn select_edges(archive: &Archive, nodes: &[Node]) -> Vec<Edge> {
    let mut position = vec![usize::MAX; archive.actors().len()];
    for (i, node) in nodes.iter().enumerate() {
        position[node.actor] = i;
    }
    let mut all: Vec<Edge> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        for &(other, count) in &archive.co_actors[node.actor] {
            let j = position[other];
            if j != usize::MAX && i < j {
                all.push((i, j, count));
            }
        }
    }
    all.sort_by(|a, b| b.2.cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
    let mut keep = vec![false; all.len()];
    let mut has_line = vec![false; nodes.len()];
    for (k, &(a, b, _)) in all.iter().enumerate() {
        if k < MAX_EDGES || !has_line[a] || !has_line[b] {
            keep[k] = true;
            has_line[a] = true;
            has_line[b] = true;
        }
    }
    all.into_iter()
        .zip(keep)
        .filter_map(|(edge, kept)| kept.then_some(edge))
        .collect()
}

/// The tooltip of a node: the actor's full name and counts.
fn node_title(speech: &Speech, archive: &Archive, node: &Node) -> String {
    let actor = archive.actor(node.actor);
    let counterparts = archive.co_actors[node.actor].len();
    speech.fill(
        "figure_network_node",
        &[
            ("name", &actor.name),
            (
                "briefings",
                &speech.count("figure_briefings", node.briefings),
            ),
            (
                "counterparts",
                &speech.count("figure_counterparts", counterparts),
            ),
        ],
    )
}

/// A node's mark: a circle for a person, a square for an organization or a state, a diamond
/// for an envoy.
fn draw_node(svg: &mut Svg, archive: &Archive, node: &Node, center: Point) {
    let (x, y) = center;
    let r = node.radius;
    if node.envoy {
        let d = node.reach();
        svg.polygon(
            "node envoy",
            &[(x, y - d), (x + d, y), (x, y + d), (x - d, y)],
        );
    } else if archive.actor(node.actor).kind == ActorKind::Person {
        svg.circle("node person", center, r);
    } else {
        let s = r * 0.9;
        svg.rect("node organization", x - s, y - s, 2.0 * s, 2.0 * s, "");
    }
}

/// What the shapes and widths mean: (swatch, text) set in rows above the network.
type LegendEntries<'a> = Vec<((f64, f64), &'a str)>;

fn legend_entries(frame: Frame, speech: &Speech) -> (LegendEntries<'_>, Flow) {
    let font = frame.font(11.0);
    let mut flow = Flow::new(14.0, frame.width - 8.0, TOP + 4.0, font * 1.7);
    let entries = [
        "figure_network_person",
        "figure_network_organization",
        "figure_network_envoy",
        "figure_network_wider",
    ]
    .into_iter()
    .enumerate()
    .map(|(i, key)| {
        let text = speech.word(key);
        let swatch = if i == 3 { 34.0 } else { 16.0 };
        (flow.place(swatch + text_width(text, font)), text)
    })
    .collect();
    (entries, flow)
}

fn draw_legend(svg: &mut Svg, entries: &LegendEntries, font: f64) {
    svg.open_group("legend");
    for (i, &((x, y), text)) in entries.iter().enumerate() {
        let swatch = match i {
            0 => {
                svg.circle("node person", (x + 5.0, y), 5.0);
                16.0
            }
            1 => {
                svg.rect("node organization", x + 0.5, y - 4.5, 9.0, 9.0, "");
                16.0
            }
            2 => {
                let c = x + 6.0;
                let points = [(c, y - 6.5), (c + 6.5, y), (c, y + 6.5), (c - 6.5, y)];
                svg.polygon("node envoy", &points);
                16.0
            }
            _ => {
                svg.line("edge", (x, y), (x + 28.0, y), " stroke-width=\"3\"");
                34.0
            }
        };
        svg.text(
            "g-label",
            (x + swatch, y + font * 0.35),
            font,
            "start",
            text,
        );
    }
    svg.close_group();
}

fn describe(
    speech: &Speech,
    nodes: usize,
    edges: usize,
    strongest: usize,
    numbered: usize,
) -> String {
    let strongest = strongest.to_string();
    let mut sentences = vec![speech.fill(
        "figure_network_desc",
        &[
            ("actors", &speech.count("figure_network_actors", nodes)),
            ("strongest", &strongest),
            ("lines", &speech.count("figure_network_lines", edges)),
        ],
    )];
    if numbered > 0 {
        sentences.push(speech.count("figure_network_numbered", numbered));
    }
    sentences.push(speech.word("figure_network_table").to_string());
    sentences.join(speech.word("figure_sentence_gap"))
}

fn table(speech: &Speech, archive: &Archive, nodes: &[Node], edges: &[Edge]) -> String {
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&nodes[a], &nodes[b]);
        b.briefings.cmp(&a.briefings).then(
            archive
                .actor(a.actor)
                .name
                .cmp(&archive.actor(b.actor).name),
        )
    });
    let rows: Vec<Vec<String>> = order
        .into_iter()
        .map(|i| {
            let mut links: Vec<(usize, &str)> = edges
                .iter()
                .filter_map(|&(a, b, count)| {
                    let other = if a == i {
                        b
                    } else if b == i {
                        a
                    } else {
                        return None;
                    };
                    Some((count, archive.actor(nodes[other].actor).name.as_str()))
                })
                .collect();
            links.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
            let links: Vec<String> = links
                .into_iter()
                .map(|(count, name)| format!("{name} ({count})"))
                .collect();
            vec![
                archive.actor(nodes[i].actor).name.clone(),
                nodes[i].briefings.to_string(),
                links.join(speech.word("list_separator")),
            ]
        })
        .collect();
    data_table(
        speech.word("figure_network_caption"),
        &[
            speech.word("figure_table_actor"),
            speech.word("figure_table_briefings"),
            speech.word("figure_table_together"),
        ],
        &rows,
    )
}
