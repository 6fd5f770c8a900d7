//! The body an article's paragraphs become, as Markdown that reads as the text was written,
//! and the briefing's file name, `<date>-<slug>.md`. The front matter is
//! `authoring::BriefingFile`'s.

use chrono::NaiveDate;

use crate::model::ids::slugify;

/// The longest slug made from a title, in bytes (it is cut at a hyphen).
const SLUG_MAX: usize = 60;

/// `<date>-<slug>.md`, the slug made from the title (or from `fallback` when the title has no
/// letters or digits), cut at a hyphen when long.
pub(super) fn file_name(date: NaiveDate, title: &str, fallback: &str) -> String {
    let mut slug = slugify(title);
    if slug.is_empty() {
        slug = slugify(fallback);
    }
    if slug.len() > SLUG_MAX {
        let cut = slug[..=SLUG_MAX].rfind('-').unwrap_or(SLUG_MAX);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        format!("{date}.md")
    } else {
        format!("{date}-{slug}.md")
    }
}

/// The body as Markdown: lines of a paragraph on lines of their own, paragraphs between blank
/// lines. Plain text is escaped so that it reads as written; Markdown is kept.
pub(super) fn markdown_body(paragraphs: &[Vec<String>], plain_text: bool) -> String {
    let paragraphs: Vec<String> = paragraphs
        .iter()
        .map(|lines| {
            let lines: Vec<String> = lines
                .iter()
                .map(|line| {
                    if plain_text {
                        escape(line)
                    } else {
                        line.clone()
                    }
                })
                .collect();
            lines.join("\n")
        })
        .collect();
    let mut body = paragraphs.join("\n\n");
    body.push('\n');
    body
}

/// A line of plain text as Markdown that shows it unchanged: no emphasis, code, links, HTML,
/// headings, quotes or lists.
fn escape(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let marker = list_marker(line);
    for (ix, &c) in chars.iter().enumerate() {
        let inside_word = |i: Option<usize>| {
            i.and_then(|i| chars.get(i))
                .is_some_and(|c| c.is_alphanumeric())
        };
        let escaped = match c {
            '\\' | '`' | '*' | '<' | '[' | ']' => true,
            '_' => !(inside_word(ix.checked_sub(1)) && inside_word(Some(ix + 1))),
            _ => {
                (ix == 0 && matches!(c, '#' | '>' | '+' | '-' | '=' | '|' | '~'))
                    || marker == Some(ix)
            }
        };
        if escaped {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The character index of the "." or ")" of an ordered list marker ("1. ", "2) ") starting
/// the line.
fn list_marker(line: &str) -> Option<usize> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let mut rest = line.chars().skip(digits);
    let mark = rest.next()?;
    let then = rest.next();
    (digits > 0 && matches!(mark, '.' | ')') && then.is_none_or(char::is_whitespace))
        .then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 21).unwrap()
    }

    #[test]
    fn file_names_are_dated_slugs_cut_at_a_hyphen() {
        assert_eq!(
            file_name(day(), "Lin Jian on Gaza", "x.txt"),
            "2024-03-21-lin-jian-on-gaza.md"
        );
        let long = file_name(day(), &"word ".repeat(30), "x.txt");
        assert!(long.len() <= "2024-03-21-".len() + SLUG_MAX + 3, "{long}");
        assert!(long.ends_with("-word.md"), "{long}");
        assert_eq!(
            file_name(day(), "…", "004_80a.txt"),
            "2024-03-21-004-80a-txt.md"
        );
    }

    #[test]
    fn plain_text_reads_as_written() {
        assert_eq!(
            escape("# 1 *big* <b> [x] snake_case _under_ \\"),
            "\\# 1 \\*big\\* \\<b> \\[x\\] snake_case \\_under\\_ \\\\"
        );
        assert_eq!(escape("1. First"), "1\\. First");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("2.3 million"), "2.3 million");
        assert_eq!(
            markdown_body(&[vec!["a".into(), "b".into()], vec!["*c*".into()]], false),
            "a\nb\n\n*c*\n"
        );
    }
}
