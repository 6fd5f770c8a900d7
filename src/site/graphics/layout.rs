//! Deterministic graph layout for the actor network: a force-directed layout (Fruchterman and
//! Reingold) with a fixed number of iterations, started from a circle in the order of the
//! nodes, then stretched to the picture. `labels` sets the names beside the nodes.
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

/// A rectangle of the picture: left, top, right, bottom.
pub(super) type Area = (f64, f64, f64, f64);

/// `points` stretched to fill the rectangle `(left, top, right, bottom)`.
pub(super) fn fit_to(points: &[Point], (left, top, right, bottom): Area) -> Vec<Point> {
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

/// `points` moved apart, in a fixed number of rounds, until no two are closer than `least`
/// (or as near that as the rectangle `(left, top, right, bottom)` they stay in allows): a
/// tight group of nodes leaves room for their names.
pub(super) fn spread(points: &[Point], least: f64, bounds: Area) -> Vec<Point> {
    let mut pos = points.to_vec();
    for _ in 0..SPREAD_ROUNDS {
        let mut moved = false;
        for i in 0..pos.len() {
            for j in i + 1..pos.len() {
                let (dx, dy, d) = between(pos[i], pos[j]);
                if d >= least {
                    continue;
                }
                moved = true;
                let push = (least - d) / 2.0;
                pos[i] = clamp((pos[i].0 + dx / d * push, pos[i].1 + dy / d * push), bounds);
                pos[j] = clamp((pos[j].0 - dx / d * push, pos[j].1 - dy / d * push), bounds);
            }
        }
        if !moved {
            break;
        }
    }
    pos
}

/// How many rounds [`spread`] takes at most.
const SPREAD_ROUNDS: usize = 60;

fn clamp((x, y): Point, (left, top, right, bottom): Area) -> Point {
    (x.clamp(left, right), y.clamp(top, bottom))
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
    fn spreading_keeps_points_apart_and_inside() {
        let tight = [(50.0, 50.0), (51.0, 50.0), (50.0, 52.0), (10.0, 90.0)];
        let bounds = (0.0, 0.0, 100.0, 100.0);
        let spread = spread(&tight, 20.0, bounds);
        assert_eq!(spread[3], tight[3], "a point far from the others stays");
        for (i, a) in spread.iter().enumerate() {
            assert!((0.0..=100.0).contains(&a.0) && (0.0..=100.0).contains(&a.1));
            for b in &spread[i + 1..] {
                let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
                assert!(d > 19.0, "{a:?} and {b:?} are {d} apart");
            }
        }
    }

    #[test]
    fn fitting_fills_the_box() {
        let fitted = fit_to(&[(0.2, 0.5), (0.6, 0.7)], (10.0, 10.0, 110.0, 60.0));
        assert_eq!(fitted, vec![(10.0, 10.0), (110.0, 60.0)]);
        let single = fit_to(&[(0.3, 0.3)], (0.0, 0.0, 10.0, 10.0));
        assert_eq!(single, vec![(5.0, 5.0)]);
    }
}
