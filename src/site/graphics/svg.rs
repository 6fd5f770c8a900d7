//! A small writer of SVG markup: escaped text, numbers with a fixed precision, and the
//! accessible frame every graphic shares (a `<title>` and a `<desc>` named by `aria-*`).
//!
//! Geometry is written in user units of a fixed `viewBox`; the stylesheet scales the picture
//! to the width of the page and gives it the theme's colours through classes.
//!
//! A drawing for a language written right to left is laid out as for one written left to
//! right and mirrored as it is written: every x becomes its distance from the right edge, so
//! that time runs from right to left and labels stand on the other side of their marks. The
//! `<svg>` then says `direction="rtl"`, under which a text's `start` is its right end: the
//! anchors stay as laid out and the text trades sides with them, its glyphs unmirrored.

use std::fmt::Write;

pub(super) use crate::site::pages::escape_html as escape;

/// A coordinate or length with one decimal, the same bytes for the same value ("-0.0" is "0").
pub(super) fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let text = format!("{rounded:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text).to_string();
    if text == "-0" {
        "0".into()
    } else {
        text
    }
}

/// A box in user units: left, top, right, bottom.
pub(super) type Rect = (f64, f64, f64, f64);

/// How far a line of text reaches above and below its baseline, in ems: more than the
/// ascenders and descenders of common sans-serif faces, so that boxes err on the large side.
/// A text's box is as wide as [`text_width`] and reaches this far around its baseline.
pub(super) const ASCENT: f64 = 0.85;
pub(super) const DESCENT: f64 = 0.25;

/// Whether two boxes share more than a sliver (touching edges do not count).
pub(super) fn overlaps(a: Rect, b: Rect) -> bool {
    a.0.max(b.0) + 0.01 < a.2.min(b.2) && a.1.max(b.1) + 0.01 < a.3.min(b.3)
}

/// `text` on one line if it is at most `width` wide at `size`, else cut at the space that
/// gives the narrowest two lines. Nothing is left out: a name with no space stays one line.
pub(super) fn two_lines(text: &str, width: f64, size: f64) -> Vec<String> {
    if text_width(text, size) <= width {
        return vec![text.to_string()];
    }
    let widest = |(a, b): (&str, &str)| text_width(a, size).max(text_width(b, size));
    text.match_indices(' ')
        .map(|(at, _)| (text[..at].trim_end(), text[at..].trim_start()))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .min_by(|&a, &b| widest(a).total_cmp(&widest(b)))
        .map_or_else(
            || vec![text.to_string()],
            |(a, b)| vec![a.to_string(), b.to_string()],
        )
}

/// The approximate width of `text` set in a sans-serif face of `size` user units: wide
/// characters (CJK) count as a full em, others as 0.62 of one (a wide sans-serif, so that
/// estimates err on the long side).
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { 1.0 } else { 0.62 })
        .sum::<f64>()
        * size
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60)
}

/// `text` cut to at most `width` user units at `size`, with an ellipsis where it was cut.
pub(super) fn fit(text: &str, width: f64, size: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = text_width("…", size);
    for c in text.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), size);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// The size a graphic is drawn for. Text in an SVG scales with it, so a phone gets its own
/// narrower drawing, with the same text size in fewer user units across; the stylesheet
/// shows the one that fits the screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Frame {
    /// The width of the `viewBox`, in user units.
    pub width: f64,
    pub narrow: bool,
    /// Whether the drawing is mirrored for a language written right to left.
    pub rtl: bool,
}

impl Frame {
    pub(super) const WIDE: Frame = Frame {
        width: 640.0,
        narrow: false,
        rtl: false,
    };
    pub(super) const NARROW: Frame = Frame {
        width: 360.0,
        narrow: true,
        rtl: false,
    };

    /// Both drawings, wide first, mirrored when `rtl`.
    pub(super) fn both(rtl: bool) -> [Frame; 2] {
        [Frame::WIDE, Frame::NARROW].map(|frame| Frame { rtl, ..frame })
    }

    /// The font size, in user units, given the one wanted in the wide drawing.
    pub(super) fn font(&self, wide: f64) -> f64 {
        if self.narrow {
            12.0
        } else {
            wide
        }
    }

    /// `wide` in the wide drawing, else `narrow`.
    pub(super) fn pick(&self, wide: f64, narrow: f64) -> f64 {
        if self.narrow {
            narrow
        } else {
            wide
        }
    }

    /// An id unique to this drawing of the graphic named `base`.
    pub(super) fn id(&self, base: &str) -> String {
        if self.narrow {
            format!("{base}-narrow")
        } else {
            base.to_string()
        }
    }
}

/// Entries of a legend set in rows, wrapping where the next one would not fit.
pub(super) struct Flow {
    left: f64,
    right: f64,
    x: f64,
    /// The centre line of the current row.
    pub y: f64,
    row: f64,
}

impl Flow {
    pub(super) fn new(left: f64, right: f64, y: f64, row: f64) -> Flow {
        Flow {
            left,
            right,
            x: left,
            y,
            row,
        }
    }

    /// Where an entry `width` wide starts: (x, centre line).
    pub(super) fn place(&mut self, width: f64) -> (f64, f64) {
        if self.x > self.left && self.x + width > self.right {
            self.x = self.left;
            self.y += self.row;
        }
        let at = (self.x, self.y);
        self.x += width + self.row;
        at
    }

    /// Starts a new row, unless the current one is empty.
    pub(super) fn break_line(&mut self) {
        if self.x > self.left {
            self.x = self.left;
            self.y += self.row;
        }
    }

    /// The bottom of the last row.
    pub(super) fn bottom(&self) -> f64 {
        self.y + self.row / 2.0
    }
}

/// An SVG document being written. Every method appends one element.
pub(super) struct Svg {
    out: String,
    id: String,
    /// The width of a mirrored drawing: x is written as its distance from the right edge.
    mirror: Option<f64>,
}

impl Svg {
    /// Opens an `<svg>` drawn for `frame`, `height` user units high, with its title and
    /// description. `name` is the graphic's (e.g. "timeline"): it names the ids of the title
    /// and description, unique on the page to each drawing, and is a class of the `<svg>`.
    pub(super) fn open(frame: Frame, name: &str, height: f64, title: &str, desc: &str) -> Svg {
        let id = frame.id(name);
        let size = if frame.narrow { "narrow" } else { "wide" };
        let direction = if frame.rtl { " direction=\"rtl\"" } else { "" };
        let mut out = String::with_capacity(8 * 1024);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graphic {name} {size}\" viewBox=\"0 0 {} {}\"{direction} \
             role=\"group\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\">\n\
             <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
            num(frame.width),
            num(height),
            escape(title),
            escape(desc),
        );
        let mirror = frame.rtl.then_some(frame.width);
        Svg { out, id, mirror }
    }

    /// Where `x` of the layout is written: itself, or mirrored.
    fn x(&self, x: f64) -> f64 {
        self.mirror.map_or(x, |width| width - x)
    }

    /// The id of this drawing, to name its own definitions (patterns) uniquely.
    pub(super) fn id(&self) -> &str {
        &self.id
    }

    /// Appends markup that is already well-formed.
    pub(super) fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// Opens a link to `href` (already a relative URL) named by `title`, shown on hover.
    pub(super) fn open_link(&mut self, href: &str, title: &str) {
        let _ = writeln!(
            self.out,
            "<a href=\"{}\"><title>{}</title>",
            escape(href),
            escape(title)
        );
    }

    pub(super) fn close_link(&mut self) {
        self.out.push_str("</a>\n");
    }

    pub(super) fn open_group(&mut self, class: &str) {
        let _ = writeln!(self.out, "<g class=\"{class}\">");
    }

    pub(super) fn close_group(&mut self) {
        self.out.push_str("</g>\n");
    }

    /// A rectangle; `extra` holds further attributes, already escaped.
    pub(super) fn rect(
        &mut self,
        class: &str,
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        extra: &str,
    ) {
        let _ = writeln!(
            self.out,
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{extra}/>",
            num(if self.mirror.is_some() {
                self.x(x + width.max(0.0))
            } else {
                x
            }),
            num(y),
            num(width.max(0.0)),
            num(height.max(0.0))
        );
    }

    pub(super) fn line(&mut self, class: &str, from: (f64, f64), to: (f64, f64), extra: &str) {
        let _ = writeln!(
            self.out,
            "<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{extra}/>",
            num(self.x(from.0)),
            num(from.1),
            num(self.x(to.0)),
            num(to.1)
        );
    }

    pub(super) fn circle(&mut self, class: &str, center: (f64, f64), radius: f64) {
        let _ = writeln!(
            self.out,
            "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
            num(self.x(center.0)),
            num(center.1),
            num(radius)
        );
    }

    /// A closed polygon through `points`.
    pub(super) fn polygon(&mut self, class: &str, points: &[(f64, f64)]) {
        let list: Vec<String> = points
            .iter()
            .map(|&(x, y)| format!("{},{}", num(self.x(x)), num(y)))
            .collect();
        let _ = writeln!(
            self.out,
            "<polygon class=\"{class}\" points=\"{}\"/>",
            list.join(" ")
        );
    }

    /// Text at `at`, of `size` user units; `anchor` is "start", "middle" or "end" (in a mirrored
    /// drawing, where the text runs right to left, "start" is its right end).
    pub(super) fn text(
        &mut self,
        class: &str,
        at: (f64, f64),
        size: f64,
        anchor: &str,
        text: &str,
    ) {
        let _ = writeln!(
            self.out,
            "<text class=\"{class}\" x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            num(self.x(at.0)),
            num(at.1),
            num(size),
            escape(text)
        );
    }

    /// Closes the document and returns its markup.
    pub(super) fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

/// A visually hidden table with the data of a graphic, for screen readers and for readers
/// without pictures. `rows` are plain text, escaped here. The table sits in a `<div>` that
/// hides it: a table's box grows to fit its cells whatever its own width says, so only a block
/// around it can clip it to nothing and keep it from widening the page.
pub(super) fn data_table(caption: &str, headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::with_capacity(64 * (rows.len() + 2));
    let _ = write!(
        out,
        "<div class=\"visually-hidden\">\n<table>\n<caption>{}</caption>\n<thead><tr>",
        escape(caption)
    );
    for header in headers {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
            let close = if i == 0 { "th" } else { "td" };
            let _ = write!(out, "<{tag}>{}</{close}>", escape(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_one_fixed_decimal_at_most() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.25), "1.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(640.0 / 3.0), "213.3");
    }

    #[test]
    fn text_is_escaped_for_elements_and_attributes() {
        assert_eq!(
            escape("<script>\"a\" & 'b'\u{1}"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;"
        );
    }

    #[test]
    fn a_long_name_goes_on_two_even_lines_and_keeps_every_word() {
        assert_eq!(two_lines("Hamas", 60.0, 10.0), ["Hamas"]);
        let name = "Chinese Ministry of Foreign Affairs";
        let lines = two_lines(name, 120.0, 10.0);
        assert_eq!(lines, ["Chinese Ministry", "of Foreign Affairs"]);
        assert_eq!(lines.join(" "), name);
        assert_eq!(two_lines("Antidisestablishment", 50.0, 10.0).len(), 1);
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(fit("Cairo", 100.0, 10.0), "Cairo");
        let cut = fit("A very long list of places indeed", 60.0, 10.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(text_width(&cut, 10.0) <= 60.0);
        assert!(text_width("翟隽", 10.0) > text_width("ab", 10.0));
    }
}
