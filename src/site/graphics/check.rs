//! For the tests: reads the drawings of a graphic back and checks that they are legible. Every
//! `<text>` gets the box it takes (its width estimated from the font size and its characters,
//! as the drawing code estimates it), every mark its bounding box (circles, squares, diamonds,
//! bars, and the axis, ticks and leader lines as thin boxes), and no text box may overlap
//! another, overlap a mark, or leave the picture.

use super::svg::{overlaps, text_width, Rect, ASCENT, DESCENT};

/// The box that `text` at `size` takes when written at `at` with `anchor`, in a drawing
/// written left to right, or right to left when `rtl` (where a text starts at its right end).
pub(super) fn text_box(at: (f64, f64), size: f64, anchor: &str, text: &str, rtl: bool) -> Rect {
    let width = text_width(text, size);
    let left = match (anchor, rtl) {
        ("middle", _) => at.0 - width / 2.0,
        ("end", false) | ("start", true) => at.0 - width,
        _ => at.0,
    };
    (
        left,
        at.1 - ASCENT * size,
        left + width,
        at.1 + DESCENT * size,
    )
}

/// What one drawing holds, read back from its markup.
#[derive(Debug, Default)]
pub(super) struct Drawing {
    pub view: (f64, f64),
    /// Each text and its box.
    pub texts: Vec<(String, Rect)>,
    /// Each mark (by its class) and its box.
    pub marks: Vec<(String, Rect)>,
    /// The lines between the network's nodes.
    pub edges: Vec<((f64, f64), (f64, f64))>,
}

/// Every `<svg>` of `markup`, read.
pub(super) fn drawings(markup: &str) -> Vec<Drawing> {
    let mut found = Vec::new();
    let mut rest = markup;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("a closed <svg>") + start + 6;
        found.push(read(&rest[start..end]));
        rest = &rest[end..];
    }
    found
}

fn read(svg: &str) -> Drawing {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    let view: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    let rtl = doc.root_element().attribute("direction") == Some("rtl");
    let mut drawing = Drawing {
        view: (view[2], view[3]),
        ..Drawing::default()
    };
    for node in doc.descendants().filter(|n| n.is_element()) {
        if node.ancestors().any(|a| a.has_tag_name("defs")) {
            continue;
        }
        let number = |name: &str| -> f64 {
            node.attribute(name)
                .map_or(0.0, |v| v.parse().unwrap_or_else(|_| panic!("{name}={v}")))
        };
        let class = node.attribute("class").unwrap_or_default().to_string();
        let mark = match node.tag_name().name() {
            "text" => {
                let text = node.text().unwrap_or_default().to_string();
                let anchor = node.attribute("text-anchor").unwrap_or("start");
                let at = (number("x"), number("y"));
                let rect = text_box(at, number("font-size"), anchor, &text, rtl);
                drawing.texts.push((text, rect));
                None
            }
            "circle" => {
                let (x, y, r) = (number("cx"), number("cy"), number("r"));
                Some((x - r, y - r, x + r, y + r))
            }
            "rect" if class != "hit" => {
                let (x, y) = (number("x"), number("y"));
                Some((x, y, x + number("width"), y + number("height")))
            }
            "polygon" => {
                let points: Vec<(f64, f64)> = node
                    .attribute("points")
                    .unwrap()
                    .split_whitespace()
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect();
                Some(
                    points
                        .iter()
                        .fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |b, p| {
                            (b.0.min(p.0), b.1.min(p.1), b.2.max(p.0), b.3.max(p.1))
                        }),
                )
            }
            "line" => {
                let (a, b) = ((number("x1"), number("y1")), (number("x2"), number("y2")));
                let in_edges = node
                    .ancestors()
                    .any(|g| g.attribute("class") == Some("edges"));
                if in_edges {
                    drawing.edges.push((a, b));
                    None
                } else {
                    let half = 0.5;
                    Some((
                        a.0.min(b.0) - half,
                        a.1.min(b.1) - half,
                        a.0.max(b.0) + half,
                        a.1.max(b.1) + half,
                    ))
                }
            }
            _ => None,
        };
        if let Some(rect) = mark {
            drawing.marks.push((class, rect));
        }
    }
    drawing
}

impl Drawing {
    /// Everything wrong with the drawing: texts over texts, over marks, off the picture.
    pub(super) fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let (width, height) = self.view;
        for (i, (text, rect)) in self.texts.iter().enumerate() {
            if rect.0 < -0.05 || rect.1 < -0.05 || rect.2 > width + 0.05 || rect.3 > height + 0.05 {
                problems.push(format!(
                    "{text:?} {rect:?} leaves the picture {width}×{height}"
                ));
            }
            for (other, b) in &self.texts[i + 1..] {
                if overlaps(*rect, *b) {
                    problems.push(format!("{text:?} {rect:?} overlaps {other:?} {b:?}"));
                }
            }
            for (class, b) in &self.marks {
                if overlaps(*rect, *b) {
                    problems.push(format!("{text:?} {rect:?} overlaps a {class} {b:?}"));
                }
            }
        }
        problems
    }

    /// How many texts a line between nodes passes through.
    pub(super) fn texts_crossed(&self) -> usize {
        self.texts
            .iter()
            .filter(|(_, rect)| {
                self.edges
                    .iter()
                    .any(|&(a, b)| super::labels::crosses(a, b, *rect))
            })
            .count()
    }
}

/// Fails, listing every problem, unless every drawing of `markup` is legible.
pub(super) fn assert_legible(what: &str, markup: &str) {
    let drawings = drawings(markup);
    assert!(!drawings.is_empty(), "{what}: no drawing");
    for (n, drawing) in drawings.iter().enumerate() {
        assert!(!drawing.texts.is_empty(), "{what}, drawing {n}: no text");
        let problems = drawing.problems();
        assert!(
            problems.is_empty(),
            "{what}, drawing {n} ({}×{}): {} problem(s):\n{}",
            drawing.view.0,
            drawing.view.1,
            problems.len(),
            problems.join("\n")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_box_follows_the_anchor() {
        let start = text_box((100.0, 50.0), 10.0, "start", "abcd", false);
        assert_eq!(start, (100.0, 41.5, 124.8, 52.5));
        let end = text_box((100.0, 50.0), 10.0, "end", "abcd", false);
        assert!((end.2 - 100.0).abs() < 1e-9 && (end.0 - 75.2).abs() < 1e-9);
        let middle = text_box((100.0, 50.0), 10.0, "middle", "abcd", false);
        assert!(overlaps(start, middle) && overlaps(end, middle) && !overlaps(start, end));
        assert_eq!(text_box((100.0, 50.0), 10.0, "start", "abcd", true), end);
        assert_eq!(text_box((100.0, 50.0), 10.0, "end", "abcd", true), start);
    }

    #[test]
    fn texts_over_marks_or_each_other_are_found() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 50\">\
                   <circle class=\"mark\" cx=\"20\" cy=\"20\" r=\"5\"/>\
                   <text x=\"18\" y=\"22\" font-size=\"10\">on</text>\
                   <text x=\"60\" y=\"22\" font-size=\"10\">a</text>\
                   <text x=\"62\" y=\"24\" font-size=\"10\">b</text>\
                   <text x=\"95\" y=\"40\" font-size=\"10\">off</text></svg>";
        let problems = drawings(svg)[0].problems();
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].contains("\"on\"") && problems[0].contains("mark"));
        assert!(problems[1].contains("\"a\"") && problems[1].contains("\"b\""));
        assert!(problems[2].contains("leaves the picture"));
    }
}
