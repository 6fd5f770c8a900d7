//! Relative links and images in a text: each names a file of the text's bundle, is checked
//! against them (an error at its line where it names none, or climbs out with `..`), and is
//! written as the address of the published file. Addresses with a scheme, absolute paths,
//! anchors and `@` links are left to others.
//!
//! Images of the bundle become `<img>` elements with their `width` and `height` (so the page
//! does not move as they load) and, but for the first image of the text, `loading="lazy"`:
//! the first is likely seen at once, the others below the first screen. An image wider than
//! the text column also gets its web sizes in `srcset`, with `sizes`, and links its original.

use std::path::Path;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::escape_html;
use super::Problem;
use crate::load;
use crate::media::{self, web_widths};
use crate::model::attachments::{bundle_index, plain_name, NameProblem};
use crate::model::ids::closest;
use crate::model::Attachment;
use crate::routes::{encode_path, web_size_name};

/// The files a text may link, and how links to them are written.
pub(crate) struct Owner<'a> {
    /// Its source file, for messages.
    pub path: &'a Path,
    pub attachments: &'a [Attachment],
    /// What a link to one of them starts with from the pages that show the text: nothing for
    /// a briefing's body (its page is the bundle's folder, as is its feed entry's `xml:base`),
    /// the way to the actor's folder for a biography (shown on the actor's and the envoy's
    /// pages).
    pub base: String,
}

/// An image of the bundle, as the text shows it.
pub(super) struct Shown<'a> {
    /// Its address, as written into the page.
    src: String,
    attachment: &'a Attachment,
}

/// Whether the destination of a link is an address relative to the text's folder: not an
/// address with a scheme (`https:`, `mailto:`), an absolute path, an anchor, an `@` link or
/// an e-mail autolink.
pub(super) fn is_relative(dest: &str, link_type: LinkType) -> bool {
    let scheme = dest.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    !(dest.is_empty()
        || scheme
        || dest.starts_with(['/', '#', '@', '?'])
        || matches!(link_type, LinkType::Email))
}

impl<'a> Owner<'a> {
    /// Where the relative `dest` of a link (or an image) leads: the address to write and the
    /// attachment it names, or what is wrong. `None` when it names the folder itself (`./`).
    pub(super) fn resolve(
        &self,
        dest: &str,
        image: bool,
    ) -> Option<Result<(String, &'a Attachment), Problem>> {
        let what = if image { "image" } else { "link" };
        let end = dest.find(['?', '#']).unwrap_or(dest.len());
        let (written, rest) = dest.split_at(end);
        let name = match plain_name(&percent_decoded(written)) {
            Ok(name) => name,
            Err(NameProblem::Empty) => return None,
            Err(NameProblem::Escapes) => {
                return Some(Err((
                    format!("the {what} '{dest}' leads out of the folder of this text's files"),
                    Some(
                        "link another briefing with @briefing/<slug>, and keep the files a text shows in its own bundle"
                            .into(),
                    ),
                )))
            }
        };
        let Some(attachment) = self.attachments.iter().find(|a| a.name() == name) else {
            return Some(Err(self.missing(what, dest, &name)));
        };
        let src = format!("{}{}{rest}", self.base, encode_path(&name));
        Some(Ok((src, attachment)))
    }

    /// What to say of a link to `name`, which is no file of the bundle.
    fn missing(&self, what: &str, dest: &str, name: &str) -> Problem {
        if !load::is_bundle(self.path) {
            return (
                format!(
                    "the {what} '{dest}' names no file: only the files of a bundle are published"
                ),
                Some(format!(
                    "make this text a bundle: move {} to {} and put {name} beside it",
                    self.path.display(),
                    bundle_index(self.path).display()
                )),
            );
        }
        let folder = self.path.parent().unwrap_or(Path::new(""));
        let hint = match closest(name, self.attachments.iter().map(Attachment::name)) {
            Some(close) => format!("did you mean '{close}'?"),
            None => format!("put {name} in {}", folder.display()),
        };
        (
            format!(
                "the {what} '{dest}' names no file of the bundle {}",
                folder.display()
            ),
            Some(hint),
        )
    }

    /// An image of the bundle to show, at the address `src`.
    pub(super) fn shown(&self, src: String, attachment: &'a Attachment) -> Shown<'a> {
        Shown { src, attachment }
    }
}

/// The text's events with each image of the bundle (`shown[n]` for the `n`th image of the
/// text, none for another image) written as an `<img>` element.
pub(super) fn write_images<'e>(
    events: Vec<Event<'e>>,
    shown: &[Option<Shown<'_>>],
    base: &str,
) -> Vec<Event<'e>> {
    if shown.iter().all(Option::is_none) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut images = 0;
    let mut links = 0usize;
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Link { .. }) => links += 1,
            Event::End(TagEnd::Link) => links = links.saturating_sub(1),
            Event::Start(Tag::Image { ref title, .. }) => {
                let n = images;
                images += 1;
                if let Some(Some(image)) = shown.get(n) {
                    let title = title.to_string();
                    let alt = alt_text(&mut events);
                    let html = img(image, &alt, &title, n > 0, links > 0, base);
                    out.push(Event::InlineHtml(CowStr::from(html)));
                    continue;
                }
            }
            _ => {}
        }
        out.push(event);
    }
    out
}

/// The text of an image's description, up to the end of the image, as its `alt`.
fn alt_text<'e>(events: &mut impl Iterator<Item = Event<'e>>) -> String {
    let mut alt = String::new();
    let mut depth = 0usize;
    for event in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            Event::Text(text) | Event::Code(text) => alt.push_str(&text),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    alt
}

/// The `<img>` of an image of the bundle: its size, `loading="lazy"` where `lazy`, its web
/// sizes (relative to `base`, as its address is) and, outside a link, a link to its original.
fn img(image: &Shown<'_>, alt: &str, title: &str, lazy: bool, in_link: bool, base: &str) -> String {
    let src = escape_html(&image.src);
    let mut html = format!("<img src=\"{src}\" alt=\"{}\"", escape_html(alt));
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", escape_html(title)));
    }
    let picture = image.attachment.image;
    if let Some(picture) = picture {
        html.push_str(&format!(
            " width=\"{}\" height=\"{}\"",
            picture.width, picture.height
        ));
    }
    if lazy {
        html.push_str(" loading=\"lazy\"");
    }
    let widths = picture.map(|p| web_widths(&p)).unwrap_or_default();
    if let (Some(picture), false) = (picture, widths.is_empty()) {
        let extension = picture.resized_as.map_or("", |r| r.extension());
        let mut candidates: Vec<String> = widths
            .iter()
            .map(|&w| {
                let name = web_size_name(image.attachment.name(), w, extension);
                format!("{base}{} {w}w", encode_path(&name))
            })
            .collect();
        candidates.push(format!("{src} {}w", picture.width));
        html.push_str(&format!(
            " srcset=\"{}\" sizes=\"{}\"",
            escape_html(&candidates.join(", ")),
            media::SIZES
        ));
    }
    html.push('>');
    if !widths.is_empty() && !in_link {
        html = format!("<a href=\"{src}\">{html}</a>");
    }
    html
}

/// `%XX` escapes turned back into the bytes they stand for (kept as written where they do not
/// make UTF-8).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| {
            bytes
                .get(at)
                .and_then(|b| char::from(*b).to_digit(16))
                .map(|d| d as u8)
        };
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push(high * 16 + low);
                i += 3;
            }
            (byte, ..) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_addresses_name_files() {
        for dest in [
            "map.png",
            "./scans/p1.jpg",
            "../x.png",
            "a%20b.pdf",
            "x.pdf#page=2",
        ] {
            assert!(is_relative(dest, LinkType::Inline), "{dest}");
        }
        for dest in [
            "https://example.org/a.png",
            "mailto:a@b.c",
            "/static/a.png",
            "//example.org/a.png",
            "#sources",
            "@briefing/a",
            "",
            "?q=1",
        ] {
            assert!(!is_relative(dest, LinkType::Inline), "{dest}");
        }
        assert!(!is_relative("desk@example.org", LinkType::Email));
    }

    #[test]
    fn escapes_are_decoded() {
        assert_eq!(percent_decoded("my%20map.png"), "my map.png");
        assert_eq!(percent_decoded("caf%C3%A9"), "café");
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("%FF"), "%FF");
    }
}
