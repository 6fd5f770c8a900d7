//! The briefing file an article becomes: complete front matter that `dossier build` accepts
//! (title, date, summary, actors, empty tags and places, one source), then the body as
//! Markdown paragraphs; and its file name, `<date>-<slug>.md`.

use chrono::NaiveDate;

use crate::model::ids::slugify;

/// The longest slug made from a title, in bytes (it is cut at a hyphen).
const SLUG_MAX: usize = 60;

/// Everything a new briefing file says.
#[derive(Debug, Clone)]
pub struct NewBriefing {
    pub title: String,
    pub date: NaiveDate,
    pub summary: String,
    /// Actor ids.
    pub actors: Vec<String>,
    pub source: SourceEntry,
    /// The body, as Markdown.
    pub body: String,
}

/// The `[[sources]]` entry: only what the article says about itself.
#[derive(Debug, Clone)]
pub struct SourceEntry {
    pub outlet: Option<String>,
    pub author: Option<String>,
    /// The headline, or the name of the imported file.
    pub title: String,
    pub date: NaiveDate,
}

/// The text of the briefing file.
pub fn render(briefing: &NewBriefing) -> String {
    let mut text = String::from("+++\n");
    text.push_str(&format!("title = {}\n", quoted(&briefing.title)));
    text.push_str(&format!("date = {}\n", briefing.date));
    text.push_str(&format!("summary = {}\n", quoted(&briefing.summary)));
    text.push_str(&format!("actors = {}\n", list(&briefing.actors)));
    text.push_str("tags = []\nplaces = []\n\n[[sources]]\n");
    let source = &briefing.source;
    if let Some(outlet) = &source.outlet {
        text.push_str(&format!("outlet = {}\n", quoted(outlet)));
    }
    if let Some(author) = &source.author {
        text.push_str(&format!("author = {}\n", quoted(author)));
    }
    text.push_str(&format!("title = {}\n", quoted(&source.title)));
    text.push_str(&format!("date = {}\n", source.date));
    text.push_str("+++\n");
    text.push_str(&briefing.body);
    text
}

/// `<date>-<slug>.md`, the slug made from the title (or from `fallback` when the title has no
/// letters or digits), cut at a hyphen when long.
pub fn file_name(date: NaiveDate, title: &str, fallback: &str) -> String {
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
pub fn markdown_body(paragraphs: &[Vec<String>], plain_text: bool) -> String {
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

/// A TOML string literal.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A TOML array of strings.
fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| quoted(item)).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 21).unwrap()
    }

    #[test]
    fn front_matter_is_complete_toml() {
        let briefing = NewBriefing {
            title: "China “urges” a \"ceasefire\"".into(),
            date: day(),
            summary: "It's urgent.".into(),
            actors: vec!["lin-jian".into(), "wang-kejian".into()],
            source: SourceEntry {
                outlet: None,
                author: Some("Henrik Rothen".into()),
                title: "China Urges".into(),
                date: day(),
            },
            body: "Body.\n".into(),
        };
        let text = render(&briefing);
        let toml_text = text
            .strip_prefix("+++\n")
            .and_then(|t| t.split_once("+++\n"))
            .unwrap()
            .0;
        let table: toml::Table = toml::from_str(toml_text).unwrap();
        assert_eq!(
            table["title"].as_str(),
            Some("China “urges” a \"ceasefire\"")
        );
        assert_eq!(table["actors"].as_array().unwrap().len(), 2);
        assert_eq!(table["tags"].as_array().unwrap().len(), 0);
        let source = &table["sources"].as_array().unwrap()[0];
        assert_eq!(source["author"].as_str(), Some("Henrik Rothen"));
        assert!(source.get("outlet").is_none() && source.get("url").is_none());
        assert!(text.ends_with("+++\nBody.\n"));
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
