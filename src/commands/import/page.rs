//! A saved web page (or a JSON document) made into the text of its article and its metadata.
//!
//! The page's metadata is read first (`metadata`). Then captions, asides, navigation, forms and
//! scripts are taken out, and `dom_smoothie` (a port of Mozilla's Readability) finds the
//! article's main content, whose text, a paragraph per block, goes on to the same reading as a
//! clipped text file. No address is ever fetched.

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};

use super::bylines::{is_newsroom, looks_like_a_person};
use super::metadata::{self, PageMeta};

/// The elements that are never the article's text.
const NOT_TEXT: &str = "script, style, noscript, template, iframe, svg, form, button, nav, \
    aside, figcaption, [role='navigation'], [role='complementary'], [aria-hidden='true']";

/// The most lines above the article's first paragraph read for its dateline and byline.
const HEADER_LINES: usize = 12;

/// The most elements a page may have; past that the page is refused rather than parsed slowly.
const MAX_ELEMENTS: usize = 100_000;

/// An article read from a page.
#[derive(Debug, Default)]
pub(super) struct Page {
    /// The article's text: paragraphs between blank lines.
    pub text: String,
    pub meta: PageMeta,
}

/// Reads a saved HTML page. `Err` says why no article was found.
pub(super) fn read_html(html: &str) -> Result<Page, String> {
    let doc = Document::from(html);
    let mut meta = metadata::read(&doc);
    doc.select(NOT_TEXT).remove();
    let whole = doc.formatted_text().to_string();
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut readability = Readability::with_document(doc, None, Some(config))
        .map_err(|e| format!("cannot read the page: {e}"))?;
    let article = readability
        .parse()
        .map_err(|e| format!("no article found in the page ({e})"))?;
    if meta.author.is_none() {
        meta.author = article.byline.as_deref().and_then(byline_name);
    }
    let text = article.text_content.to_string();
    let header = header(&whole, &text, meta.title.as_deref());
    Ok(Page {
        text: format!("{header}\n\n{text}"),
        meta,
    })
}

/// The lines of the page between its headline and the article's first paragraph (at most
/// `HEADER_LINES`), where pages print the dateline and byline that Readability leaves out.
fn header(whole: &str, article: &str, title: Option<&str>) -> String {
    let first = article.lines().map(str::trim).find(|l| !l.is_empty());
    let Some(first) = first else {
        return String::new();
    };
    let probe: String = first.chars().take(60).collect();
    let Some(end) = whole.find(&probe) else {
        return String::new();
    };
    let before: Vec<&str> = whole[..end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let after_title = title
        .and_then(|t| before.iter().rposition(|l| *l == t))
        .map_or(0, |at| at + 1);
    let start = after_title.max(before.len().saturating_sub(HEADER_LINES));
    before[start..].join("\n\n")
}

/// Reads a JSON document that holds an article (a headline, a body and perhaps a date).
pub(super) fn read_json(text: &str) -> Option<Page> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let (meta, body) = metadata::read_json(&value)?;
    let text = if body.contains("</p>") || body.contains("<br") {
        Document::from(body.as_str()).formatted_text().to_string()
    } else {
        body
    };
    Some(Page { text, meta })
}

/// The author's name in a byline that Readability found ("By Rania Saad · 19 October 2023").
fn byline_name(byline: &str) -> Option<String> {
    let text = byline.trim();
    let text = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("by "))
        .unwrap_or(text);
    let name = text.split(['·', '|', ',', '•']).next()?.trim();
    (looks_like_a_person(name) && !is_newsroom(name)).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_without_its_furniture() {
        let paragraph = "China's special envoy met Qatar's minister of state in Doha on \
                         Thursday to discuss the war in Gaza and the fate of the hostages. ";
        let html = format!(
            "<html><head><title>Envoy in Doha | Ledger</title></head><body>\
             <nav><a href='/'>Home</a> <a href='/world'>World</a></nav>\
             <article><h1>Envoy in Doha</h1>\
             <figure><img src='a.jpg'><figcaption>Zhai Jun in Doha. Photo: Ledger</figcaption></figure>\
             <p>{}</p><p>{}</p></article>\
             <aside><h2>Related</h2><a href='/b'>Hamas says talks are early</a></aside>\
             </body></html>",
            paragraph.repeat(3),
            paragraph.repeat(2)
        );
        let page = read_html(&html).unwrap();
        assert!(page.text.contains("China's special envoy"), "{}", page.text);
        for gone in ["Photo: Ledger", "Hamas says", "World"] {
            assert!(!page.text.contains(gone), "{gone} in {}", page.text);
        }
        assert_eq!(page.meta.title.as_deref(), Some("Envoy in Doha"));
    }

    #[test]
    fn bylines_give_names_only() {
        assert_eq!(
            byline_name("By Rania Saad · 19 October 2023").as_deref(),
            Some("Rania Saad")
        );
        assert_eq!(byline_name("Updated 3 hours ago"), None);
    }
}
