//! Markdown to HTML: the pulldown-cmark options, the rewriting of its events, and the
//! sanitizing of the result.
//!
//! Headings move one level down (a body's `#` becomes `<h2>`) because the page title is the
//! page's only `<h1>`. Raw HTML is cleaned by ammonia (no scripts, event handlers or
//! `javascript:` links) unless the archive opts out with `unsafe_html = true`.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders Markdown as HTML fit to put inside a page.
pub fn to_html(markdown: &str, unsafe_html: bool) -> String {
    let events = Parser::new_ext(markdown, options()).map(demote_heading);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    if unsafe_html {
        html
    } else {
        sanitizer().clean(&html).to_string()
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder.url_schemes(["http", "https", "mailto"].into_iter().collect());
        builder.add_generic_attributes(["id"]);
        builder.link_rel(Some("noopener noreferrer"));
        builder
    })
}

fn demote_heading(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    }
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_demotes_headings() {
        let html = to_html("# Talks\n\nZhai *met* Bogdanov.", false);
        assert!(html.contains("<h2>Talks</h2>"), "{html}");
        assert!(html.contains("<em>met</em>"));
    }

    #[test]
    fn sanitizes_raw_html() {
        let markdown = "<script>alert(1)</script><img src=x onerror=alert(1)>\n\n\
                        [a](javascript:alert(1)) <a href=\"vbscript:x\">b</a>";
        let html = to_html(markdown, false);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("href=\"javascript:"), "{html}");
        assert!(!html.contains("vbscript:"), "{html}");
        assert!(
            html.contains("<a rel=\"noopener noreferrer\">a</a>"),
            "{html}"
        );
    }

    #[test]
    fn keeps_raw_html_when_trusted() {
        let html = to_html("<div class=\"box\">x</div>", true);
        assert!(html.contains("<div class=\"box\">"), "{html}");
    }
}
