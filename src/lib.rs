//! dossier turns a briefing archive (config.toml, content/briefings, content/actors) into a
//! static website cross-linked by actor, tag and date.
//!
//! The build is a pipeline of values: config → load → parse → model → markdown → render →
//! write. Each stage lives in its own module; this file only wires them together.

pub mod audit;
pub mod calendar;
pub mod config;
pub mod error;
pub mod export;
pub mod feeds;
pub mod graphics;
pub mod hooks;
pub mod import;
pub mod linkcheck;
pub mod load;
pub mod manifest;
pub mod markdown;
pub mod mentions;
pub mod model;
pub mod parse;
pub mod render;
pub mod report;
pub mod routes;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod sitemap;
pub mod write;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, Overrides};
use crate::error::{split_errors, Diagnostic, Error};
use crate::load::SourceFile;
use crate::manifest::{Counts, Manifest, Stamp};
use crate::model::Archive;
use crate::render::Theme;
use crate::routes::Routes;
use crate::write::{OutputFile, Staging, WriteReport};

/// What a build or check is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The archive folder.
    pub root: PathBuf,
    /// An output folder that overrides config.toml's `output_dir`.
    pub output: Option<PathBuf>,
    /// Make every internal link end in index.html, so the site opens from disk.
    pub offline: bool,
    /// Include briefings marked `draft = true`.
    pub drafts: bool,
    /// A public address that overrides config.toml's `base_url` (the preview server's own).
    pub base_url: Option<String>,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub briefings: usize,
    pub actors: usize,
    pub tags: usize,
    pub pages: usize,
    pub output: PathBuf,
    pub written: WriteReport,
    pub warnings: Vec<Diagnostic>,
    /// Whether nothing had changed since the last build into the output, so nothing was done.
    pub up_to_date: bool,
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, Duration)>,
    pub elapsed: Duration,
}

impl BuildReport {
    /// The time of each stage, one line.
    pub fn timings(&self) -> String {
        let stages: Vec<String> = self
            .timings
            .iter()
            .map(|(name, time)| format!("{name} {:.3} s", time.as_secs_f64()))
            .collect();
        format!("Stages: {}", stages.join(", "))
    }
}

impl fmt::Display for BuildReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.up_to_date {
            return write!(
                f,
                "Up to date: {} briefings, {} actors, {} tags → {} pages in {:.2} s (0 files written, {} unchanged): nothing changed since the last build into {}",
                self.briefings,
                self.actors,
                self.tags,
                self.pages,
                self.elapsed.as_secs_f64(),
                self.written.unchanged,
                self.output.display(),
            );
        }
        write!(
            f,
            "Built {} briefings, {} actors, {} tags → {} pages in {:.2} s ({} files written, {} unchanged, {} removed) into {}",
            self.briefings,
            self.actors,
            self.tags,
            self.pages,
            self.elapsed.as_secs_f64(),
            self.written.written,
            self.written.unchanged,
            self.written.removed,
            self.output.display()
        )
    }
}

/// Builds the site and brings the output folder up to date. Nothing is written unless the whole
/// archive is valid and every page rendered.
pub fn build(options: &Options) -> Result<BuildReport, Error> {
    build_observed(options, &|_| {})
}

/// [`build`], telling `observer` the name of each stage as it starts (for a progress display).
pub fn build_observed(
    options: &Options,
    observer: &dyn Fn(&'static str),
) -> Result<BuildReport, Error> {
    let mut stages = Stages::new(observer);
    let inputs = read_inputs(options, &mut stages)?;
    stages.start("fingerprint");
    let fingerprint = inputs.fingerprint(options);
    let output = inputs.config.output_dir.clone();
    let root = inputs.config.root.clone();
    stages.start("compare");
    let last = Manifest::load(&root, &output)
        .filter(|last| Some(&last.fingerprint) == fingerprint.as_ref())
        .filter(|last| write::up_to_date(&output, last));
    if let Some(last) = last {
        stages.finish();
        return Ok(BuildReport {
            briefings: last.counts.briefings,
            actors: last.counts.actors,
            tags: last.counts.tags,
            pages: last.counts.pages,
            output,
            written: WriteReport {
                written: 0,
                unchanged: last.files.len(),
                removed: 0,
            },
            warnings: last.warnings,
            up_to_date: true,
            elapsed: stages.started.elapsed(),
            timings: stages.timings,
        });
    }
    // The output folder is taken when the first files are ready, once the sources and the
    // model are known to be valid; files are staged as they come and put in place at the end.
    // An error found later (a link in a body, a template) removes what was staged.
    let mut stager = Stager {
        output: &output,
        staging: None,
    };
    let site = prepare(inputs, options, &mut stages, false, &mut stager)?;
    stages.start("write");
    let counts = Counts {
        briefings: site.archive.briefings.len(),
        actors: site.archive.actors().len(),
        tags: site.archive.tags.len(),
        pages: site.pages,
    };
    Manifest::forget(&root, &output);
    let (written, files) = stager.commit()?;
    if let Some(fingerprint) = fingerprint {
        let manifest = Manifest {
            fingerprint,
            counts,
            warnings: site.warnings.clone(),
            files,
        };
        manifest.save(&root, &output);
    }
    stages.finish();
    Ok(BuildReport {
        briefings: counts.briefings,
        actors: counts.actors,
        tags: counts.tags,
        pages: counts.pages,
        output,
        written,
        warnings: site.warnings,
        up_to_date: false,
        elapsed: stages.started.elapsed(),
        timings: stages.timings,
    })
}

/// Times the stages of a build and tells an observer which one runs.
struct Stages<'a> {
    observer: &'a dyn Fn(&'static str),
    started: Instant,
    current: Option<(&'static str, Instant)>,
    timings: Vec<(&'static str, Duration)>,
}

impl<'a> Stages<'a> {
    fn new(observer: &'a dyn Fn(&'static str)) -> Stages<'a> {
        Stages {
            observer,
            started: Instant::now(),
            current: None,
            timings: Vec::new(),
        }
    }

    fn start(&mut self, name: &'static str) {
        self.finish();
        (self.observer)(name);
        self.current = Some((name, Instant::now()));
    }

    fn finish(&mut self) {
        if let Some((name, since)) = self.current.take() {
            self.timings.push((name, since.elapsed()));
        }
    }
}

/// What `check` found in an archive that builds.
#[derive(Debug)]
pub struct CheckReport {
    pub briefings: usize,
    pub pages: usize,
    /// Warnings of the build and problems of the rendered links.
    pub diagnostics: Vec<Diagnostic>,
}

/// Validates the archive and the links of the rendered pages, writing nothing.
pub fn check(options: &Options) -> Result<CheckReport, Error> {
    let mut stages = Stages::new(&|_| {});
    let inputs = read_inputs(options, &mut stages)?;
    let mut files: Vec<OutputFile> = Vec::new();
    // The audit reads the bodies.
    let site = prepare(inputs, options, &mut stages, true, &mut files)?;
    let mut diagnostics = site.warnings;
    diagnostics.extend(audit::unlisted_mentions(&site.archive));
    diagnostics.extend(audit::actors_without_briefings(&site.archive));
    diagnostics.extend(linkcheck::check_links(&files));
    Ok(CheckReport {
        briefings: site.archive.briefings.len(),
        pages: files.len(),
        diagnostics,
    })
}

/// A site rendered and handed on.
struct Prepared {
    archive: Archive,
    /// How many HTML pages it has.
    pages: usize,
    warnings: Vec<Diagnostic>,
}

/// Where a build hands the files it makes, as they are ready.
trait Sink: Send {
    fn files(&mut self, files: Vec<OutputFile>) -> Result<(), Error>;

    /// Takes the file at `path` that `write` writes, for a file too large to make in memory.
    fn written(&mut self, path: &Path, write: &mut WriteFile<'_>) -> Result<(), Error>;
}

/// Writes a file's bytes.
type WriteFile<'a> = dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()> + 'a;

/// A build's sink: every file staged in the output folder, which is taken when the first
/// files are ready.
struct Stager<'a> {
    output: &'a Path,
    staging: Option<Staging>,
}

impl Stager<'_> {
    fn staging(&mut self) -> Result<&mut Staging, Error> {
        let staging = match self.staging.take() {
            Some(staging) => staging,
            None => Staging::open(self.output)?,
        };
        Ok(self.staging.insert(staging))
    }

    /// Puts the staged files in place (taking the output folder now if no file was staged).
    fn commit(self) -> Result<(WriteReport, BTreeMap<PathBuf, Stamp>), Error> {
        match self.staging {
            Some(staging) => staging,
            None => Staging::open(self.output)?,
        }
        .commit()
    }
}

impl Sink for Stager<'_> {
    fn files(&mut self, files: Vec<OutputFile>) -> Result<(), Error> {
        self.staging()?.stage(&files)
    }

    fn written(&mut self, path: &Path, write: &mut WriteFile<'_>) -> Result<(), Error> {
        self.staging()?.stage_written(path, write)
    }
}

/// `check`'s sink: every file kept, for the link check.
impl Sink for Vec<OutputFile> {
    fn files(&mut self, files: Vec<OutputFile>) -> Result<(), Error> {
        self.extend(files);
        Ok(())
    }

    fn written(&mut self, path: &Path, write: &mut WriteFile<'_>) -> Result<(), Error> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| Error::output("write", path, e))?;
        self.push(OutputFile {
            path: path.to_path_buf(),
            bytes,
        });
        Ok(())
    }
}

/// What a build reads before it parses anything: settings, source files and theme.
struct Inputs {
    config: Config,
    sources: load::Sources,
    /// Problems met while reading the sources.
    diagnostics: Vec<Diagnostic>,
    theme: Result<Theme, Vec<Diagnostic>>,
}

impl Inputs {
    /// The fingerprint of these inputs, or none where a problem must be reported afresh.
    fn fingerprint(&self, options: &Options) -> Option<String> {
        let theme = self.theme.as_ref().ok()?;
        self.diagnostics.is_empty().then(|| {
            manifest::fingerprint(
                &self.config,
                &self.sources,
                theme,
                &[options.offline, options.drafts],
            )
        })
    }
}

fn read_inputs(options: &Options, stages: &mut Stages<'_>) -> Result<Inputs, Error> {
    stages.start("load");
    let overrides = Overrides {
        output_dir: options.output.clone(),
        base_url: options.base_url.clone(),
    };
    let config = Config::load(&options.root, &overrides)?;
    write::check_output_folder(&config.output_dir)?;
    let (sources, diagnostics) = load::load(&config.root);
    let theme = Theme::load(config.theme_dir.as_deref(), &config.root);
    Ok(Inputs {
        config,
        sources,
        diagnostics,
        theme,
    })
}

fn prepare(
    inputs: Inputs,
    options: &Options,
    stages: &mut Stages<'_>,
    keep_bodies: bool,
    sink: &mut dyn Sink,
) -> Result<Prepared, Error> {
    let Inputs {
        config,
        sources,
        mut diagnostics,
        theme,
    } = inputs;
    stages.start("parse");
    let (actor_files, unreadable) =
        parse_all(&sources.actors, parse::parse_actor, &mut diagnostics);
    let unreadable_actors: Vec<String> = unreadable
        .into_iter()
        .flat_map(parse::actor_names)
        .collect();
    let (briefing_files, _) =
        parse_all(&sources.briefings, parse::parse_briefing, &mut diagnostics);
    stages.start("model");
    let (mut archive, problems) = model::build(
        &actor_files,
        &unreadable_actors,
        &briefing_files,
        options.drafts,
    );
    // The model owns what it needs; the source texts go.
    drop(actor_files);
    drop(briefing_files);
    drop(sources);
    diagnostics.extend(problems);
    if let Err(problems) = &theme {
        diagnostics.extend(problems.iter().cloned());
    }
    diagnostics
        .sort_by(|a, b| (a.severity, &a.path, a.line()).cmp(&(b.severity, &b.path, b.line())));
    let warnings = split_errors(diagnostics)?;
    let theme = theme.map_err(Error::Invalid)?;

    let routes = Routes::new(options.offline);
    // The data export comes first, while the rendered texts do not take memory yet.
    stages.start("data");
    sink.written(Path::new(export::BRIEFINGS_JSON), &mut |out| {
        export::write_briefings_json(&archive, &routes, out)
    })?;
    // Every file is handed on as soon as it is made; only the paths stay, for the sitemap and
    // the page count.
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut emit_noting = |files: Vec<OutputFile>| -> Result<(), Error> {
        paths.extend(files.iter().map(|f| f.path.clone()));
        sink.files(files)
    };
    emit_noting(export::data_files(&archive, &routes).map_err(Error::invalid)?)?;
    stages.start("markdown");
    // Pages, feeds and search read the rendered texts; the Markdown has had its readers.
    let texts = markdown::render_archive(&mut archive, keep_bodies, &config, &routes)
        .map_err(Error::Invalid)?;
    stages.start("render");
    render::render_site(&archive, &texts, &theme, &config, &routes, &mut emit_noting)?;
    stages.start("feeds");
    emit_noting(calendar::calendar_files(&archive, &config, &routes))?;
    feeds::feed_files(&archive, &texts, &config, &routes, &mut emit_noting)?;
    stages.start("search");
    emit_noting(search::search_files(&archive, &texts, &routes).map_err(Error::invalid)?)?;
    stages.start("sitemap");
    sink.files(
        sitemap::sitemap_files(&archive, &config, &routes, &paths).map_err(Error::invalid)?,
    )?;
    let pages = paths
        .iter()
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .count();
    Ok(Prepared {
        archive,
        pages,
        warnings,
    })
}

/// Parses every file in parallel; returns what parsed, and the files that did not, whose
/// problems go to `diagnostics`.
fn parse_all<'a, T: Send>(
    files: &'a [SourceFile],
    parse: fn(&'a SourceFile) -> Result<T, Diagnostic>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<T>, Vec<&'a SourceFile>) {
    let results: Vec<Result<T, Diagnostic>> = files.par_iter().map(parse).collect();
    let mut parsed = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok(value) => parsed.push(value),
            Err(d) => {
                diagnostics.push(d);
                failed.push(file);
            }
        }
    }
    (parsed, failed)
}
