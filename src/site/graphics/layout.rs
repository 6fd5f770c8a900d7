//! Deterministic graph layout for the actor network: a force-directed layout (Fruchterman and
//! Reingold) with a fixed number of iterations, started from a circle in the order of the
//! nodes, and a greedy placement of labels beside their nodes.
//!
//! No randomness and no parallelism: the same nodes and edges give the same coordinates, bit
//! for bit, on the same build of the program.

use std::f64::consts::TAU;

/// How many rounds the forces move the nodes.
const ITERATIONS: usize = 400;

/// A point or a displacement.
pub(super) type Point = (f64, f64);

/// Positions for `n` nodes around the unit square (to be fitted to the picture), joined by `edges` (a, b, strength in 0..=1).
pub(super) fn force_layout(n: usize, edges: &[(usize, usize, f64)]) -> Vec<Point> {
    let mut pos: Vec<Point> = (0..n)
        .map(|i| {
            let angle = TAU * i as f64 / n.max(1) as f64;
            (0.5 + 0.4 * angle.cos(), 0.5 + 0.4 * angle.sin())
        })
        .collect();
    if n < 2 {
        return pos;
    }
    let k = (1.0 / n as f64).sqrt();
    // A node with many lines is pulled by each of them less, so that a tight group spreads.
    let mut degree = vec![0usize; n];
    for &(a, b, _) in edges {
        degree[a] += 1;
        degree[b] += 1;
    }
    let mut moves: Vec<Point> = vec![(0.0, 0.0); n];
    for round in 0..ITERATIONS {
        let temperature = 0.08 * (1.0 - round as f64 / ITERATIONS as f64) + 0.002;
        moves.fill((0.0, 0.0));
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy, d) = between(pos[i], pos[j]);
                let push = k * k / d;
                moves[i].0 += dx / d * push;
                moves[i].1 += dy / d * push;
                moves[j].0 -= dx / d * push;
                moves[j].1 -= dy / d * push;
            }
        }
        for &(a, b, strength) in edges {
            let (dx, dy, d) = between(pos[a], pos[b]);
            let damping = (degree[a].max(degree[b]) as f64).sqrt();
            let pull = d * d / k * (0.3 + 0.7 * strength) / damping;
            moves[a].0 -= dx / d * pull;
            moves[a].1 -= dy / d * pull;
            moves[b].0 += dx / d * pull;
            moves[b].1 += dy / d * pull;
        }
        for (p, m) in pos.iter_mut().zip(&moves) {
            // A little gravity keeps loose nodes near the others.
            let m = (m.0 + (0.5 - p.0) * k, m.1 + (0.5 - p.1) * k);
            let length = (m.0 * m.0 + m.1 * m.1).sqrt().max(1e-9);
            let step = length.min(temperature);
            p.0 += m.0 / length * step;
            p.1 += m.1 / length * step;
        }
    }
    pos
}

/// The vector from `b` to `a` and its length (never zero).
fn between(a: Point, b: Point) -> (f64, f64, f64) {
    let (dx, dy) = (a.0 - b.0, a.1 - b.1);
    let d = (dx * dx + dy * dy).sqrt();
    if d < 1e-6 {
        (1e-6, 0.0, 1e-6)
    } else {
        (dx, dy, d)
    }
}

/// `points` stretched to fill the rectangle `(left, top, right, bottom)`.
pub(super) fn fit_to(
    points: &[Point],
    (left, top, right, bottom): (f64, f64, f64, f64),
) -> Vec<Point> {
    let span = |values: &mut dyn Iterator<Item = f64>| {
        values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
    };
    let (x0, x1) = span(&mut points.iter().map(|p| p.0));
    let (y0, y1) = span(&mut points.iter().map(|p| p.1));
    let scale = |v: f64, lo: f64, hi: f64, to_lo: f64, to_hi: f64| {
        if hi - lo < 1e-9 {
            (to_lo + to_hi) / 2.0
        } else {
            to_lo + (v - lo) / (hi - lo) * (to_hi - to_lo)
        }
    };
    points
        .iter()
        .map(|&(x, y)| (scale(x, x0, x1, left, right), scale(y, y0, y1, top, bottom)))
        .collect()
}

/// A box: left, top, right, bottom.
pub(super) type Rect = (f64, f64, f64, f64);

/// Where a node's label stands relative to its node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Right,
    Left,
    Below,
    Above,
    AboveRight,
    BelowRight,
    AboveLeft,
    BelowLeft,
}

impl Side {
    /// Every side, in the order of preference.
    const ALL: [Side; 8] = [
        Side::Right,
        Side::Left,
        Side::Below,
        Side::Above,
        Side::AboveRight,
        Side::BelowRight,
        Side::AboveLeft,
        Side::BelowLeft,
    ];
}

/// A node to label: its centre, radius and the label's width and height.
pub(super) struct Labelled {
    pub center: Point,
    pub radius: f64,
    pub width: f64,
    pub height: f64,
}

/// The box a label takes on `side` of its node.
pub(super) fn label_box(node: &Labelled, side: Side) -> Rect {
    let ((x, y), r, w, h) = (node.center, node.radius, node.width, node.height);
    match side {
        Side::Right => (x + r + 3.0, y - h / 2.0, x + r + 3.0 + w, y + h / 2.0),
        Side::Left => (x - r - 3.0 - w, y - h / 2.0, x - r - 3.0, y + h / 2.0),
        Side::Below => (x - w / 2.0, y + r + 2.0, x + w / 2.0, y + r + 2.0 + h),
        Side::Above => (x - w / 2.0, y - r - 2.0 - h, x + w / 2.0, y - r - 2.0),
        Side::AboveRight => (x + r * 0.7, y - r * 0.7 - h, x + r * 0.7 + w, y - r * 0.7),
        Side::BelowRight => (x + r * 0.7, y + r * 0.7, x + r * 0.7 + w, y + r * 0.7 + h),
        Side::AboveLeft => (x - r * 0.7 - w, y - r * 0.7 - h, x - r * 0.7, y - r * 0.7),
        Side::BelowLeft => (x - r * 0.7 - w, y + r * 0.7, x - r * 0.7, y + r * 0.7 + h),
    }
}

/// Picks a side for each label, in the order given (most important first): the side whose
/// box overlaps least with the labels placed so far, every node, and the outside of `bounds`.
/// A label that would cover more than a fifth of its box with others is left out (`None`).
pub(super) fn place_labels(nodes: &[Labelled], bounds: Rect) -> Vec<Option<Side>> {
    let node_boxes: Vec<Rect> = nodes
        .iter()
        .map(|n| {
            let ((x, y), r) = (n.center, n.radius);
            (x - r, y - r, x + r, y + r)
        })
        .collect();
    let mut placed: Vec<Rect> = Vec::with_capacity(nodes.len());
    let mut sides = Vec::with_capacity(nodes.len());
    for node in nodes {
        let cost = |side: Side| {
            let b = label_box(node, side);
            let inside = overlap(b, bounds);
            let outside = area(b) - inside;
            placed.iter().map(|&p| overlap(b, p)).sum::<f64>()
                + node_boxes.iter().map(|&n| overlap(b, n)).sum::<f64>()
                + 10.0 * outside
        };
        let mut best = (Side::Right, cost(Side::Right));
        for side in Side::ALL.into_iter().skip(1) {
            let c = cost(side);
            if c < best.1 - 1e-9 {
                best = (side, c);
            }
        }
        let (side, c) = best;
        if c > 0.2 * node.width * node.height {
            sides.push(None);
        } else {
            placed.push(label_box(node, side));
            sides.push(Some(side));
        }
    }
    sides
}

fn area(r: Rect) -> f64 {
    (r.2 - r.0).max(0.0) * (r.3 - r.1).max(0.0)
}

fn overlap(a: Rect, b: Rect) -> f64 {
    area((a.0.max(b.0), a.1.max(b.1), a.2.min(b.2), a.3.min(b.3)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_is_the_same_every_time_and_stays_near_the_square() {
        let edges = [
            (0, 1, 1.0),
            (1, 2, 0.5),
            (2, 3, 0.2),
            (0, 3, 0.1),
            (4, 5, 1.0),
        ];
        let first = force_layout(6, &edges);
        assert_eq!(first, force_layout(6, &edges));
        assert!(first
            .iter()
            .all(|p| (-1.0..=2.0).contains(&p.0) && (-1.0..=2.0).contains(&p.1)));
    }

    #[test]
    fn joined_nodes_end_closer_than_loose_ones() {
        let points = force_layout(4, &[(0, 1, 1.0)]);
        let d = |a: Point, b: Point| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        assert!(d(points[0], points[1]) < d(points[2], points[3]));
    }

    #[test]
    fn a_label_avoids_its_neighbour_and_the_edge() {
        let nodes = [
            Labelled {
                center: (50.0, 50.0),
                radius: 5.0,
                width: 40.0,
                height: 10.0,
            },
            Labelled {
                center: (70.0, 50.0),
                radius: 5.0,
                width: 40.0,
                height: 10.0,
            },
        ];
        let sides = place_labels(&nodes, (0.0, 0.0, 100.0, 100.0));
        assert_eq!(sides[0], Some(Side::Left), "the right holds the other node");
        assert_ne!(
            sides[1],
            Some(Side::Right),
            "the right runs off the picture"
        );
    }

    #[test]
    fn a_label_with_no_room_is_left_out() {
        // A five-by-five grid of nodes ten units apart: the middle one is boxed in.
        let at = |i: u32| 50.0 + f64::from(i) * 10.0;
        let mut crowd: Vec<Labelled> = (0..25)
            .map(|i| Labelled {
                center: (at(i % 5), at(i / 5)),
                radius: 5.0,
                width: 60.0,
                height: 10.0,
            })
            .collect();
        crowd.swap(0, 12);
        let sides = place_labels(&crowd, (0.0, 0.0, 200.0, 200.0));
        assert_eq!(sides[0], None, "the one in the middle has no room");
        assert!(sides[1].is_some(), "a corner has room outside the grid");
    }

    #[test]
    fn fitting_fills_the_box() {
        let fitted = fit_to(&[(0.2, 0.5), (0.6, 0.7)], (10.0, 10.0, 110.0, 60.0));
        assert_eq!(fitted, vec![(10.0, 10.0), (110.0, 60.0)]);
        let single = fit_to(&[(0.3, 0.3)], (0.0, 0.0, 10.0, 10.0));
        assert_eq!(single, vec![(5.0, 5.0)]);
    }
}
