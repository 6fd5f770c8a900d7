//! `dossier check`: the build's own stages, run into memory instead of the output folder, with
//! the checks a build makes before it puts files in place, then two passes over what they
//! made: `audit` warns where a briefing's text names an actor its front matter does not list
//! and where no briefing names an actor; `links` checks every internal link and anchor of the
//! rendered pages. `summary` says what was found, at any size.
//!
//! A check keeps what it read of each page (its links and ids, under the digest of what the
//! page was made from) in the archive's cache, so the next one renders and reads again only
//! the pages a change can affect, and a check of unchanged inputs renders nothing.

mod audit;
mod links;
mod summary;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::build::{describe_timings, identity, make_site, read_inputs, Options, Stages};
use crate::cache;
use crate::error::{Diagnostic, Error};
use crate::path_key::PathKey;
use crate::site::{Memo, OutputFile, Previous, Sink, WriteFile};
use crate::write::{check_place, Claims, Ownership};

use links::Scan;
pub use summary::Shown;

/// What kind of problem a finding is, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    /// A problem the build itself reports.
    Build,
    /// A link or anchor that leads nowhere.
    BrokenLink,
    /// A link written from the domain root.
    RootLink,
    /// A body names a registered actor its front matter does not list.
    UnlistedActor,
    /// No briefing names an actor.
    UnnamedActor,
}

impl Kind {
    /// What the summary calls findings of this kind.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Build => "build problems",
            Kind::BrokenLink => "broken links",
            Kind::RootLink => "links from the domain root",
            Kind::UnlistedActor => "actors named in a text but not listed",
            Kind::UnnamedActor => "actors no briefing names",
        }
    }

    /// Its name in `--format json`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Build => "build",
            Kind::BrokenLink => "broken-link",
            Kind::RootLink => "root-link",
            Kind::UnlistedActor => "unlisted-actor",
            Kind::UnnamedActor => "unnamed-actor",
        }
    }
}

/// An actor a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// One problem `check` found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: Kind,
    /// The actor it is about, for the actors most often named but not listed.
    pub actor: Option<Named>,
    pub diagnostic: Diagnostic,
}

impl Finding {
    fn new(kind: Kind, diagnostic: Diagnostic) -> Finding {
        Finding {
            kind,
            actor: None,
            diagnostic,
        }
    }
}

/// What `check` found in an archive that builds.
#[derive(Debug)]
pub struct CheckReport {
    pub briefings: usize,
    pub pages: usize,
    /// Pages rendered and read by this check (the others were as the last check left them).
    pub rendered: usize,
    /// Problems of the build, the texts and the rendered links, errors first.
    pub findings: Vec<Finding>,
    /// How long each stage took.
    pub timings: Vec<(&'static str, Duration)>,
}

impl CheckReport {
    /// Every problem found, as diagnostics.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.findings.iter().map(|f| &f.diagnostic)
    }

    pub fn errors(&self) -> usize {
        self.diagnostics().filter(|d| d.is_error()).count()
    }

    /// The time each stage took, in one line.
    pub fn timings(&self) -> String {
        describe_timings(&self.timings)
    }
}

/// A file of the site: its path, the file it is a copy of, the digest it was made from.
type Placed = (PathBuf, Option<PathBuf>, Option<u64>);

/// What one check leaves for the next.
#[derive(Debug, Default, Serialize, Deserialize)]
struct LastCheck {
    fingerprint: Option<String>,
    memo: Memo,
    briefings: usize,
    /// Every file of the site, with the file it is a copy of and the digest it was made from.
    files: Vec<Placed>,
    /// The links and ids of every page.
    pages: HashMap<PathBuf, Scan>,
    findings: Vec<Finding>,
}

/// `check`'s sink: the files made, in memory, and the paths of the files kept.
#[derive(Default)]
struct Checked {
    made: Vec<OutputFile>,
    kept: Vec<(PathBuf, u64)>,
}

impl Sink for Checked {
    fn files(&mut self, files: Vec<OutputFile>) -> Result<(), Error> {
        self.made.extend(files);
        Ok(())
    }

    fn keep(&mut self, path: &Path, digest: u64) -> Result<(), Error> {
        self.kept.push((path.to_path_buf(), digest));
        Ok(())
    }

    /// Only pages are read for their links: a large file that is not one (the data export's
    /// `briefings.json`) is written nowhere, though what goes wrong in making it counts.
    fn written(
        &mut self,
        path: &Path,
        digest: Option<u64>,
        write: &mut WriteFile<'_>,
    ) -> Result<(), Error> {
        if links::is_page(path) {
            return self.made.written(path, digest, write);
        }
        write(&mut std::io::sink()).map_err(|e| Error::output("write", path, e))?;
        self.made.push(OutputFile {
            digest,
            ..OutputFile::new(path, Vec::new())
        });
        Ok(())
    }
}

/// Validates the archive and the links of the rendered pages. It writes nothing but its own
/// record in the archive's cache.
pub fn check(options: &Options) -> Result<CheckReport, Error> {
    let mut stages = Stages::new(&|_| {});
    let inputs = read_inputs(options, &mut stages)?;
    let root = inputs.root();
    let program = identity(options);
    let fingerprint = inputs.fingerprint(options);
    let mut last: LastCheck = cache::last_check(&root, &program).unwrap_or_default();
    let output_dir = inputs.output_dir();
    stages.start("compare");
    if fingerprint.is_some() && last.fingerprint == fingerprint {
        // Nothing the site is made from changed: what the last check found stands, but the
        // output folder may have changed since.
        check_places(&output_dir, &last.files)?;
        return Ok(CheckReport {
            briefings: last.briefings,
            pages: last.pages.len(),
            rendered: 0,
            findings: last.findings,
            timings: stages.timings(),
        });
    }
    let previous = Previous::new(
        last.files
            .iter()
            .filter_map(|(path, _, digest)| Some((PathKey::from(path.as_path()), (*digest)?)))
            .collect(),
        std::mem::take(&mut last.memo),
    );
    let store = cache::store(&root);
    let made = make_site(
        inputs,
        options,
        &mut stages,
        true,
        &previous,
        &store,
        &mut |_| Ok(Checked::default()),
    )?;
    stages.start("places");
    let sink = &made.sink;
    // The files must be able to take their places, in the output folder as it stands, as
    // a build would insist.
    let mut claims = Claims::default();
    claims.claim_all(&sink.made).map_err(Error::invalid)?;
    let origins: HashMap<&Path, &Path> = last
        .files
        .iter()
        .filter_map(|(path, origin, _)| Some((path.as_path(), origin.as_deref()?)))
        .collect();
    let kept: Vec<Placed> = sink
        .kept
        .iter()
        .map(|(path, digest)| {
            let origin = origins.get(path.as_path()).map(|o| o.to_path_buf());
            (path.clone(), origin, Some(*digest))
        })
        .collect();
    for (path, origin, _) in &kept {
        claims
            .claim(path, origin.as_deref())
            .map_err(Error::invalid)?;
    }
    let files: Vec<Placed> = sink
        .made
        .iter()
        .map(|f| (f.path.clone(), f.origin.clone(), f.digest))
        .chain(kept)
        .collect();
    check_places(&made.config.output_dir, &files)?;
    // What was learned is kept only for an archive that builds: a failed check changes nothing.
    // A cache that cannot be saved costs the next check its shortcuts, nothing more: it is
    // said once, at the end.
    let mut kept_state = vec![
        cache::save_known(&made.config.root, &made.known),
        store.save(),
    ];

    stages.start("links");
    // A kept page reads as it did; a page made now is read.
    let mut last_pages = last.pages;
    let mut pages: HashMap<PathBuf, Scan> = sink
        .kept
        .iter()
        .filter(|(path, _)| links::is_page(path))
        .filter_map(|(path, _)| Some((path.clone(), last_pages.remove(path)?)))
        .collect();
    let read: Vec<(PathBuf, Scan)> = sink
        .made
        .par_iter()
        .filter(|f| links::is_page(&f.path))
        .map(|f| (f.path.clone(), links::scan(&f.bytes)))
        .collect();
    let rendered = read.len();
    let existing: HashSet<&Path> = files.iter().map(|(p, _, _)| p.as_path()).collect();
    // Where the site has the same files as at the last check and no page made now changed
    // its ids, a kept page's links lead where they led: its findings stand, and only the
    // pages made now are checked.
    let same_files = last.files.len() == existing.len()
        && last
            .files
            .iter()
            .all(|(path, _, _)| existing.contains(path.as_path()));
    let same_ids = read
        .iter()
        .all(|(path, scan)| last_pages.get(path).is_some_and(|was| was.ids == scan.ids));
    let made_paths: Vec<PathBuf> = read.iter().map(|(path, _)| path.clone()).collect();
    pages.extend(read);
    let made_now: HashSet<&Path> = made_paths.iter().map(PathBuf::as_path).collect();
    let (kept_links, only): (Vec<Finding>, Option<&HashSet<&Path>>) = if same_files && same_ids {
        let stand = last
            .findings
            .iter()
            .filter(|f| matches!(f.kind, Kind::BrokenLink | Kind::RootLink))
            .filter(|f| !made_now.contains(f.diagnostic.path.as_path()))
            .cloned()
            .collect();
        (stand, Some(&made_now))
    } else {
        (Vec::new(), None)
    };

    stages.start("audit");
    let mut findings: Vec<Finding> = made
        .warnings
        .iter()
        .cloned()
        .map(|d| Finding::new(Kind::Build, d))
        .collect();
    findings.extend(audit::unlisted_mentions(&made.archive, &made.texts));
    findings.extend(
        audit::actors_without_briefings(&made.archive)
            .into_iter()
            .map(|d| Finding::new(Kind::UnnamedActor, d)),
    );
    findings.extend(kept_links);
    findings.extend(
        links::check_links(&pages, only, &existing)
            .into_iter()
            .map(|d| {
                let kind = if d.is_error() {
                    Kind::BrokenLink
                } else {
                    Kind::RootLink
                };
                Finding::new(kind, d)
            }),
    );
    sort_findings(&mut findings);
    stages.start("save");
    let mut report = CheckReport {
        briefings: made.archive.briefings.len(),
        pages: pages.len(),
        rendered,
        findings,
        timings: Vec::new(),
    };
    // Only a check that read every page can be the start of the next one.
    let every_page = files.iter().filter(|(p, _, _)| links::is_page(p)).count() == pages.len();
    kept_state.push(cache::save_check(
        &made.config.root,
        &program,
        &LastCheck {
            fingerprint: fingerprint.filter(|_| every_page),
            memo: if every_page {
                made.memo
            } else {
                Memo::default()
            },
            briefings: report.briefings,
            files: if every_page { files } else { Vec::new() },
            pages,
            findings: report.findings.clone(),
        },
    ));
    if let Some(e) = kept_state.into_iter().find_map(Result::err) {
        let root = &made.config.root;
        let warning = cache::unkept(root, &e, "check", "reads every page again");
        report.findings.push(Finding::new(Kind::Build, warning));
        sort_findings(&mut report.findings);
    }
    report.timings = stages.timings();
    Ok(report)
}

/// Errors before warnings, and each kind together, in the order of [`Kind`].
fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let key = |f: &Finding| (f.diagnostic.severity, f.kind);
        key(a).cmp(&key(b))
    });
}

/// Each file must be able to take its place in the output folder as it stands.
fn check_places(output: &Path, files: &[Placed]) -> Result<(), Error> {
    let ownership = Ownership::read(output)?;
    for (path, origin, _) in files {
        check_place(output, &ownership, path, origin.as_deref()).map_err(Error::invalid)?;
    }
    Ok(())
}
