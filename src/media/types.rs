//! What a published file is, told by its name: its media type (for the data export), a label
//! for readers ("PDF", "PNG image"), its kind as search results count them, and a size said
//! the way people say it ("1.2 MB").

/// What kind of file a name ends in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kind {
    /// The media type (RFC 6838), `application/octet-stream` where the extension says nothing.
    pub media_type: &'static str,
    /// What readers call it: "PDF", "JPEG image", "file".
    pub label: &'static str,
    /// How the note of a search result counts it.
    group: Group,
}

/// The kinds a search result's note counts, with their names in the singular and plural.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Pdf,
    Image,
    Page,
    Recording,
    File,
}

impl Group {
    /// The key of its words (`files_<key>` in the theme's words files).
    fn key(self) -> &'static str {
        match self {
            Group::Pdf => "pdf",
            Group::Image => "image",
            Group::Page => "page",
            Group::Recording => "recording",
            Group::File => "file",
        }
    }
}

/// The kinds dossier knows, by lowercase extension.
const KINDS: &[(&str, &str, &str, Group)] = &[
    ("pdf", "application/pdf", "PDF", Group::Pdf),
    ("png", "image/png", "PNG image", Group::Image),
    ("jpg", "image/jpeg", "JPEG image", Group::Image),
    ("jpeg", "image/jpeg", "JPEG image", Group::Image),
    ("webp", "image/webp", "WebP image", Group::Image),
    ("gif", "image/gif", "GIF image", Group::Image),
    ("svg", "image/svg+xml", "SVG image", Group::Image),
    ("ico", "image/vnd.microsoft.icon", "icon", Group::Image),
    ("html", "text/html", "web page", Group::Page),
    ("htm", "text/html", "web page", Group::Page),
    ("mhtml", "multipart/related", "web archive", Group::Page),
    ("txt", "text/plain", "text", Group::File),
    ("csv", "text/csv", "CSV table", Group::File),
    ("json", "application/json", "JSON", Group::File),
    ("xml", "application/xml", "XML", Group::File),
    ("zip", "application/zip", "ZIP archive", Group::File),
    ("doc", "application/msword", "Word document", Group::File),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
        Group::File,
    ),
    (
        "odt",
        "application/vnd.oasis.opendocument.text",
        "text document",
        Group::File,
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "spreadsheet",
        Group::File,
    ),
    (
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        "spreadsheet",
        Group::File,
    ),
    ("mp3", "audio/mpeg", "MP3 audio", Group::Recording),
    ("m4a", "audio/mp4", "audio", Group::Recording),
    ("ogg", "audio/ogg", "audio", Group::Recording),
    ("wav", "audio/wav", "audio", Group::Recording),
    ("mp4", "video/mp4", "MP4 video", Group::Recording),
    ("webm", "video/webm", "WebM video", Group::Recording),
];

/// The kind of the file called `name`.
pub(crate) fn kind(name: &str) -> Kind {
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    KINDS.iter().find(|(e, ..)| *e == extension).map_or(
        Kind {
            media_type: "application/octet-stream",
            label: "file",
            group: Group::File,
        },
        |&(_, media_type, label, group)| Kind {
            media_type,
            label,
            group,
        },
    )
}

/// A number of bytes as people say it: "512 bytes", "3.4 KB", "12 MB" (powers of 1000).
pub(crate) fn size_label(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return if bytes == 1 {
            "1 byte".into()
        } else {
            format!("{bytes} bytes")
        };
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.5 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if value < 9.95 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// How many files of each kind a briefing's bundle holds, for what a search result says of
/// them ("PDF and 2 images attached"): the kinds by their key (`pdf`, `image`, `page`,
/// `recording`, `file`), in that order; none without files.
pub(crate) fn file_counts<'n>(names: impl Iterator<Item = &'n str>) -> Vec<(&'static str, usize)> {
    let mut counts: Vec<(Group, usize)> = Vec::new();
    for name in names {
        let group = kind(name).group;
        match counts.iter_mut().find(|(g, _)| *g == group) {
            Some((_, count)) => *count += 1,
            None => counts.push((group, 1)),
        }
    }
    counts.sort();
    counts
        .into_iter()
        .map(|(group, count)| (group.key(), count))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_extension_in_any_case() {
        assert_eq!(kind("statement.PDF").media_type, "application/pdf");
        assert_eq!(kind("scans/p1.jpeg").label, "JPEG image");
        assert_eq!(kind("map.svg").media_type, "image/svg+xml");
        assert_eq!(kind("README").media_type, "application/octet-stream");
        assert_eq!(kind("archive.tar.gz").label, "file");
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_label(1), "1 byte");
        assert_eq!(size_label(999), "999 bytes");
        assert_eq!(size_label(1000), "1.0 KB");
        assert_eq!(size_label(3_456), "3.5 KB");
        assert_eq!(size_label(340_000), "340 KB");
        assert_eq!(size_label(999_999), "1.0 MB");
        assert_eq!(size_label(1_234_567), "1.2 MB");
        assert_eq!(size_label(12_345_678), "12 MB");
    }

    #[test]
    fn files_are_counted_by_kind() {
        assert!(file_counts([].into_iter()).is_empty());
        assert_eq!(
            file_counts(["m.png", "a.pdf", "b.PDF", "c.jpg"].into_iter()),
            [("pdf", 2), ("image", 2)]
        );
        assert_eq!(
            file_counts(["p.html", "a.pdf", "x.bin"].into_iter()),
            [("pdf", 1), ("page", 1), ("file", 1)]
        );
    }
}
