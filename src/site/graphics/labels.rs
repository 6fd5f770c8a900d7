//! Labels set beside their marks: each label tries the places around its mark in a fixed
//! order and takes the free one that crosses the fewest lines. A place is free when its box
//! stays inside the picture and overlaps no mark and no label placed before it; a label with
//! no free place is not set (its graphic then lists it in a key).

use super::layout::Point;
use super::svg::{overlaps, Rect};

/// The room kept between a label and the mark it names, and around every label.
const GAP: f64 = 2.0;

/// Where a label stands relative to its mark.
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

    /// How the lines of a label on this side are aligned, as an SVG `text-anchor`, and the x
    /// they are aligned on, given the label's box.
    pub(super) fn anchor(self, b: Rect) -> (&'static str, f64) {
        match self {
            Side::Right | Side::AboveRight | Side::BelowRight => ("start", b.0),
            Side::Left | Side::AboveLeft | Side::BelowLeft => ("end", b.2),
            Side::Above | Side::Below => ("middle", (b.0 + b.2) / 2.0),
        }
    }
}

/// The box of a label `size` (width, height) on `side` of a mark centred on `center` that
/// reaches `reach` from it in every direction.
pub(super) fn label_box(center: Point, reach: f64, (w, h): (f64, f64), side: Side) -> Rect {
    let ((x, y), r) = (center, reach + GAP);
    match side {
        Side::Right => (x + r, y - h / 2.0, x + r + w, y + h / 2.0),
        Side::Left => (x - r - w, y - h / 2.0, x - r, y + h / 2.0),
        Side::Below => (x - w / 2.0, y + r, x + w / 2.0, y + r + h),
        Side::Above => (x - w / 2.0, y - r - h, x + w / 2.0, y - r),
        Side::AboveRight => (x + reach, y - r - h, x + reach + w, y - r),
        Side::BelowRight => (x + reach, y + r, x + reach + w, y + r + h),
        Side::AboveLeft => (x - reach - w, y - r - h, x - reach, y - r),
        Side::BelowLeft => (x - reach - w, y + r, x - reach, y + r + h),
    }
}

/// The box of a mark centred on `center` that reaches `reach` from it.
pub(super) fn mark_box(center: Point, reach: f64) -> Rect {
    let (x, y) = center;
    (x - reach, y - reach, x + reach, y + reach)
}

/// Labels placed so far, among the marks and lines of one picture.
#[derive(Clone)]
pub(super) struct Placer {
    bounds: Rect,
    marks: Vec<Rect>,
    lines: Vec<(Point, Point)>,
    placed: Vec<Rect>,
}

impl Placer {
    /// Labels inside `bounds`, clear of `marks`, crossing as few of `lines` as they can.
    pub(super) fn new(bounds: Rect, marks: Vec<Rect>, lines: Vec<(Point, Point)>) -> Placer {
        Placer {
            bounds,
            marks,
            lines,
            placed: Vec::new(),
        }
    }

    /// The free place beside the mark at `center` (reaching `reach`) for a label of `size`
    /// that crosses the fewest lines, the first in [`Side::ALL`] among equals; the place is
    /// then taken. `None` when every place is taken, runs off the picture or covers a mark.
    pub(super) fn place(
        &mut self,
        center: Point,
        reach: f64,
        size: (f64, f64),
    ) -> Option<(Side, Rect)> {
        let bounds = self.bounds;
        let best = Side::ALL
            .into_iter()
            .map(|side| (side, label_box(center, reach, size, side)))
            .filter(|&(_, rect)| inside(rect, bounds))
            .filter(|&(_, rect)| {
                let padded = (rect.0 - GAP, rect.1 - GAP, rect.2 + GAP, rect.3 + GAP);
                !self.marks.iter().any(|&m| overlaps(rect, m))
                    && !self.placed.iter().any(|&p| overlaps(padded, p))
            })
            .map(|(side, rect)| (side, rect, self.crossings(rect)))
            .min_by_key(|&(side, _, crossings)| {
                (crossings, Side::ALL.iter().position(|&s| s == side))
            })?;
        self.placed.push(best.1);
        Some((best.0, best.1))
    }

    /// How many of the lines pass through `rect`.
    fn crossings(&self, rect: Rect) -> usize {
        self.lines
            .iter()
            .filter(|&&(a, b)| crosses(a, b, rect))
            .count()
    }
}

/// Whether `rect` lies inside `bounds`.
pub(super) fn inside(rect: Rect, bounds: Rect) -> bool {
    rect.0 >= bounds.0 && rect.1 >= bounds.1 && rect.2 <= bounds.2 && rect.3 <= bounds.3
}

/// Whether the segment from `a` to `b` passes through `rect` (Liang and Barsky's clipping).
pub(super) fn crosses(a: Point, b: Point, rect: Rect) -> bool {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut from, mut to) = (0.0f64, 1.0f64);
    let sides = [
        (-dx, a.0 - rect.0),
        (dx, rect.2 - a.0),
        (-dy, a.1 - rect.1),
        (dy, rect.3 - a.1),
    ];
    for (p, q) in sides {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                from = from.max(t);
            } else {
                to = to.min(t);
            }
        }
    }
    from < to
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_avoids_a_neighbour_and_the_edge_of_the_picture() {
        let marks = vec![mark_box((50.0, 50.0), 5.0), mark_box((70.0, 50.0), 5.0)];
        let mut placer = Placer::new((0.0, 0.0, 100.0, 100.0), marks, Vec::new());
        let (side, first) = placer.place((50.0, 50.0), 5.0, (40.0, 10.0)).unwrap();
        assert_eq!(side, Side::Left, "the right holds the other mark");
        let (side, second) = placer.place((70.0, 50.0), 5.0, (40.0, 10.0)).unwrap();
        assert_ne!(side, Side::Right, "the right runs off the picture");
        assert!(!overlaps(first, second));
    }

    #[test]
    fn a_label_prefers_a_place_that_crosses_no_line() {
        let line = ((50.0, 50.0), (100.0, 50.0));
        let mut placer = Placer::new((0.0, 0.0, 100.0, 100.0), Vec::new(), vec![line]);
        let (side, _) = placer.place((50.0, 50.0), 5.0, (30.0, 10.0)).unwrap();
        assert_eq!(side, Side::Left);
    }

    #[test]
    fn a_label_with_no_room_is_not_set() {
        // A five-by-five grid of marks ten units apart: the middle one is boxed in.
        let at = |i: u32| 50.0 + f64::from(i) * 10.0;
        let centers: Vec<Point> = (0..25).map(|i| (at(i % 5), at(i / 5))).collect();
        let marks = centers.iter().map(|&c| mark_box(c, 4.0)).collect();
        let mut placer = Placer::new((0.0, 0.0, 200.0, 200.0), marks, Vec::new());
        assert_eq!(placer.place(centers[12], 4.0, (30.0, 8.0)), None);
        assert!(placer.place(centers[0], 4.0, (30.0, 8.0)).is_some());
    }

    #[test]
    fn segments_cross_the_boxes_they_pass_through() {
        let rect = (10.0, 10.0, 20.0, 20.0);
        assert!(crosses((0.0, 15.0), (30.0, 15.0), rect));
        assert!(crosses((0.0, 0.0), (30.0, 30.0), rect));
        assert!(!crosses((0.0, 0.0), (30.0, 5.0), rect));
        assert!(!crosses((0.0, 15.0), (9.0, 15.0), rect));
    }
}
