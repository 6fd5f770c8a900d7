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
use std::collections::HashMap;
use std::fs::File;
use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::{hand_on, Generator, Outcome, Output, OutputFile, Sink, SiteContext};
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
    /// largest file of the site, too large to make in memory first. A later build copies the
    /// records that did not change from the file the last one left (the store says where each
    /// lies there), and takes each other record it has made before from the store, so it reads
    /// only the bodies that changed.
    fn generate(&self, site: &SiteContext<'_>, sink: &mut dyn Sink) -> Result<(), Error> {
        let export = Export { site };
        // Each record hashed as it is shown, without its body (as the table shows it) and
        // with it, by the digest of its Markdown.
        let made: Vec<(BriefingRecord<'_>, u64, u64)> = (0..site.archive.briefings.len())
            .into_par_iter()
            .map(|ix| {
                let record = export.briefing(ix);
                let shown = crate::site::digest(&(RECORD_FORMAT, &record));
                let digest = crate::site::digest(&(shown, site.texts.markdown_digest(ix)));
                (record, shown, digest)
            })
            .collect();
        let table_digest =
            crate::site::digest(&made.iter().map(|(_, shown, _)| *shown).collect::<Vec<_>>());
        let (briefings, records): (Vec<BriefingRecord<'_>>, Vec<u64>) = made
            .into_iter()
            .map(|(record, _, digest)| (record, digest))
            .unzip();
        let digest = crate::site::digest(&records);
        let path = Path::new(BRIEFINGS_JSON);
        if site.previous.unchanged(path, digest) {
            site.store.touch(layout_key(digest));
            sink.keep(path, digest)?;
        } else {
            // The records that did not change are copied from the file the last build left.
            let last = site.previous.digest(path).and_then(|last| {
                let layout: Layout = site.store.get(layout_key(last))?;
                let file = sink.previous_file(path)?;
                let length = file.metadata().ok()?.len();
                (length == layout.length()).then_some((layout, file))
            });
            let mut failed = None;
            let mut layout = Layout::default();
            sink.written(path, Some(digest), &mut |out| {
                let mut splice = Splice::new(out, last.as_ref());
                for (ix, record) in briefings.iter().enumerate() {
                    if splice.copy(records[ix])? {
                        continue;
                    }
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
                    splice.write(records[ix], &fragment)?;
                }
                layout = splice.finish()?;
                Ok(())
            })
            .map_err(|e| failed.take().map_or(e, Error::invalid))?;
            site.store.put(layout_key(digest), &layout);
        }
        // The actors and the network, made in brief and written only when what they show
        // changed: a title or a summary changes neither.
        let actors: Vec<ActorRecord<'_>> = (0..site.archive.actors().len())
            .map(|ix| export.actor(ix))
            .collect();
        let actors = Outcome::of(
            site,
            ACTORS_JSON,
            crate::site::digest(&(RECORD_FORMAT, &actors)),
            || json_file(ACTORS_JSON, &actors).map(|file| file.bytes),
        )
        .map_err(Error::invalid)?;
        // The network's edges (every two actors that share a briefing, with the dates of the
        // first and last) follow from its nodes and the archive's shape: they are made only
        // when one of them changed.
        let nodes = export.nodes();
        let network = Outcome::of(
            site,
            NETWORK_JSON,
            crate::site::digest(&(RECORD_FORMAT, &nodes, site.archive.shape())),
            || {
                let network = Network {
                    edges: export.edges(),
                    nodes,
                };
                json_file(NETWORK_JSON, &network).map(|file| file.bytes)
            },
        )
        .map_err(Error::invalid)?;
        hand_on(vec![actors, network], sink)?;
        let table = Outcome::of(site, BRIEFINGS_CSV, table_digest, || {
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

#[derive(Serialize, Hash)]
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

#[derive(Serialize, Hash)]
struct RoleRecord<'a> {
    title: &'a str,
    organization: Option<&'a str>,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize, Hash)]
struct Network<'a> {
    nodes: Vec<Node<'a>>,
    edges: Vec<Edge<'a>>,
}

#[derive(Serialize, Hash)]
struct Node<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    envoy: bool,
    briefings: usize,
}

#[derive(Serialize, Hash)]
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

    /// Every actor, a node of the network.
    fn nodes(&self) -> Vec<Node<'a>> {
        let archive = self.site.archive;
        archive
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
            .collect()
    }

    /// An edge of the network for every two actors that share a briefing.
    fn edges(&self) -> Vec<Edge<'a>> {
        let archive = self.site.archive;
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
        edges
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

/// Where each record lies in a `briefings.json` the build wrote: the file is `[`, the records
/// each on lines of its own and separated by a comma, and `]`.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Layout {
    /// Each record's digest and length in bytes, in order.
    records: Vec<(u64, u64)>,
}

/// What opens and closes the list of records, and what stands between two.
const OPEN: &[u8] = b"[\n";
const CLOSE: &[u8] = b"\n]\n";
const BETWEEN: &[u8] = b",\n";
const EMPTY: &[u8] = b"[]\n";

impl Layout {
    /// The length of the file it describes.
    fn length(&self) -> u64 {
        if self.records.is_empty() {
            return EMPTY.len() as u64;
        }
        let records: u64 = self.records.iter().map(|&(_, length)| length).sum();
        let between = (self.records.len() as u64 - 1) * BETWEEN.len() as u64;
        OPEN.len() as u64 + records + between + CLOSE.len() as u64
    }

    /// Where each record lies in the file, by digest.
    fn places(&self) -> HashMap<u64, Range<u64>> {
        let mut start = OPEN.len() as u64;
        let mut places = HashMap::with_capacity(self.records.len());
        for &(record, length) in &self.records {
            places.insert(record, start..start + length);
            start += length + BETWEEN.len() as u64;
        }
        places
    }
}

/// The store's key for the layout of the `briefings.json` of this digest.
fn layout_key(digest: u64) -> u64 {
    crate::site::digest(&("briefings.json layout", RECORD_FORMAT, digest))
}

/// Writes `briefings.json` record by record, copying each record the last build's file holds
/// from there (a run of them at once) instead of writing it again.
struct Splice<'a> {
    out: &'a mut dyn Output,
    last: Option<(&'a File, HashMap<u64, Range<u64>>)>,
    /// The part of the last file still to copy.
    pending: Option<Range<u64>>,
    layout: Layout,
}

impl<'a> Splice<'a> {
    fn new(out: &'a mut dyn Output, last: Option<&'a (Layout, File)>) -> Splice<'a> {
        Splice {
            out,
            last: last.map(|(layout, file)| (file, layout.places())),
            pending: None,
            layout: Layout::default(),
        }
    }

    /// Copies the record of this digest from the last file; false where it has none.
    fn copy(&mut self, record: u64) -> std::io::Result<bool> {
        let Some(place) = self
            .last
            .as_ref()
            .and_then(|(_, places)| places.get(&record))
        else {
            return Ok(false);
        };
        let place = place.clone();
        self.layout.records.push((record, place.end - place.start));
        match &mut self.pending {
            // Right after the last record copied, in the last file as here: one copy.
            Some(pending) if pending.end + BETWEEN.len() as u64 == place.start => {
                pending.end = place.end;
            }
            _ => {
                self.flush()?;
                self.between()?;
                self.pending = Some(place);
            }
        }
        Ok(true)
    }

    /// Writes the record of this digest.
    fn write(&mut self, record: u64, fragment: &str) -> std::io::Result<()> {
        self.flush()?;
        self.layout.records.push((record, fragment.len() as u64));
        self.between()?;
        self.out.write_all(fragment.as_bytes())
    }

    /// Opens the list, or separates the next record from the last.
    fn between(&mut self) -> std::io::Result<()> {
        self.out.write_all(if self.layout.records.len() == 1 {
            OPEN
        } else {
            BETWEEN
        })
    }

    /// Copies what is pending of the last file.
    fn flush(&mut self) -> std::io::Result<()> {
        let (Some(range), Some((file, _))) = (self.pending.take(), &self.last) else {
            return Ok(());
        };
        self.out
            .copy_from(file, range.start, range.end - range.start)
    }

    /// Closes the list; the layout of what was written.
    fn finish(mut self) -> std::io::Result<Layout> {
        self.flush()?;
        self.out.write_all(if self.layout.records.is_empty() {
            EMPTY
        } else {
            CLOSE
        })?;
        Ok(self.layout)
    }
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
