//! The co-occurrence network of the actors index: the most connected actors as nodes (sized by
//! their briefings, shaped by kind, each linked to its actor page) and lines between actors
//! named in the same briefings, wider the more briefings they share.

use super::layout::{self, Labelled, Side};
use super::plural;
use super::svg::{data_table, fit, text_width, Flow, Frame, Svg};
use crate::model::{ActorIx, ActorKind, Archive};
use crate::routes::{Page, Routes};

const TOP: f64 = 12.0;
/// How many actors the network shows at most (fewer on a phone).
pub(super) const MAX_NODES: usize = 30;
const NARROW_NODES: usize = 14;
/// How many lines it draws at most, strongest first (each node keeps its strongest line).
const MAX_EDGES: usize = 90;

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
/// connections), or nothing when fewer than two actors share a briefing.
pub(crate) fn network(archive: &Archive, routes: &Routes, root: &str) -> String {
    let nodes = select_nodes(archive, MAX_NODES);
    if nodes.len() < 2 {
        return String::new();
    }
    let edges = select_edges(archive, &nodes);
    let mut out = draw(Frame::WIDE, archive, routes, root, (&nodes, &edges));
    let few = select_nodes(archive, NARROW_NODES);
    let few_edges = select_edges(archive, &few);
    out.push_str(&draw(
        Frame::NARROW,
        archive,
        routes,
        root,
        (&few, &few_edges),
    ));
    out.push_str(&table(archive, &nodes, &edges));
    out
}

fn draw(
    frame: Frame,
    archive: &Archive,
    routes: &Routes,
    root: &str,
    (nodes, edges): (&[Node], &[Edge]),
) -> String {
    let (width, font) = (frame.width, frame.font(11.0));
    let height = frame.pick(460.0, 480.0);
    let legend = legend_entries(frame);
    let strongest = edges.iter().map(|e| e.2).max().unwrap_or(1).max(1);
    let layout_edges: Vec<(usize, usize, f64)> = edges
        .iter()
        .map(|&(a, b, count)| (a, b, count as f64 / strongest as f64))
        .collect();
    let side = frame.pick(76.0, 40.0);
    let top = legend.1.bottom() + 16.0;
    let centers = layout::fit_to(
        &layout::force_layout(nodes.len(), &layout_edges),
        (side, top + 8.0, width - side, height - 16.0),
    );
    let labels: Vec<String> = nodes
        .iter()
        .map(|n| fit(&archive.actor(n.actor).name, frame.pick(130.0, 100.0), font))
        .collect();
    let sides = label_sides(nodes, &centers, &labels, (top, width, height, font));

    let mut svg = Svg::open(
        frame,
        "network",
        height,
        "Who appears with whom",
        &describe(nodes.len(), edges.len(), strongest),
    );
    draw_legend(&mut svg, &legend.0, font);
    svg.open_group("edges");
    let mut by_strength: Vec<&Edge> = edges.iter().collect();
    by_strength.sort_by_key(|e| (e.2, e.0, e.1));
    for &&(a, b, count) in &by_strength {
        let width = 0.75 + 5.0 * count as f64 / strongest as f64;
        let extra = format!(" stroke-width=\"{}\"", super::svg::num(width));
        svg.line("edge", centers[a], centers[b], &extra);
    }
    svg.close_group();
    svg.open_group("nodes");
    for (i, node) in nodes.iter().enumerate() {
        let label = (labels[i].as_str(), sides[i], font);
        draw_node(&mut svg, archive, routes, root, node, centers[i], label);
    }
    svg.close_group();
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

/// The side of each node on which its label goes; the most connected nodes choose first.
fn label_sides(
    nodes: &[Node],
    centers: &[layout::Point],
    labels: &[String],
    (top, width, height, font): (f64, f64, f64, f64),
) -> Vec<Option<Side>> {
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(nodes[i].weight), i));
    let labelled: Vec<Labelled> = order
        .iter()
        .map(|&i| Labelled {
            center: centers[i],
            radius: nodes[i].reach(),
            width: text_width(&labels[i], font),
            height: font + 2.0,
        })
        .collect();
    let chosen = layout::place_labels(&labelled, (0.0, top, width, height));
    let mut sides = vec![None; nodes.len()];
    for (k, &i) in order.iter().enumerate() {
        sides[i] = chosen[k];
    }
    sides
}

fn draw_node(
    svg: &mut Svg,
    archive: &Archive,
    routes: &Routes,
    root: &str,
    node: &Node,
    center: layout::Point,
    (label, side, font): (&str, Option<Side>, f64),
) {
    let actor = archive.actor(node.actor);
    let href = format!("{root}{}", routes.url(&Page::Actor(&actor.id)));
    let counterparts = archive.co_actors[node.actor].len();
    let title = format!(
        "{}: {} briefing{}, {} counterpart{}",
        actor.name,
        node.briefings,
        plural(node.briefings),
        counterparts,
        plural(counterparts)
    );
    svg.open_link(&href, &title);
    let (x, y) = center;
    let r = node.radius;
    if node.envoy {
        let d = node.reach();
        svg.polygon(
            "node envoy",
            &[(x, y - d), (x + d, y), (x, y + d), (x - d, y)],
        );
    } else if actor.kind == ActorKind::Person {
        svg.circle("node person", center, r);
    } else {
        let s = r * 0.9;
        svg.rect("node organization", x - s, y - s, 2.0 * s, 2.0 * s, "");
    }
    let probe = Labelled {
        center,
        radius: node.reach(),
        width: text_width(label, font),
        height: font + 2.0,
    };
    if let Some(side) = side {
        let b = layout::label_box(&probe, side);
        svg.text("g-label", (b.0, b.3 - 3.0), font, "start", label);
    }
    svg.close_link();
}

/// What the shapes and widths mean: (swatch, text) set in rows above the network.
type LegendEntries = Vec<((f64, f64), &'static str)>;

fn legend_entries(frame: Frame) -> (LegendEntries, Flow) {
    let font = frame.font(11.0);
    let mut flow = Flow::new(14.0, frame.width - 8.0, TOP + 4.0, font * 1.7);
    let entries = [
        "person",
        "organization or state",
        "envoy",
        "wider: more briefings together",
    ]
    .into_iter()
    .enumerate()
    .map(|(i, text)| {
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

fn describe(nodes: usize, edges: usize, strongest: usize) -> String {
    format!(
        "Network of the {nodes} actors most often named together with others. Each actor is a \
         mark linked to their page, sized by their number of briefings: a circle for a person, \
         a square for an organization or a state, a diamond for an envoy. A line joins two \
         actors named in the same briefings and is wider the more briefings they share, up to \
         {strongest}; {edges} line{} drawn. The table that follows gives the same connections.",
        plural(edges)
    )
    .replace("line drawn", "line is drawn")
    .replace("lines drawn", "lines are drawn")
}

fn table(archive: &Archive, nodes: &[Node], edges: &[Edge]) -> String {
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
                links.join(", "),
            ]
        })
        .collect();
    data_table(
        "The actors of the network and the briefings they share",
        &[
            "Actor",
            "Briefings",
            "Named together with (shared briefings)",
        ],
        &rows,
    )
}
