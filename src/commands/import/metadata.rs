//! What a saved web page says about its article in its markup, read before its text: the
//! headline (JSON-LD `headline`, `og:title`, the first `<h1>`, `<title>` without the site's
//! name), the dates (JSON-LD `datePublished`, `article:published_time` and kin, `<time
//! datetime>`), the author and publisher, and the canonical URL. A JSON document (an API
//! response saved as a page) is read for the same fields.

use dom_query::Document;
use serde_json::Value;

use super::dating::MetaDate;
use super::text::one_line;

/// What the page's markup says.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct PageMeta {
    pub title: Option<String>,
    /// Dates, best first.
    pub dates: Vec<MetaDate>,
    pub author: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// The language the page says it is in (`<html lang>`, Content-Language, og:locale).
    pub language: Option<String>,
}

/// The `<meta>` elements that date an article, and how the report names them.
const META_DATES: &[(&str, &str)] = &[
    (
        "meta[property='article:published_time']",
        "article:published_time",
    ),
    ("meta[property='og:published_time']", "og:published_time"),
    ("meta[itemprop='datePublished']", "datePublished"),
    ("meta[name='pubdate']", "pubdate"),
    ("meta[name='publishdate']", "publishdate"),
    ("meta[name='publish-date']", "publish-date"),
    ("meta[name='parsely-pub-date']", "parsely-pub-date"),
    ("meta[name='sailthru.date']", "sailthru.date"),
    ("meta[name='dc.date.issued']", "DC.date.issued"),
    ("meta[name='DC.date.issued']", "DC.date.issued"),
    ("meta[name='date']", "date"),
];

/// Reads the metadata of a parsed page.
pub(super) fn read(doc: &Document) -> PageMeta {
    let article = json_ld(doc);
    let content = |selector: &str| {
        doc.select(selector)
            .attr("content")
            .map(|v| one_line(&v))
            .filter(|v| !v.is_empty())
    };
    let h1 = doc
        .select("h1")
        .iter()
        .map(|h| one_line(&h.text()))
        .find(|t| !t.is_empty());
    let site = article
        .as_ref()
        .and_then(|a| name_of(a.get("publisher")?))
        .or_else(|| content("meta[property='og:site_name']"))
        .or_else(|| content("meta[name='application-name']"));
    let page_title = doc
        .select("title")
        .iter()
        .map(|t| one_line(&t.text()))
        .find(|t| !t.is_empty());
    let title = article
        .as_ref()
        .and_then(|a| text_of(a.get("headline")?))
        .or_else(|| content("meta[property='og:title']"))
        .or_else(|| content("meta[name='twitter:title']"))
        .or_else(|| h1.clone())
        .or_else(|| page_title.clone())
        .map(|t| without_site(&t, site.as_deref(), h1.as_deref()));
    let outlet = site.or_else(|| {
        let (head, tail) = split_site(page_title.as_deref()?)?;
        (Some(head) == h1.as_deref() || Some(head) == title.as_deref()).then(|| tail.to_string())
    });
    let mut dates = Vec::new();
    if let Some(written) = article
        .as_ref()
        .and_then(|a| text_of(a.get("datePublished")?))
    {
        dates.push(MetaDate {
            written,
            what: "JSON-LD datePublished".into(),
        });
    }
    for (selector, what) in META_DATES {
        if let Some(written) = content(selector) {
            dates.push(MetaDate {
                written,
                what: (*what).into(),
            });
        }
    }
    dates.extend(time_element(doc));
    let author = article
        .as_ref()
        .and_then(|a| name_of(a.get("author")?))
        .or_else(|| content("meta[name='author']"))
        .filter(|a| !a.starts_with("http"));
    let url = doc
        .select("link[rel='canonical']")
        .attr("href")
        .map(|v| one_line(&v))
        .or_else(|| content("meta[property='og:url']"))
        .or_else(|| article.as_ref().and_then(|a| text_of(a.get("url")?)))
        .filter(|u| u.starts_with("http"));
    let language = doc
        .select("html")
        .attr("lang")
        .map(|v| one_line(&v))
        .filter(|v| !v.is_empty())
        .or_else(|| content("meta[http-equiv='content-language' i]"))
        .or_else(|| content("meta[property='og:locale']").map(|l| l.replace('_', "-")));
    PageMeta {
        language,
        title,
        dates,
        author,
        outlet,
        url,
    }
}

/// Where the `<time>` of other stories stand: lists, asides, navigation, footers.
const ELSEWHERE: &str = "aside, nav, footer, li, [class*='related'], [class*='recommend'], \
    [class*='popular'], [class*='latest'], [class*='more-'], [class*='teaser'], [class*='card']";

/// The date of the page's `<time datetime>` elements: the one inside the article (`article`,
/// `main`, or marked `pubdate`), or else the one that all those outside lists, asides and
/// footers agree on.
fn time_element(doc: &Document) -> Option<MetaDate> {
    let written = |selector: &str| -> Vec<String> {
        doc.select(selector)
            .nodes()
            .iter()
            .filter(|t| !t.ancestors_it(None).any(|a| a.is(ELSEWHERE)))
            .filter_map(|t| t.attr("datetime").map(|v| one_line(&v)))
            .filter(|v| v.len() >= 10)
            .collect()
    };
    let inside = written("article time[datetime], main time[datetime], time[pubdate]");
    let all = written("time[datetime]");
    let day = |v: &String| v.get(..10).map(str::to_string);
    let chosen = match inside.first() {
        Some(first) => first.clone(),
        None => {
            let first = all.first()?;
            if !all.iter().all(|v| day(v) == day(first)) {
                return None;
            }
            first.clone()
        }
    };
    Some(MetaDate {
        written: chosen,
        what: "<time datetime>".into(),
    })
}

/// The article object of the page's JSON-LD: a `NewsArticle`, `Article`, `BlogPosting` or
/// kin, at the top, in an array or in an `@graph`.
fn json_ld(doc: &Document) -> Option<Value> {
    doc.select("script[type='application/ld+json']")
        .iter()
        .filter_map(|script| serde_json::from_str::<Value>(script.text().trim()).ok())
        .find_map(|value| find_object(&value, &is_article))
}

fn is_article(object: &serde_json::Map<String, Value>) -> bool {
    let types: Vec<&str> = match object.get("@type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    types
        .iter()
        .any(|t| t.ends_with("Article") || t.ends_with("BlogPosting") || *t == "Report")
}

/// The first object, depth first, that `wanted` accepts.
fn find_object(
    value: &Value,
    wanted: &dyn Fn(&serde_json::Map<String, Value>) -> bool,
) -> Option<Value> {
    match value {
        Value::Object(object) if wanted(object) => Some(value.clone()),
        Value::Object(object) => object.values().find_map(|v| find_object(v, wanted)),
        Value::Array(items) => items.iter().find_map(|v| find_object(v, wanted)),
        _ => None,
    }
}

/// A string value, cleaned.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(one_line(s)).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(text_of),
        _ => None,
    }
}

/// The name of an author or publisher: a string, an object's `name`, or the names of a list
/// joined with "and".
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(one_line(s)).filter(|s| !s.is_empty()),
        Value::Object(object) => object.get("name").and_then(text_of),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(" and "))
        }
        _ => None,
    }
}

/// "Headline | Site" taken apart at the last separator.
fn split_site(title: &str) -> Option<(&str, &str)> {
    [" | ", " - ", " – ", " — ", " :: "]
        .iter()
        .filter_map(|s| title.rfind(s).map(|at| (at, s.len())))
        .max()
        .map(|(at, len)| (title[..at].trim(), title[at + len..].trim()))
}

/// A title without the site's name after it ("Headline | Site"), when the tail is the site's
/// name or the head is the page's `<h1>`.
fn without_site(title: &str, site: Option<&str>, h1: Option<&str>) -> String {
    match split_site(title) {
        Some((head, tail))
            if site.is_some_and(|s| s.eq_ignore_ascii_case(tail)) || Some(head) == h1 =>
        {
            head.to_string()
        }
        _ => title.to_string(),
    }
}

/// What a JSON document holds: the metadata, and the article's body (text, or HTML).
pub(super) fn read_json(value: &Value) -> Option<(PageMeta, String)> {
    const BODIES: &[&str] = &["articleBody", "body", "content", "text", "html"];
    let long_body = |o: &serde_json::Map<String, Value>| {
        BODIES.iter().find_map(|k| {
            o.get(*k)
                .and_then(Value::as_str)
                .filter(|b| b.len() >= 40)
                .map(str::to_string)
        })
    };
    let object = find_object(value, &|o| long_body(o).is_some())?;
    let Value::Object(fields) = &object else {
        return None;
    };
    let body = long_body(fields)?;
    let get = |keys: &[&str]| keys.iter().find_map(|k| object.get(*k).and_then(text_of));
    let mut dates = Vec::new();
    for key in [
        "datePublished",
        "published_at",
        "publishedAt",
        "pubDate",
        "date",
        "published",
    ] {
        if let Some(written) = object.get(key).and_then(text_of) {
            dates.push(MetaDate {
                written,
                what: format!("JSON {key}"),
            });
        }
    }
    let name = |keys: &[&str]| keys.iter().find_map(|k| object.get(*k).and_then(name_of));
    let meta = PageMeta {
        title: get(&["headline", "title", "name"]),
        dates,
        author: name(&["author", "byline"]),
        outlet: name(&["publisher", "source", "site_name"]),
        url: get(&["url", "link", "canonical_url"]).filter(|u| u.starts_with("http")),
        language: get(&["language", "lang", "inLanguage"]),
    };
    Some((meta, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_ld_open_graph_and_the_canonical_url() {
        let doc = Document::from(
            r#"<html><head><title>Envoy in Doha | Ledger</title>
            <meta property="og:site_name" content="Ledger">
            <meta property="article:published_time" content="2023-10-19T18:20:00+03:00">
            <link rel="canonical" href="https://ledger.example/a">
            <script type="application/ld+json">{"@graph": [{"@type": "WebPage"},
              {"@type": "NewsArticle", "headline": "Envoy in Doha",
               "datePublished": "2023-10-19", "author": [{"name": "Rania Saad"}],
               "publisher": {"name": "Gulf Ledger"}}]}</script></head>
            <body><h1>Envoy in Doha</h1></body></html>"#,
        );
        let meta = read(&doc);
        assert_eq!(meta.title.as_deref(), Some("Envoy in Doha"));
        assert_eq!(meta.author.as_deref(), Some("Rania Saad"));
        assert_eq!(meta.outlet.as_deref(), Some("Gulf Ledger"));
        assert_eq!(meta.url.as_deref(), Some("https://ledger.example/a"));
        let whats: Vec<&str> = meta.dates.iter().map(|d| d.what.as_str()).collect();
        assert_eq!(
            whats,
            vec!["JSON-LD datePublished", "article:published_time"]
        );
    }

    #[test]
    fn the_title_loses_the_site_name_and_time_elements_must_agree() {
        let doc = Document::from(
            r#"<html><head><title>Lin Jian outlines aid - Eastern Wire</title></head><body>
            <h1>Lin Jian outlines aid</h1><time datetime="2024-03-12T09:00">Tuesday</time>
            </body></html>"#,
        );
        let meta = read(&doc);
        assert_eq!(meta.title.as_deref(), Some("Lin Jian outlines aid"));
        assert_eq!(meta.outlet.as_deref(), Some("Eastern Wire"));
        assert_eq!(meta.dates[0].written, "2024-03-12T09:00");
        let doc = Document::from(
            r#"<body><p><time datetime="2024-03-01">1</time></p>
            <p><time datetime="2024-02-01">2</time></p></body>"#,
        );
        assert!(read(&doc).dates.is_empty());
        let doc = Document::from(
            r#"<body><h1>A story</h1><aside><h2>Related</h2>
            <p><time datetime="2024-02-01">Feb 1</time></p></aside></body>"#,
        );
        assert!(read(&doc).dates.is_empty(), "the date of another story");
    }

    #[test]
    fn json_documents() {
        let value: Value = serde_json::from_str(
            r#"{"article": {"headline": "Wang Yi meets delegation",
              "datePublished": "2024-05-29T10:00:00Z", "publisher": {"name": "Orient Wire"},
              "articleBody": "Wang Yi met a delegation of the Arab League in Beijing."}}"#,
        )
        .unwrap();
        let (meta, body) = read_json(&value).unwrap();
        assert_eq!(meta.title.as_deref(), Some("Wang Yi meets delegation"));
        assert_eq!(meta.outlet.as_deref(), Some("Orient Wire"));
        assert!(body.starts_with("Wang Yi met"));
    }
}
