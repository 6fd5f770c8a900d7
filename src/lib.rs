//! dossier turns a briefing archive (config.toml, content/briefings, content/actors) into a
//! static website cross-linked by actor, tag and date.
//!
//! The build is a pipeline of values: config → load → parse → model → markdown → render →
//! write. Each stage lives in its own module; this file only wires them together.

pub mod config;
pub mod error;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod model;
pub mod parse;
pub mod render;
pub mod routes;
pub mod write;

use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::{Config, Overrides};
use crate::error::{split_errors, Diagnostic, Error};
use crate::load::SourceFile;
use crate::model::Archive;
use crate::render::{Html, Theme};
use crate::routes::Routes;
use crate::write::{OutputFile, WriteReport};

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
}

/// Builds the site and brings the output folder up to date. Nothing is written unless the whole
/// archive is valid and every page rendered.
pub fn build(options: &Options) -> Result<BuildReport, Error> {
    let site = prepare(options)?;
    let written = write::sync(&site.config.output_dir, &site.files)?;
    Ok(BuildReport {
        briefings: site.archive.briefings.len(),
        actors: site.archive.actors().len(),
        tags: site.archive.tags.len(),
        pages: site
            .files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
            .count(),
        output: site.config.output_dir,
        written,
        warnings: site.warnings,
    })
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
    let site = prepare(options)?;
    let mut diagnostics = site.warnings;
    diagnostics.extend(linkcheck::check_links(&site.files));
    Ok(CheckReport {
        briefings: site.archive.briefings.len(),
        pages: site.files.len(),
        diagnostics,
    })
}

/// A rendered site, not yet written.
struct Prepared {
    config: Config,
    archive: Archive,
    files: Vec<OutputFile>,
    warnings: Vec<Diagnostic>,
}

fn prepare(options: &Options) -> Result<Prepared, Error> {
    let overrides = Overrides {
        output_dir: options.output.clone(),
    };
    let config = Config::load(&options.root, &overrides)?;
    write::check_output_folder(&config.output_dir)?;

    let (sources, mut diagnostics) = load::load(&config.root);
    let (actor_files, unreadable) =
        parse_all(&sources.actors, parse::parse_actor, &mut diagnostics);
    let unreadable_actors: Vec<String> = unreadable
        .into_iter()
        .flat_map(parse::actor_names)
        .collect();
    let (briefing_files, _) =
        parse_all(&sources.briefings, parse::parse_briefing, &mut diagnostics);
    let (archive, problems) = model::build(
        &actor_files,
        &unreadable_actors,
        &briefing_files,
        options.drafts,
    );
    diagnostics.extend(problems);
    let theme = Theme::load(config.theme_dir.as_deref(), &config.root);
    if let Err(problems) = &theme {
        diagnostics.extend(problems.iter().cloned());
    }
    diagnostics
        .sort_by(|a, b| (a.severity, &a.path, a.line()).cmp(&(b.severity, &b.path, b.line())));
    let warnings = split_errors(diagnostics)?;
    let theme = theme.map_err(Error::Invalid)?;

    let briefing_html: Vec<String> = archive
        .briefings
        .par_iter()
        .map(|b| markdown::to_html(&b.body, config.unsafe_html))
        .collect();
    let biography_html: Vec<String> = archive
        .actors()
        .par_iter()
        .map(|a| markdown::to_html(&a.biography, config.unsafe_html))
        .collect();
    let html = Html {
        briefings: &briefing_html,
        biographies: &biography_html,
    };
    let routes = Routes::new(options.offline);
    let files =
        render::render_site(&archive, &html, &theme, &config, &routes).map_err(Error::Invalid)?;
    Ok(Prepared {
        config,
        archive,
        files,
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
