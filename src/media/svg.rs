//! The size of an SVG image, from the `width`, `height` and `viewBox` of its root element. SVG
//! files are published as they are and shown with `<img>`, never put inside a page, so their
//! scripts (if any) never run there.

use crate::model::Picture;

/// The size an SVG image is drawn at without other instructions: its `width` and `height` in
/// pixels (or unitless), the missing one made from the `viewBox`'s proportions, or the
/// `viewBox` itself; none where these say nothing (a size in `%` or `em`, no `viewBox`).
pub(super) fn measure(bytes: &[u8]) -> Result<Option<Picture>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document =
        roxmltree::Document::parse_with_options(text, options).map_err(|e| e.to_string())?;
    let svg = document.root_element();
    if svg.tag_name().name() != "svg" {
        return Err(format!(
            "its root element is <{}>, not <svg>",
            svg.tag_name().name()
        ));
    }
    let width = svg.attribute("width").and_then(pixels);
    let height = svg.attribute("height").and_then(pixels);
    let view = svg.attribute("viewBox").and_then(view_box);
    let size = match (width, height, view) {
        (Some(w), Some(h), _) => Some((w, h)),
        (Some(w), None, Some((vw, vh))) => Some((w, w * vh / vw)),
        (None, Some(h), Some((vw, vh))) => Some((h * vw / vh, h)),
        (None, None, Some(view)) => Some(view),
        _ => None,
    };
    Ok(size
        .map(|(w, h)| (w.round(), h.round()))
        .filter(|&(w, h)| (1.0..=1e6).contains(&w) && (1.0..=1e6).contains(&h))
        .map(|(w, h)| Picture {
            width: w as u32,
            height: h as u32,
            resized_as: None,
        }))
}

/// A length in pixels: a number alone or followed by `px`.
fn pixels(value: &str) -> Option<f64> {
    let value = value.trim();
    let number = value.strip_suffix("px").unwrap_or(value).trim();
    number
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n > 0.0)
}

/// The width and height of a `viewBox` ("0 0 800 600", commas allowed).
fn view_box(value: &str) -> Option<(f64, f64)> {
    let numbers: Vec<f64> = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|part| !part.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match numbers.as_slice() {
        [_, _, w, h] if w.is_finite() && h.is_finite() && *w > 0.0 && *h > 0.0 => Some((*w, *h)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(svg: &str) -> Option<(u32, u32)> {
        measure(svg.as_bytes())
            .unwrap()
            .map(|p| (p.width, p.height))
    }

    #[test]
    fn sizes_come_from_width_height_and_view_box() {
        let ns = "xmlns=\"http://www.w3.org/2000/svg\"";
        assert_eq!(
            size(&format!("<svg {ns} width=\"640\" height=\"480px\"/>")),
            Some((640, 480))
        );
        assert_eq!(
            size(&format!("<svg {ns} viewBox=\"0 0 800 600\"/>")),
            Some((800, 600))
        );
        assert_eq!(
            size(&format!(
                "<svg {ns} width=\"400\" viewBox=\"0,0,800,600\"/>"
            )),
            Some((400, 300))
        );
        assert_eq!(
            size(&format!(
                "<svg {ns} height=\"300\" viewBox=\"0 0 800 600\"/>"
            )),
            Some((400, 300))
        );
        assert_eq!(
            size(&format!("<svg {ns} width=\"100%\" height=\"100%\"/>")),
            None
        );
        assert_eq!(size(&format!("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY a \"b\">]>\n<svg {ns} width=\"10\" height=\"20\"/>")), Some((10, 20)));
    }

    #[test]
    fn what_is_no_svg_says_so() {
        assert!(measure(b"<html/>").is_err());
        assert!(measure(b"<svg").is_err());
        assert!(measure(b"\xff\xfe").is_err());
    }
}
