//! The pipeline: config → load → parse → model → media → Markdown → site → write, each stage a value
//! handed to the next. [`build`] runs it into the output folder; `check` runs the same stages
//! through [`make_site`] and keeps the files in memory instead.
//!
//! A build reads everything first and stops with every problem found before it touches the
//! output folder. Generators then hand their files to the staging of the output folder as they
//! are ready, and only when all are made are they put in place, so a failed build leaves the
//! previous site as it was.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::{self, Manifest, Store, Totals};
use crate::config::{Config, Overrides};
use crate::error::{split_errors, Diagnostic, Error};
use crate::load::{self, SourceFile};
use crate::markdown::{self, Texts};
use crate::media;
use crate::model::kept::{Own, Resolved};
use crate::model::{self, Archive};
use crate::parse::{self, Parsed, RawBriefing};
use crate::routes::Routes;
use crate::site::speech::Speech;
use crate::site::{self, Generator, Memo, Previous, Sink, SiteContext, Theme};
use crate::write::{self, Staging, WriteReport};

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
    /// How many languages the site is in.
    pub languages: usize,
    pub output: PathBuf,
    pub written: WriteReport,
    pub warnings: Vec<Diagnostic>,
    /// Whether nothing had changed since the last build into the output, so nothing was done.
    pub up_to_date: bool,
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, Duration)>,
    pub elapsed: Duration,
    /// Why the build could not start from what the last one made, if it could not.
    pub note: Option<String>,
}

impl BuildReport {
    /// The time of each stage, one line.
    pub fn timings(&self) -> String {
        describe_timings(&self.timings)
    }
}

/// The time each stage took, in one line.
pub(crate) fn describe_timings(timings: &[(&'static str, Duration)]) -> String {
    let stages: Vec<String> = timings
        .iter()
        .map(|(name, time)| format!("{name} {:.3} s", time.as_secs_f64()))
        .collect();
    format!("Stages: {}", stages.join(", "))
}

impl fmt::Display for BuildReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let languages = if self.languages > 1 {
            format!(" in {} languages", self.languages)
        } else {
            String::new()
        };
        if self.up_to_date {
            return write!(
                f,
                "Up to date: {} briefings, {} actors, {} tags → {} pages{languages} in {:.2} s (0 files written, {} unchanged): nothing changed since the last build into {}",
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
            "Built {} briefings, {} actors, {} tags → {} pages{languages} in {:.2} s ({} files written, {} unchanged, {} removed) into {}",
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
    build_in(&mut Resident::default(), options, observer)
}

/// What a process that builds again and again (the preview server) keeps between its builds:
/// what was read of each briefing file and the record of the last build, so a build after a
/// save reads neither from the cache folder. A default one reads both from the cache.
#[derive(Debug, Default)]
pub struct Resident {
    known: Option<load::Known>,
    last: Option<Manifest>,
    /// Whether only this process writes the output folder: then the last build's record is
    /// trusted as it is and never saved (the folder goes with the process).
    private: bool,
}

impl Resident {
    /// One whose output folder nobody but this process writes.
    pub fn private() -> Resident {
        Resident {
            private: true,
            ..Resident::default()
        }
    }
}

/// [`build_observed`] for a resident process.
pub fn build_in(
    resident: &mut Resident,
    options: &Options,
    observer: &dyn Fn(&'static str),
) -> Result<BuildReport, Error> {
    let mut stages = Stages::new(observer);
    let inputs = read_inputs_known(options, &mut stages, resident.known.take())?;
    stages.start("fingerprint");
    let fingerprint = inputs.fingerprint(options);
    let output = inputs.config.output_dir.clone();
    let root = inputs.config.root.clone();
    let languages = inputs.config.languages.len();
    stages.start("compare");
    let program = identity(options);
    let loaded = match resident.last.take() {
        Some(last) => Ok(last),
        None if resident.private => Err("the server has not built yet".to_string()),
        None => Manifest::load(&root, &output, &program).map_err(|why| why.to_string()),
    };
    let (last, note) = match loaded {
        Ok(last) => (Some(last), None),
        Err(why) => (
            None,
            Some(format!(
                "No record of the last build into {} to start from ({why}): every file is made.",
                output.display()
            )),
        ),
    };
    let found = match &last {
        Some(last) if resident.private => Some(last.stamps()),
        Some(_) => write::stamps_of_output(&output),
        None => None,
    };
    let up_to_date = |last: &&Manifest| {
        Some(&last.fingerprint) == fingerprint.as_ref()
            && found.as_ref().is_some_and(|found| last.still_holds(found))
    };
    let last = match last {
        Some(last) if up_to_date(&&last) => {
            let report = BuildReport {
                briefings: last.totals.briefings,
                actors: last.totals.actors,
                tags: last.totals.tags,
                pages: last.totals.pages,
                languages,
                output,
                written: WriteReport {
                    written: 0,
                    unchanged: last.files.len(),
                    removed: 0,
                },
                warnings: last.warnings.clone(),
                up_to_date: true,
                elapsed: stages.started.elapsed(),
                timings: stages.timings(),
                note: None,
            };
            resident.last = Some(last);
            return Ok(report);
        }
        other => other,
    };
    // The output folder is taken once the sources and the model are known to be valid; files
    // are staged as they come and put in place at the end. An error found later (a link in a
    // body, a template) removes what was staged.
    // What the last build made and nobody touched since need not be made again.
    let previous = match (&last, &found) {
        (Some(last), Some(found)) => last.previous(found),
        _ => Previous::default(),
    };
    // Only a resident process keeps the record in memory, for a build that fails; the others
    // find it where it was saved.
    let last = last.filter(|_| resident.private);
    let store = cache::store(&root);
    let made = make_site(
        inputs,
        options,
        &mut stages,
        false,
        &previous,
        &store,
        &mut |_| Staging::open(&output),
    );
    let made = match made {
        Ok(made) => made,
        Err(error) => {
            // The output is as it was: the last build's record still holds.
            resident.last = last;
            return Err(error);
        }
    };
    stages.start("write");
    let totals = Totals {
        briefings: made.archive.briefings.len(),
        actors: made.archive.actors().len(),
        tags: made.archive.tags.len(),
        pages: made.pages,
    };
    if !resident.private {
        Manifest::forget(&root, &output);
    }
    let mut staging = made.sink;
    if let Some(found) = found {
        staging.found(found);
    }
    let (written, files) = staging.commit()?;
    let manifest = fingerprint.map(|fingerprint| Manifest {
        memo: made.memo,
        fingerprint,
        totals,
        warnings: made.warnings.clone(),
        files,
    });
    // What the next build starts from, kept in three files written side by side.
    let kept: Vec<std::io::Result<()>> = if resident.private {
        resident.last = manifest;
        resident.known = Some(made.known);
        vec![store.save()]
    } else {
        let (manifest, (known, store)) = rayon::join(
            || manifest.map(|manifest| manifest.save(&root, &output, &program)),
            || rayon::join(|| cache::save_known(&root, &made.known), || store.save()),
        );
        manifest.into_iter().chain([known, store]).collect()
    };
    // A cache that cannot be saved costs the next build its shortcuts, nothing more: the
    // build stands, and says so once.
    let mut warnings = made.warnings;
    if let Some(e) = kept.into_iter().find_map(Result::err) {
        warnings.push(cache::unkept(&root, &e, "build", "makes every file again"));
    }
    Ok(BuildReport {
        briefings: totals.briefings,
        actors: totals.actors,
        tags: totals.tags,
        pages: totals.pages,
        languages,
        output,
        written,
        warnings,
        up_to_date: false,
        elapsed: stages.started.elapsed(),
        timings: stages.timings(),
        note,
    })
}

/// What a build's digests are relative to: this program and the options that change every
/// file. A manifest made otherwise tells nothing about the files of this build.
pub(crate) fn identity(options: &Options) -> String {
    cache::program_identity(&[
        &options.offline.to_string(),
        &options.drafts.to_string(),
        options.base_url.as_deref().unwrap_or(""),
    ])
}

/// Times the stages of a build and tells an observer which one runs.
pub(crate) struct Stages<'a> {
    observer: &'a dyn Fn(&'static str),
    started: Instant,
    current: Option<(&'static str, Instant)>,
    timings: Vec<(&'static str, Duration)>,
}

impl<'a> Stages<'a> {
    pub(crate) fn new(observer: &'a dyn Fn(&'static str)) -> Stages<'a> {
        Stages {
            observer,
            started: Instant::now(),
            current: None,
            timings: Vec::new(),
        }
    }

    pub(crate) fn start(&mut self, name: &'static str) {
        self.finish();
        (self.observer)(name);
        self.current = Some((name, Instant::now()));
    }

    /// Notes how long each of the stages that ran side by side took, in place of the one
    /// begun last, which named them while they ran.
    pub(crate) fn beside(&mut self, timings: Vec<(&'static str, Duration)>) {
        self.current = None;
        self.timings.extend(timings);
    }

    fn finish(&mut self) {
        if let Some((name, since)) = self.current.take() {
            self.timings.push((name, since.elapsed()));
        }
    }

    /// How long each stage took, once the last has ended.
    pub(crate) fn timings(mut self) -> Vec<(&'static str, Duration)> {
        self.finish();
        self.timings
    }
}

/// A site made and handed to its sink.
pub(crate) struct Made<S> {
    pub config: Config,
    /// What the pages were made from, in brief.
    pub memo: Memo,
    /// What was read of each briefing file, for the next build.
    pub known: load::Known,
    pub archive: Archive,
    pub texts: Texts,
    /// Where the files went.
    pub sink: S,
    /// How many HTML pages it has.
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// What a build reads before it parses anything: settings, source files and theme.
pub(crate) struct Inputs {
    config: Config,
    sources: load::Sources,
    /// Problems met while reading the sources.
    diagnostics: Vec<Diagnostic>,
    theme: Result<Theme, Vec<Diagnostic>>,
}

impl Inputs {
    /// The archive folder, absolute.
    pub(crate) fn root(&self) -> PathBuf {
        self.config.root.clone()
    }

    /// The output folder.
    pub(crate) fn output_dir(&self) -> PathBuf {
        self.config.output_dir.clone()
    }

    /// The fingerprint of these inputs, or none where a problem must be reported afresh.
    pub(crate) fn fingerprint(&self, options: &Options) -> Option<String> {
        let theme = self.theme.as_ref().ok()?;
        let files: Vec<(&Path, &[u8])> = theme
            .templates
            .iter()
            .map(|(name, file)| (Path::new(name.as_str()), file.bytes.as_slice()))
            .chain(
                theme
                    .statics
                    .iter()
                    .map(|(path, file)| (path.as_path(), file.bytes.as_slice())),
            )
            .chain(
                theme
                    .words
                    .values()
                    .map(|file| (file.path.as_path(), file.bytes.as_slice())),
            )
            .collect();
        self.diagnostics.is_empty().then(|| {
            cache::fingerprint(
                &self.config,
                &self.sources,
                &files,
                &[options.offline, options.drafts],
            )
        })
    }
}

/// Reads the settings, the sources and the theme.
pub(crate) fn read_inputs(options: &Options, stages: &mut Stages<'_>) -> Result<Inputs, Error> {
    read_inputs_known(options, stages, None)
}

/// [`read_inputs`], knowing what was read of the briefing files before (else the cache says).
fn read_inputs_known(
    options: &Options,
    stages: &mut Stages<'_>,
    known: Option<load::Known>,
) -> Result<Inputs, Error> {
    stages.start("load");
    let overrides = Overrides {
        output_dir: options.output.clone(),
        base_url: options.base_url.clone(),
    };
    let config = Config::load(&options.root, &overrides)?;
    write::check_output_folder(&config.output_dir)?;
    // What the last build read, the archive's files and the theme are three reads apart:
    // they are made side by side.
    let root = &config.root;
    let ((sources, mut diagnostics), (theme, problems)) = rayon::join(
        || {
            let (known, found) = rayon::join(
                || known.unwrap_or_else(|| cache::known(root)),
                || load::find(root),
            );
            load::read(root, found, &known)
        },
        || {
            let (theme_sources, problems) = match &config.theme_dir {
                Some(dir) => load::load_theme(root, dir),
                None => (load::ThemeSources::default(), Vec::new()),
            };
            (Theme::load(theme_sources), problems)
        },
    );
    diagnostics.extend(problems);
    Ok(Inputs {
        config,
        sources,
        diagnostics,
        theme,
    })
}

/// Parses and resolves the inputs, then runs every generator into the sink that `open` makes
/// once the archive is known to be valid. With `audit`, the Markdown stage also notes where
/// bodies name actors they do not list.
pub(crate) fn make_site<S: Sink>(
    inputs: Inputs,
    options: &Options,
    stages: &mut Stages<'_>,
    audit: bool,
    previous: &Previous,
    store: &Store,
    open: &mut dyn FnMut(&Config) -> Result<S, Error>,
) -> Result<Made<S>, Error> {
    let Inputs {
        config,
        mut sources,
        mut diagnostics,
        theme,
    } = inputs;
    let bundles = std::mem::take(&mut sources.bundles);
    let statics = std::mem::take(&mut sources.statics);
    stages.start("parse");
    // Where no front matter changed, the archive the last build resolved is taken as it was.
    let bodies: Vec<Option<&str>> = sources.briefings.par_iter().map(parse::body_of).collect();
    let actors = model::kept::actors_key(&sources.actors, options.drafts);
    let fronts = model::kept::fronts(&sources.briefings, &bodies);
    let key = model::kept::key(actors, &sources.briefings, &fronts);
    // What was read of each file, for the next build (kept only if this one succeeds, so
    // never for a file whose front matter has errors).
    let mut known = load::Known::default();
    for (source, body) in sources.briefings.iter().zip(&bodies) {
        if let Some(body) = body {
            known.note(source, body);
        }
    }
    let (mut archive, problems) = match model::kept::take(store, key, &sources.briefings, &bodies) {
        Some(kept) => kept,
        None => {
            let read = (&bodies[..], &fronts[..]);
            let (archive, problems, owns) =
                parse_and_resolve(&sources, read, actors, options.drafts, stages, store);
            let briefings = &sources.briefings;
            model::kept::keep(store, key, actors, &archive, &problems, briefings, &owns);
            (archive, problems)
        }
    };
    diagnostics.extend(problems);
    drop(bodies);
    // The model owns what it needs; the source texts go.
    drop(sources);
    diagnostics.extend(model::attach(&mut archive, bundles));
    stages.start("media");
    let (media, problems) = media::measure(&mut archive, statics, &config.root, store);
    diagnostics.extend(problems);
    // The interface of each language, read once: its problems are the build's.
    let mut speeches = Vec::new();
    if let Ok(theme) = &theme {
        for language in &config.languages {
            match theme.speech(&language.tag) {
                Ok((speech, warnings)) => {
                    diagnostics.extend(warnings);
                    speeches.push(speech);
                }
                Err(problems) => diagnostics.extend(problems),
            }
        }
    }
    let declared: Vec<&str> = config.languages.iter().map(|l| l.tag.as_str()).collect();
    let (versions, problems) = model::languages::pair(&mut archive, &declared);
    diagnostics.extend(problems);
    if let Err(problems) = &theme {
        diagnostics.extend(problems.iter().cloned());
    }
    diagnostics
        .sort_by(|a, b| (a.severity, &a.path, a.line()).cmp(&(b.severity, &b.path, b.line())));
    let warnings = split_errors(diagnostics)?;
    let theme = theme.map_err(Error::Invalid)?;

    let routes = Routes::new(options.offline);
    let mut sink = Counted {
        inner: open(&config)?,
        pages: 0,
    };
    // Each language's pages are a site of their own, the default's at the root and every
    // other's in its folder; an archive of one language is its one site.
    let mut whole = Some(archive);
    let mut first: Option<(Archive, Texts, Memo)> = None;
    // Every language's words were read above, or the build stopped with their problems.
    for (language, speech) in config.languages.iter().zip(&speeches) {
        let tag = language.tag.as_str();
        let archive = match (config.is_multilingual(), whole.take()) {
            (false, Some(archive)) => archive,
            (_, kept) => {
                let full = kept
                    .as_ref()
                    .expect("the whole archive is kept for every language");
                let names = model::languages::Names {
                    tags: &config.tag_names,
                    places: &config.place_names,
                };
                let localized = model::languages::localize(
                    full,
                    &versions,
                    tag,
                    config.default_language(),
                    names,
                );
                whole = kept;
                localized
            }
        };
        let folder = config.language_folder(tag);
        let pass_config = config.in_language(tag);
        // Another language's site sees the last build's files in its folder, and publishes
        // static/ no more: the root has it.
        let (other_previous, other_media);
        let (pass_previous, pass_media) = match &folder {
            Some(folder) => {
                other_previous = previous.in_folder(Path::new(folder));
                other_media = media.without_statics();
                (&other_previous, &other_media)
            }
            None => (previous, &media),
        };
        let mut folder_sink;
        let pass_sink: &mut dyn Sink = match &folder {
            Some(folder) => {
                folder_sink = site::InFolder {
                    inner: &mut sink,
                    folder: PathBuf::from(folder),
                };
                &mut folder_sink
            }
            None => &mut sink,
        };
        let made = make_language(
            archive,
            &pass_config,
            &routes,
            &theme,
            speech,
            pass_previous,
            pass_media,
            store,
            audit && folder.is_none(),
            stages,
            pass_sink,
        )?;
        match (&mut first, folder) {
            (None, _) => first = Some(made),
            // Another language's memo goes in the default's, for the next build.
            (Some((_, _, memo)), Some(folder)) => {
                memo.languages.insert(folder, made.2);
            }
            (Some(_), None) => unreachable!("only the first language is at the root"),
        }
    }
    let (archive, texts, memo) = first.expect("an archive has at least its default language");
    Ok(Made {
        memo,
        config,
        known,
        archive,
        texts,
        pages: sink.pages,
        sink: sink.inner,
        warnings,
    })
}

/// Makes the pages and files of one language's site into `sink`: the data export, the
/// Markdown, the copies of the files users name, then every other generator, side by side
/// ([`site::side_by_side`]). Returns the archive, its texts and the memo.
#[allow(clippy::too_many_arguments)]
fn make_language(
    mut archive: Archive,
    config: &Config,
    routes: &Routes,
    theme: &Theme,
    speech: &Speech,
    previous: &Previous,
    media: &media::Media<'_>,
    store: &Store,
    audit: bool,
    stages: &mut Stages<'_>,
    sink: &mut dyn Sink,
) -> Result<(Archive, Texts, Memo), Error> {
    let mut texts = Texts::take(&mut archive);
    let run = |(generators, side_by_side): (&[&dyn Generator], &[&dyn Generator]),
               archive: &Archive,
               texts: &Texts,
               memo: &Memo,
               stages: &mut Stages<'_>,
               sink: &mut dyn Sink|
     -> Result<(), Error> {
        let site = SiteContext {
            archive,
            texts,
            config,
            routes,
            theme,
            speech,
            previous,
            media,
            store,
            memo,
        };
        for generator in generators {
            stages.start(generator.name());
            generator.generate(&site, sink)?;
        }
        if let [longest, ..] = side_by_side {
            stages.start(longest.name());
            stages.beside(site::side_by_side(side_by_side, &site, sink)?);
        }
        Ok(())
    };
    // The data export reads the Markdown, which the Markdown stage lets go as it renders.
    run(
        (site::BEFORE_MARKDOWN, &[]),
        &archive,
        &texts,
        &Memo::default(),
        stages,
        sink,
    )?;
    stages.start("markdown");
    markdown::render(&archive, &mut texts, config, routes, audit, store).map_err(Error::Invalid)?;
    let memo = Memo::of(&archive, &texts, config, routes, theme, speech);
    let after = (site::AFTER_MARKDOWN, site::SIDE_BY_SIDE);
    run(after, &archive, &texts, &memo, stages, sink)?;
    Ok((archive, texts, memo))
}

/// A sink that counts the HTML pages handed through it.
struct Counted<S> {
    inner: S,
    pages: usize,
}

impl<S: Sink> Sink for Counted<S> {
    fn files(&mut self, files: Vec<site::OutputFile>) -> Result<(), Error> {
        self.pages += files
            .iter()
            .filter(|file| file.path.extension().is_some_and(|e| e == "html"))
            .count();
        self.inner.files(files)
    }

    fn keep(&mut self, path: &std::path::Path, digest: u64) -> Result<(), Error> {
        self.pages += usize::from(path.extension().is_some_and(|e| e == "html"));
        self.inner.keep(path, digest)
    }

    fn written(
        &mut self,
        path: &std::path::Path,
        digest: Option<u64>,
        write: &mut site::WriteFile<'_>,
    ) -> Result<(), Error> {
        self.pages += usize::from(path.extension().is_some_and(|e| e == "html"));
        self.inner.written(path, digest, write)
    }

    fn previous_file(&self, path: &Path) -> Option<std::fs::File> {
        self.inner.previous_file(path)
    }
}

/// Parses the sources (the briefings' bodies and the digests of their front matter being
/// `read`) and resolves them into the archive; returns it, every problem of its sources and
/// what resolving each briefing file found (in their order; none for a file that did not
/// parse). Where the archive kept last with the same actor files (`actors`) is in
/// `store`, only the briefings whose front matter it does not have are parsed and resolved
/// ([`model::kept::resolve_again`]).
fn parse_and_resolve(
    sources: &load::Sources,
    (bodies, fronts): (&[Option<&str>], &[u64]),
    actors: u64,
    with_drafts: bool,
    stages: &mut Stages<'_>,
    store: &Store,
) -> (Archive, Vec<Diagnostic>, Vec<Option<Own>>) {
    let mut problems = Vec::new();
    let (actor_files, unreadable) = parse_all(&sources.actors, parse::parse_actor, &mut problems);
    let unreadable_actors: Vec<String> = unreadable
        .into_iter()
        .flat_map(parse::actor_names)
        .collect();
    let (registry, of_registry) = model::Registry::resolve(&actor_files, &unreadable_actors);
    let briefings = &sources.briefings;
    // Each briefing file resolved, in the order of the sources; none for one that did not parse.
    let (mut made, spellings): (Vec<Option<Resolved>>, Vec<Diagnostic>) =
        match model::kept::resolve_again(store, actors, &registry, briefings, bodies, fronts) {
            Some(again) => {
                stages.start("model");
                (again.into_iter().map(Some).collect(), Vec::new())
            }
            None => {
                let parsed: Vec<Result<Parsed<'_, RawBriefing>, Diagnostic>> =
                    briefings.par_iter().map(parse::parse_briefing).collect();
                stages.start("model");
                let made = parsed
                    .par_iter()
                    .zip(fronts)
                    .map(|(parsed, &front)| {
                        let file = parsed.as_ref().ok()?;
                        let (briefing, found) = model::resolve(file, &registry);
                        let tags = model::briefings::tag_names(file);
                        Some((briefing, Own::of(front, found, tags)))
                    })
                    .collect();
                let mut files = Vec::with_capacity(parsed.len());
                for parsed in parsed {
                    match parsed {
                        Ok(file) => files.push(file),
                        Err(problem) => problems.push(problem),
                    }
                }
                (made, model::briefings::check_tag_spellings(&files))
            }
        };
    let resolved = made
        .iter_mut()
        .flatten()
        .map(|(briefing, own)| (briefing.take(), own.problems.clone()))
        .collect();
    let owns = made
        .into_iter()
        .map(|made| made.map(|(_, own)| own))
        .collect();
    problems.extend(of_registry);
    let (archive, problems) = model::assemble(registry, problems, resolved, spellings, with_drafts);
    (archive, problems, owns)
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
