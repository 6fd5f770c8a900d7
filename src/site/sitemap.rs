//! sitemap.xml (sitemaps.org protocol 0.9) and a robots.txt that points crawlers to it.
//!
//! A sitemap lists absolute addresses, so both files are written only when config.toml sets
//! `base_url`. Every HTML page of the site is listed except the 404 page; `lastmod` is the
//! date of the newest briefing the page shows, and is left out where a page shows none. Past
//! [`SITEMAP_LIMIT`] pages, sitemap.xml becomes an index of numbered sitemaps.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::{Generator, OutputFile, Sink, SiteContext};
use crate::error::{Diagnostic, Error};
use crate::model::{Archive, BriefingIx};
use crate::routes::{self, absolute, Page, Routes, ROBOTS, SITEMAP};

const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
/// The most addresses one sitemap may hold.
const SITEMAP_LIMIT: usize = 50_000;
/// How the sitemaps are written: a change takes a new number, so no file written otherwise is
/// kept.
const FORMAT: u32 = 1;

const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// One address of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    loc: String,
    lastmod: Option<NaiveDate>,
    /// The same page in every language of the archive (with `x-default`, the default's), as
    /// language tag and address; none in an archive of one language.
    alternates: Vec<(String, String)>,
}

/// sitemap.xml (with its parts, past the limit) and robots.txt, listing every page but the
/// 404 page (served at any address) and the theme's static HTML files; nothing without a
/// base_url.
pub(crate) struct Sitemap;

impl Generator for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn generate(&self, site: &SiteContext<'_>, sink: &mut dyn Sink) -> Result<(), Error> {
        let Some(base) = &site.config.base_url else {
            return Ok(());
        };
        let routes = site.routes;
        let config = site.config;
        let pages = super::pages::all_pages(site.archive, site.texts);
        // What the sitemaps show follows from the pages there are, the dates of the briefings
        // each lists, the settings and the theme's pages: where none of them changed, they
        // stay as they are. A title or a name changes none of them.
        let statics: Vec<&PathBuf> = site
            .theme
            .statics
            .keys()
            .filter(|path| path.extension().is_some_and(|e| e == "html"))
            .collect();
        let digest = super::digest(&(
            FORMAT,
            format!("{config:?}"),
            routes.offline,
            site.archive.shape(),
            &pages,
            &statics,
        ));
        // Every page but the 404 page, which stands for no address of its own.
        let listed: Vec<&Page<'_>> = pages.iter().filter(|p| **p != Page::NotFound).collect();
        let entries = listed.len() + statics.len();
        let mut paths = vec![PathBuf::from(SITEMAP)];
        if entries > SITEMAP_LIMIT {
            paths.extend(
                (1..=entries.div_ceil(SITEMAP_LIMIT))
                    .map(|n| PathBuf::from(routes::sitemap_part(n))),
            );
        }
        let at_root = config.language_folder(&config.language).is_none();
        if at_root {
            paths.push(PathBuf::from(ROBOTS));
        }
        if paths
            .iter()
            .all(|path| site.previous.unchanged(path, digest))
        {
            for path in &paths {
                sink.keep(path, digest)?;
            }
            return Ok(());
        }
        // Every language's pages are the same but for those listing what the texts say.
        let in_every_language =
            |page: &Page<'_>| config.is_multilingual() && !routes::lists_texts(page);
        let alternates = |path: &std::path::Path| -> Vec<(String, String)> {
            let Some(root) = &config.site_url else {
                return Vec::new();
            };
            let address = |tag: &str| {
                let folder = config.language_folder(tag);
                routes::public_in_language(root, folder.as_deref(), &routes.file_url(path))
            };
            let mut list: Vec<(String, String)> = config
                .languages
                .iter()
                .map(|l| (l.tag.clone(), address(&l.tag)))
                .collect();
            list.push(("x-default".into(), address(config.default_language())));
            list
        };
        let dates = page_dates(site.archive, routes);
        let paths = listed
            .iter()
            .map(|page| (routes.output_path(page), in_every_language(page)))
            .chain(statics.iter().map(|path| ((*path).clone(), false)));
        let mut entries: Vec<Entry> = paths
            .map(|(path, shared)| Entry {
                loc: absolute(base, &routes.file_url(&path)),
                lastmod: dates.get(&path).copied(),
                alternates: if shared {
                    alternates(&path)
                } else {
                    Vec::new()
                },
            })
            .collect();
        entries.sort_by(|a, b| a.loc.cmp(&b.loc));
        let mut out = sitemaps(base, &entries, SITEMAP_LIMIT).map_err(Error::invalid)?;
        // robots.txt is read at the root only: the default language's names every sitemap.
        if at_root {
            let sitemaps: Vec<String> = config
                .languages
                .iter()
                .map(|l| {
                    let folder = config.language_folder(&l.tag);
                    routes::public_in_language(base, folder.as_deref(), SITEMAP)
                })
                .collect();
            out.push(OutputFile::new(
                ROBOTS,
                robots(base, &sitemaps).into_bytes(),
            ));
        }
        sink.files(
            out.into_iter()
                .map(|file| file.with_digest(digest))
                .collect(),
        )
    }
}

/// sitemap.xml with every entry, or past `limit` entries an index of numbered sitemaps.
fn sitemaps(
    base: &url::Url,
    entries: &[Entry],
    limit: usize,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut out = Vec::new();
    if entries.len() <= limit {
        out.push(xml_file(SITEMAP, |w| urlset(w, entries))?);
    } else {
        let mut parts = Vec::new();
        for (n, chunk) in entries.chunks(limit).enumerate() {
            let name = routes::sitemap_part(n + 1);
            parts.push(Entry {
                loc: absolute(base, &name),
                lastmod: chunk.iter().filter_map(|e| e.lastmod).max(),
                alternates: Vec::new(),
            });
            out.push(xml_file(&name, |w| urlset(w, chunk))?);
        }
        out.insert(0, xml_file(SITEMAP, |w| sitemap_index(w, &parts))?);
    }
    Ok(out)
}

/// For each page the model knows, the date of the newest briefing it shows.
fn page_dates(archive: &Archive, routes: &Routes) -> HashMap<PathBuf, NaiveDate> {
    let newest = |list: &[BriefingIx]| list.last().map(|&ix| archive.briefings[ix].date);
    let mut dates: Vec<(Page<'_>, Option<NaiveDate>)> = Vec::new();
    let overall = archive.briefings.last().map(|b| b.date);
    for page in [
        Page::Home,
        Page::Chronology,
        Page::Tags,
        Page::Actors,
        Page::Envoys,
    ] {
        dates.push((page, overall));
    }
    // Months come in order, and a later entry replaces an earlier one: a year gets the date
    // of its last month.
    for month in &archive.months {
        dates.push((Page::Year(month.year), newest(&month.briefings)));
    }
    for briefing in &archive.briefings {
        dates.push((Page::Briefing(&briefing.slug), Some(briefing.date)));
    }
    for tag in &archive.tags {
        dates.push((Page::Tag(&tag.slug), newest(&tag.briefings)));
    }
    for (ix, actor) in archive.actors().iter().enumerate() {
        let last = newest(&archive.by_actor[ix]);
        dates.push((Page::Actor(&actor.id), last));
        if actor.envoy {
            dates.push((Page::Envoy(&actor.id), last));
        }
    }
    for (a, b) in archive.encounter_pairs() {
        let page = Page::Encounter(&archive.actor(a).id, &archive.actor(b).id);
        dates.push((page, newest(&archive.together(a, b))));
    }
    dates
        .into_iter()
        .filter_map(|(page, date)| Some((routes.output_path(&page), date?)))
        .collect()
}

type XmlWriter = Writer<Vec<u8>>;

fn xml_file(
    name: &str,
    body: impl FnOnce(&mut XmlWriter) -> std::io::Result<()>,
) -> Result<OutputFile, Diagnostic> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|()| body(&mut writer))
        .map_err(|e| Diagnostic::error(name, format!("cannot write the sitemap: {e}")))?;
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    Ok(OutputFile::new(name, bytes))
}

fn urlset(writer: &mut XmlWriter, entries: &[Entry]) -> std::io::Result<()> {
    let mut set = writer
        .create_element("urlset")
        .with_attribute(("xmlns", NAMESPACE));
    if entries.iter().any(|e| !e.alternates.is_empty()) {
        set = set.with_attribute(("xmlns:xhtml", XHTML));
    }
    set.write_inner_content(|w| entries.iter().try_for_each(|e| entry(w, "url", e)))?;
    Ok(())
}

fn sitemap_index(writer: &mut XmlWriter, parts: &[Entry]) -> std::io::Result<()> {
    writer
        .create_element("sitemapindex")
        .with_attribute(("xmlns", NAMESPACE))
        .write_inner_content(|w| parts.iter().try_for_each(|e| entry(w, "sitemap", e)))?;
    Ok(())
}

fn entry(writer: &mut XmlWriter, element: &str, entry: &Entry) -> std::io::Result<()> {
    writer.create_element(element).write_inner_content(|w| {
        w.create_element("loc")
            .write_text_content(BytesText::new(&entry.loc))?;
        if let Some(date) = entry.lastmod {
            w.create_element("lastmod")
                .write_text_content(BytesText::new(&date.format("%Y-%m-%d").to_string()))?;
        }
        for (tag, href) in &entry.alternates {
            w.create_element("xhtml:link")
                .with_attribute(("rel", "alternate"))
                .with_attribute(("hreflang", tag.as_str()))
                .with_attribute(("href", href.as_str()))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

/// robots.txt: everything may be crawled; here are the sitemaps (one per language).
fn robots(base: &url::Url, sitemaps: &[String]) -> String {
    let mut text = String::new();
    if base.path() != "/" {
        text.push_str(
            "# Crawlers read robots.txt only at the root of a domain. This site lives under a\n\
             # sub-path: copy the Sitemap lines below into the domain's own robots.txt.\n",
        );
    }
    text.push_str("User-agent: *\nDisallow:\n\n");
    for sitemap in sitemaps {
        text.push_str(&format!("Sitemap: {sitemap}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_names_the_sitemap_and_warns_under_a_sub_path() {
        let root = url::Url::parse("https://example.org/").unwrap();
        let one = ["https://example.org/sitemap.xml".to_string()];
        assert_eq!(
            robots(&root, &one),
            "User-agent: *\nDisallow:\n\nSitemap: https://example.org/sitemap.xml\n"
        );
        let sub = url::Url::parse("https://example.org/a/").unwrap();
        let two = [
            "https://example.org/a/sitemap.xml".to_string(),
            "https://example.org/a/zh/sitemap.xml".to_string(),
        ];
        assert!(robots(&sub, &two).starts_with("# Crawlers"));
        assert!(robots(&sub, &two).ends_with(
            "Sitemap: https://example.org/a/sitemap.xml\nSitemap: https://example.org/a/zh/sitemap.xml\n"
        ));
    }

    #[test]
    fn past_the_limit_the_sitemap_is_an_index() {
        let base = url::Url::parse("https://example.org/a/").unwrap();
        let entry = |n: u32| Entry {
            loc: format!("https://example.org/a/{n}/"),
            lastmod: NaiveDate::from_ymd_opt(2023, 10, n),
            alternates: Vec::new(),
        };
        let entries: Vec<Entry> = (1..=3).map(entry).collect();
        assert_eq!(sitemaps(&base, &entries, 3).unwrap().len(), 1);
        let files = sitemaps(&base, &entries, 2).unwrap();
        let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]);
        let index = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(index.contains(
            "<loc>https://example.org/a/sitemap-1.xml</loc>\n    <lastmod>2023-10-02</lastmod>"
        ));
        let last = String::from_utf8(files[2].bytes.clone()).unwrap();
        assert!(
            last.contains("<loc>https://example.org/a/3/</loc>"),
            "{last}"
        );
    }

    #[test]
    fn entries_are_escaped() {
        let entries = [Entry {
            loc: "https://example.org/?a=1&b=<2>".into(),
            lastmod: NaiveDate::from_ymd_opt(2023, 10, 10),
            alternates: vec![("zh".into(), "https://example.org/zh/?a=1".into())],
        }];
        let file = xml_file(SITEMAP, |w| urlset(w, &entries)).unwrap();
        let text = String::from_utf8(file.bytes).unwrap();
        assert!(text.contains("<loc>https://example.org/?a=1&amp;b=&lt;2&gt;</loc>"));
        assert!(text.contains("<lastmod>2023-10-10</lastmod>"));
        assert!(
            text.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""),
            "{text}"
        );
        assert!(text.contains(
            "<xhtml:link rel=\"alternate\" hreflang=\"zh\" href=\"https://example.org/zh/?a=1\"/>"
        ), "{text}");
    }
}
