//! HTML character references in clipped text: `&amp;`, `&rsquo;`, `&#39;` decoded, and the
//! references that lost their `&` on the way (`nbsp;`, `quot;`, `#39;`), which pages copied
//! as text often hold. Only a short list of names is taken without the `&`, and only where no
//! letter runs into them (or, for names no English word ends in, anywhere).

use std::borrow::Cow;

/// Names of references recognised without their `&`, with what they stand for. The second
/// field says whether the name can end a word (so "amp;" in "camp;" is left alone).
const BARE: &[(&str, &str, bool)] = &[
    ("nbsp;", " ", false),
    ("quot;", "\"", false),
    ("amp;", "&", true),
    ("apos;", "'", false),
    ("lt;", "<", true),
    ("gt;", ">", true),
    ("rsquo;", "’", false),
    ("lsquo;", "‘", false),
    ("rdquo;", "”", false),
    ("ldquo;", "“", false),
    ("mdash;", "—", false),
    ("ndash;", "–", false),
    ("hellip;", "…", false),
    ("laquo;", "«", false),
    ("raquo;", "»", false),
    ("#39;", "'", false),
    ("#039;", "'", false),
    ("#34;", "\"", false),
    ("#8217;", "’", false),
    ("#8220;", "“", false),
    ("#8221;", "”", false),
];

/// A whole text with its references decoded, line by line: a reference never adds a line.
pub(super) fn decode_text(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| decode(line).replace(['\n', '\r'], " "))
        .collect();
    lines.join("\n")
}

/// The line with its character references decoded, and non-breaking spaces made plain.
pub(super) fn decode(line: &str) -> Cow<'_, str> {
    if !line.contains(';') && !line.contains('\u{a0}') {
        return Cow::Borrowed(line);
    }
    let decoded = html_escape::decode_html_entities(line);
    let mut text = String::with_capacity(decoded.len());
    let mut rest: &str = &decoded;
    'outer: while !rest.is_empty() {
        for (name, value, ends_words) in BARE {
            if rest.starts_with(name) {
                let after_letter = text.chars().next_back().is_some_and(char::is_alphabetic);
                if !(after_letter && *ends_words) {
                    text.push_str(value);
                    rest = &rest[name.len()..];
                    continue 'outer;
                }
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        text.push(if c == '\u{a0}' { ' ' } else { c });
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_with_and_without_their_ampersand() {
        assert_eq!(
            decode("China&#39;s aid &amp; fuel.nbsp;He spoke"),
            "China's aid & fuel. He spoke"
        );
        assert_eq!(
            decode("quot;Every hour counts,quot; he said"),
            "\"Every hour counts,\" he said"
        );
        assert_eq!(decode("It&rsquo;s"), "It’s");
        assert_eq!(decode("the camp; the lamp;"), "the camp; the lamp;");
        assert_eq!(decode("Tom amp; Jerry"), "Tom & Jerry");
        assert!(matches!(decode("no references"), Cow::Borrowed(_)));
    }
}
