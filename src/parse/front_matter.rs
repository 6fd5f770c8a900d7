//! Splits a source file into its TOML front matter (between two `+++` lines) and its body.

use crate::error::{Diagnostic, Location};

const FENCE: &str = "+++";

/// A file cut in two, with the offsets needed to point back into the file.
#[derive(Debug, Clone, Copy)]
pub(super) struct FrontMatter<'a> {
    /// The TOML text between the fences.
    pub toml: &'a str,
    /// The byte offset of `toml` in the file.
    pub toml_offset: usize,
    /// Everything after the closing fence.
    pub body: &'a str,
}

/// Finds the front matter of `text`. The diagnostic has an empty path for the caller to fill in.
pub(super) fn split(text: &str) -> Result<FrontMatter<'_>, Diagnostic> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != FENCE {
        return Err(Diagnostic::error("", "the file does not start with front matter")
            .at(Location::of_line(text, 1))
            .with_hint("begin the file with a line `+++`, the TOML fields (title, date, ...), and another `+++` line"));
    }
    let toml_offset = (first_line_end + 1).min(text.len());
    let mut offset = toml_offset;
    for line in text[toml_offset..].split_inclusive('\n') {
        if line.trim_end() == FENCE {
            return Ok(FrontMatter {
                toml: &text[toml_offset..offset],
                toml_offset,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error("", "the front matter opened here is never closed")
            .at(Location::of_line(text, 1))
            .with_hint("end the front matter with a line `+++` before the body"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_body() {
        let fm = split("+++\ntitle = \"a\"\n+++\nBody\n").unwrap();
        assert_eq!(fm.toml, "title = \"a\"\n");
        assert_eq!(fm.toml_offset, 4);
        assert_eq!(fm.body, "Body\n");
    }

    #[test]
    fn accepts_an_empty_body_and_trailing_spaces() {
        let fm = split("+++ \ntitle = \"a\"\n+++").unwrap();
        assert_eq!(fm.body, "");
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        assert!(split("title = 1\n")
            .unwrap_err()
            .message
            .contains("does not start"));
        let err = split("+++\ntitle = 1\n").unwrap_err();
        assert!(err.message.contains("never closed"));
        assert_eq!(err.line(), Some(1));
    }
}
