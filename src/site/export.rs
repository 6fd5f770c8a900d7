//! The data export: the archive as files for other tools, under `data/`.
//!
//! - `briefings.json`: every briefing with its front matter, URL, Markdown body and files;
//! - `actors.json`: every actor, with roles, counts and the dates of their first and last briefing;
//! - `network.json`: the co-occurrence network of actors (nodes, and weighted edges with the
//!   dates of the first and last briefing a pair shares);
//! - `briefings.csv`: one row per briefing, for spreadsheets.
//!
//! The README documents every field. Output is deterministic: briefings in the archive's
//! chronological order, actors and nodes by id, edges by their two ids. Ids are the briefing
//! slugs and actor ids the site's URLs use.

use std::borrow::Cow;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::{hand_on, Generator, Outcome, OutputFile, Sink, SiteContext};
use crate::error::{Diagnostic, Error};
use crate::media;
use crate::model::{ActorIx, Briefing, BriefingIx, Source};
use crate::routes::{Page, ACTORS_JSON, BRIEFINGS_CSV, BRIEFINGS_JSON, NETWORK_JSON};

/// The layout of a briefing's record as the store keeps it.
const RECORD_FORMAT: u32 = 2;

/// What joins the several values of one CSV cell.
const CSV_LIST_SEPARATOR: &str = ";";

/// The data export.
pub(crate) struct Data;

impl Generator for Data {
    fn name(&self) -> &'static str {
        "data"
    }

    /// `briefings.json` is written into its file as it goes: with every body in it, it is the
    /// largest file of the site, too large to make in memory first. Each briefing's record is
    /// kept in the store, so a later build writes the file again from the records without
    /// reading the bodies that did not change.
    fn generate(&self, site: &SiteContext<'_>, sink: &mut dyn Sink) -> Result<(), Error> {
        let export = Export { site };
        let briefings = export.briefings();
        // Each record hashed as it is shown, its body by the digest of its Markdown.
        let records: Vec<u64> = briefings
            .iter()
            .enumerate()
            .map(|(ix, record)| {
                crate::site::digest(&(RECORD_FORMAT, record, site.texts.markdown_digest(ix)))
            })
            .collect();
        let digest = crate::site::digest(&records);
        let path = Path::new(BRIEFINGS_JSON);
        if site.previous.unchanged(path, digest) {
            sink.keep(path, digest)?;
        } else {
            let mut failed = None;
            sink.written(path, Some(digest), &mut |out| {
                out.write_all(if briefings.is_empty() { b"[]" } else { b"[\n" })?;
                for (ix, record) in briefings.iter().enumerate() {
                    let fragment = match site.store.get::<String>(records[ix]) {
                        Some(fragment) => fragment,
                        None => {
                            let path = &site.archive.briefings[ix].path;
                            let body = site.texts.markdown(ix, path).map_err(|d| {
                                failed = Some(d);
                                std::io::Error::other("a body could not be read")
                            })?;
                            let fragment = json_fragment(&BriefingRecord {
                                body: body.clone(),
                                ..record.clone()
                            })?;
                            site.store.put(records[ix], &fragment);
                            fragment
                        }
                    };
                    if ix > 0 {
                        out.write_all(b",\n")?;
                    }
                    out.write_all(fragment.as_bytes())?;
                }
                out.write_all(if briefings.is_empty() {
                    b"\n"
                } else {
                    b"\n]\n"
                })
            })
            .map_err(|e| failed.take().map_or(e, Error::invalid))?;
        }
        let actors: Vec<ActorRecord<'_>> = (0..site.archive.actors().len())
            .map(|ix| export.actor(ix))
            .collect();
        let files = [
            json_file(ACTORS_JSON, &actors),
            json_file(NETWORK_JSON, &export.network()),
        ];
        sink.files(
            files
                .into_iter()
                .collect::<Result<_, _>>()
                .map_err(Error::invalid)?,
        )?;
        let table = Outcome::of(site, BRIEFINGS_CSV, crate::site::digest(&records), || {
            csv_file(BRIEFINGS_CSV, &briefings).map(|file| file.bytes)
        })
        .map_err(Error::invalid)?;
        hand_on(vec![table], sink)
    }
}

#[derive(Serialize, Clone, Hash)]
struct BriefingRecord<'a> {
    slug: &'a str,
    title: &'a str,
    date: String,
    summary: Option<&'a str>,
    actors: Vec<&'a str>,
    tags: Vec<TagRecord<'a>>,
    places: &'a [String],
    sources: Vec<SourceRecord<'a>>,
    url: String,
    /// The Markdown: empty but in the record as written to the file.
    body: Cow<'a, str>,
    attachments: Vec<FileRecord<'a>>,
    /// In an archive of several languages: the language of its text, and every language its
    /// event is written in.
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    languages: &'a [String],
}

#[derive(Serialize, Clone, Hash)]
struct FileRecord<'a> {
    name: &'a str,
    url: String,
    size: u64,
    #[serde(rename = "type")]
    media_type: &'static str,
}

#[derive(Serialize, Clone, Hash)]
struct TagRecord<'a> {
    name: &'a str,
    slug: &'a str,
}

#[derive(Serialize, Clone, Hash)]
struct SourceRecord<'a> {
    outlet: Option<&'a str>,
    author: Option<&'a str>,
    title: Option<&'a str>,
    url: Option<&'a str>,
    date: Option<String>,
    archived: Option<String>,
}

#[derive(Serialize)]
struct ActorRecord<'a> {
    id: &'a str,
    name: &'a str,
    aliases: &'a [String],
    kind: &'static str,
    country: Option<&'a str>,
    role: Option<&'a str>,
    roles: Vec<RoleRecord<'a>>,
    envoy: bool,
    briefings: usize,
    first: Option<String>,
    last: Option<String>,
    url: String,
}

#[derive(Serialize)]
struct RoleRecord<'a> {
    title: &'a str,
    organization: Option<&'a str>,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
struct Network<'a> {
    nodes: Vec<Node<'a>>,
    edges: Vec<Edge<'a>>,
}

#[derive(Serialize)]
struct Node<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    envoy: bool,
    briefings: usize,
}

#[derive(Serialize)]
struct Edge<'a> {
    source: &'a str,
    target: &'a str,
    weight: usize,
    first: Option<String>,
    last: Option<String>,
}

/// The records of the export, borrowed from the site.
struct Export<'s, 'a> {
    site: &'s SiteContext<'a>,
}

impl<'a> Export<'_, 'a> {
    fn briefings(&self) -> Vec<BriefingRecord<'a>> {
        (0..self.site.archive.briefings.len())
            .map(|ix| self.briefing(ix))
            .collect()
    }

    fn briefing(&self, ix: BriefingIx) -> BriefingRecord<'a> {
        let archive = self.site.archive;
        let b = &archive.briefings[ix];
        BriefingRecord {
            slug: &b.slug,
            title: &b.title,
            date: iso(b.date),
            summary: b.summary.as_deref(),
            actors: b
                .actors
                .iter()
                .map(|&a| archive.actor(a).id.as_str())
                .collect(),
            tags: archive.briefing_tags[ix]
                .iter()
                .map(|&t| TagRecord {
                    name: &archive.tags[t].name,
                    slug: &archive.tags[t].slug,
                })
                .collect(),
            places: &b.places,
            sources: b.sources.iter().map(|s| self.source(b, s)).collect(),
            url: self.site.routes.url(&Page::Briefing(&b.slug)),
            body: Cow::Borrowed(""),
            attachments: b
                .attachments
                .iter()
                .map(|a| FileRecord {
                    name: a.name(),
                    url: self.file_url(b, a.name()),
                    size: a.file.size,
                    media_type: media::kind(a.name()).media_type,
                })
                .collect(),
            language: b
                .language
                .as_deref()
                .filter(|_| self.site.config.is_multilingual()),
            languages: &b.versions,
        }
    }

    /// The address of the file `name` of `b`'s bundle, from the site root.
    fn file_url(&self, b: &Briefing, name: &str) -> String {
        self.site
            .routes
            .attachment_url(&Page::Briefing(&b.slug), name)
    }

    fn source(&self, b: &'a Briefing, s: &'a Source) -> SourceRecord<'a> {
        SourceRecord {
            outlet: s.outlet.as_deref(),
            author: s.author.as_deref(),
            title: s.title.as_deref(),
            url: s.url.as_deref(),
            date: s.date.map(iso),
            archived: s.archived.as_ref().map(|a| self.file_url(b, &a.name)),
        }
    }

    fn actor(&self, ix: ActorIx) -> ActorRecord<'a> {
        let archive = self.site.archive;
        let a = archive.actor(ix);
        let (first, last) = self.span(&archive.by_actor[ix]);
        ActorRecord {
            id: &a.id,
            name: &a.name,
            aliases: &a.aliases,
            kind: a.kind.name(),
            country: a.country.as_deref(),
            role: a.role.as_deref(),
            roles: a
                .roles
                .iter()
                .map(|r| RoleRecord {
                    title: &r.title,
                    organization: r.organization.as_deref(),
                    from: r.from.map(iso),
                    to: r.to.map(iso),
                })
                .collect(),
            envoy: a.envoy,
            briefings: archive.by_actor[ix].len(),
            first,
            last,
            url: self.site.routes.url(&Page::Actor(&a.id)),
        }
    }

    /// Every actor, and an edge for every two actors that share a briefing.
    fn network(&self) -> Network<'a> {
        let archive = self.site.archive;
        let nodes = archive
            .actors()
            .iter()
            .enumerate()
            .map(|(ix, a)| Node {
                id: &a.id,
                name: &a.name,
                kind: a.kind.name(),
                envoy: a.envoy,
                briefings: archive.by_actor[ix].len(),
            })
            .collect();
        let mut edges: Vec<Edge<'a>> = Vec::new();
        for (a, co) in archive.co_actors.iter().enumerate() {
            for &(b, weight) in co {
                let (source, target) = (&archive.actor(a).id, &archive.actor(b).id);
                if source < target {
                    let (first, last) = self.span(&archive.together(a, b));
                    edges.push(Edge {
                        source,
                        target,
                        weight,
                        first,
                        last,
                    });
                }
            }
        }
        edges.sort_by(|x, y| (x.source, x.target).cmp(&(y.source, y.target)));
        Network { nodes, edges }
    }

    /// The dates of the first and last of `briefings` (in chronological order).
    fn span(&self, briefings: &[BriefingIx]) -> (Option<String>, Option<String>) {
        let date = |ix: &BriefingIx| iso(self.site.archive.briefings[*ix].date);
        (briefings.first().map(date), briefings.last().map(date))
    }
}

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A record as an element of the top-level array of a pretty JSON file: what
/// `serde_json::to_writer_pretty` writes for it there, every line indented once.
fn json_fragment(record: &impl Serialize) -> std::io::Result<String> {
    let alone = serde_json::to_string_pretty(record).map_err(std::io::Error::other)?;
    let mut fragment = String::with_capacity(alone.len() + alone.len() / 16);
    for (n, line) in alone.lines().enumerate() {
        if n > 0 {
            fragment.push('\n');
        }
        fragment.push_str("  ");
        fragment.push_str(line);
    }
    Ok(fragment)
}

fn json_file(path: &str, value: &impl Serialize) -> Result<OutputFile, Diagnostic> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| Diagnostic::error(path, format!("cannot write the data file: {e}")))?;
    bytes.push(b'\n');
    Ok(OutputFile::new(path, bytes))
}

/// One row per briefing: date, slug, title, actors, tags, places, url.
fn csv_file(path: &str, briefings: &[BriefingRecord<'_>]) -> Result<OutputFile, Diagnostic> {
    let failed = |e: &dyn std::fmt::Display| {
        Diagnostic::error(path, format!("cannot write the data file: {e}"))
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["date", "slug", "title", "actors", "tags", "places", "url"])
        .map_err(|e| failed(&e))?;
    for b in briefings {
        let tags: Vec<&str> = b.tags.iter().map(|t| t.slug).collect();
        writer
            .write_record([
                b.date.as_str(),
                b.slug,
                b.title,
                &b.actors.join(CSV_LIST_SEPARATOR),
                &tags.join(CSV_LIST_SEPARATOR),
                &b.places.join(CSV_LIST_SEPARATOR),
                &b.url,
            ])
            .map_err(|e| failed(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| failed(&e))?;
    Ok(OutputFile::new(path, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_join_into_what_serde_writes() {
        #[derive(Serialize)]
        struct R {
            a: &'static str,
            b: Vec<u32>,
            c: Vec<u32>,
            d: Option<u32>,
        }
        let records = [
            R {
                a: "x\ny \"z\"",
                b: vec![1, 2],
                c: vec![],
                d: None,
            },
            R {
                a: "",
                b: vec![],
                c: vec![3],
                d: Some(4),
            },
        ];
        let mut joined = String::from("[\n");
        for (n, r) in records.iter().enumerate() {
            if n > 0 {
                joined.push_str(",\n");
            }
            joined.push_str(&json_fragment(r).unwrap());
        }
        joined.push_str("\n]");
        assert_eq!(joined, serde_json::to_string_pretty(&records).unwrap());
        let none: [R; 0] = [];
        assert_eq!(serde_json::to_string_pretty(&none).unwrap(), "[]");
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let places = vec!["Doha, Qatar".to_string()];
        let record = BriefingRecord {
            slug: "a",
            title: "He said \"no\"",
            date: "2023-10-10".into(),
            summary: None,
            actors: vec!["x", "y"],
            tags: vec![TagRecord {
                name: "Gaza",
                slug: "gaza",
            }],
            places: &places,
            sources: Vec::new(),
            url: "briefings/a/".into(),
            body: Cow::Borrowed(""),
            attachments: Vec::new(),
            language: None,
            languages: &[],
        };
        let file = csv_file(BRIEFINGS_CSV, &[record]).unwrap();
        assert_eq!(
            String::from_utf8(file.bytes).unwrap(),
            "date,slug,title,actors,tags,places,url\n\
             2023-10-10,a,\"He said \"\"no\"\"\",x;y,gaza,\"Doha, Qatar\",briefings/a/\n"
        );
    }
}
