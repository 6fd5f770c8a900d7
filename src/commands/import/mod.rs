//! `dossier import`: turns articles (text or Markdown files, saved web pages, JSON documents,
//! or folders of them) into briefings under content/briefings/, one `<date>-<slug>.md` file
//! each (one per entry for a file of several dated entries, such as a live blog).
//!
//! `inputs` finds the files; `convert` makes each into briefings: `page` reads a saved page
//! (with `metadata` for what its markup says), `entities` decodes character references,
//! `text` takes the text apart (with `furniture` and `phrases` for the lines that are not the
//! article, and `bylines` for author and outlet), `entries` splits a live blog, `dating`
//! chooses the date from the evidence (`dates` and `months` read dates; no date is ever
//! guessed), `sentences` titles and summarizes, the shared mention finder links the
//! registered actors and `names` suggests the people named that are no actors yet;
//! `briefing` writes the file and `report` says what was done. A problem with one file is
//! reported for that file and the others go on; an existing file is never overwritten.

mod briefing;
mod bylines;
mod convert;
mod dates;
mod dating;
mod entities;
mod entries;
mod furniture;
mod inputs;
mod metadata;
mod months;
mod names;
mod page;
mod phrases;
mod report;
mod sentences;
mod text;
mod words;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Diagnostic, Error};
use crate::load::BRIEFINGS_DIR;
use crate::model::ids::slugify;

use super::authoring::{self, BriefingFile};
use convert::{convert, Converted, Known};
use inputs::Input;
pub use report::{ImportReport, Imported, Outcome};

/// What `dossier import` is asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The archive folder.
    pub root: PathBuf,
    /// Files, or folders of files, to import.
    pub paths: Vec<PathBuf>,
    /// Write nothing; say what would be written.
    pub dry_run: bool,
    /// The date of the files that state none (never of one that states a date).
    pub date: Option<NaiveDate>,
}

/// Imports every article named, writing one briefing each (none with `dry_run`). Problems
/// with single files are diagnostics of the report; only an archive that cannot be read at all
/// is an error.
pub fn import(options: &ImportOptions) -> Result<ImportReport, Error> {
    let archive = Known::read(&options.root)?;
    let inputs = inputs::collect(&options.paths);
    let mut report = ImportReport {
        diagnostics: inputs.diagnostics,
        files: inputs.files.len(),
        skipped: inputs.skipped,
        dry_run: options.dry_run,
        ..ImportReport::default()
    };
    let mut slugs = archive.slugs.clone();
    for input in &inputs.files {
        let converted = match convert(input, &archive, options.date) {
            Ok(converted) => converted,
            Err(diagnostic) => {
                refuse(&mut report, input, *diagnostic);
                continue;
            }
        };
        for one in converted {
            report.diagnostics.extend(one.warnings.iter().cloned());
            match save(input, &one, options, &mut slugs) {
                Ok(imported) => report.outcomes.push(Outcome::Imported(imported)),
                Err(diagnostic) => {
                    refuse(&mut report, input, diagnostic);
                    continue;
                }
            }
            for name in one.suggestions {
                if !report.suggestions.contains(&name) {
                    report.suggestions.push(name);
                }
            }
        }
    }
    Ok(report)
}

/// Records that a file (or an entry of it) was not imported, and why.
fn refuse(report: &mut ImportReport, input: &Input, diagnostic: Diagnostic) {
    let mut reason = diagnostic.message.clone();
    if let Some(line) = diagnostic.line() {
        reason.push_str(&format!(" (line {line})"));
    }
    report.outcomes.push(Outcome::Refused {
        input: input.path.clone(),
        reason,
    });
    report.diagnostics.push(diagnostic);
}

/// Writes the briefing (unless in a dry run) under a name no other briefing has.
fn save(
    input: &Input,
    converted: &Converted,
    options: &ImportOptions,
    slugs: &mut HashSet<String>,
) -> Result<Imported, Diagnostic> {
    let briefing: &BriefingFile = &converted.briefing;
    let fallback = input.path.file_name().unwrap_or_default().to_string_lossy();
    let name = briefing::file_name(briefing.date, &briefing.title, &fallback);
    let path = Path::new(BRIEFINGS_DIR).join(&name);
    let target = options.root.join(&path);
    let slug = slugify(name.trim_end_matches(".md"));
    let exists = || {
        Diagnostic::error(
            &input.path,
            format!(
                "{} exists already; dossier never overwrites a file",
                path.display()
            ),
        )
        .with_hint("remove or rename that briefing to import this article again")
    };
    if target.exists() {
        return Err(exists());
    }
    if !slugs.insert(slug.clone()) {
        return Err(Diagnostic::error(
            &input.path,
            format!("another briefing already has the slug '{slug}'"),
        )
        .with_hint("two articles with the same date and title make the same briefing"));
    }
    if !options.dry_run {
        authoring::create_new(&target, &briefing.render()).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                exists()
            } else {
                Diagnostic::error(
                    &input.path,
                    format!("cannot write {}: {e}", target.display()),
                )
            }
        })?;
    }
    let source = briefing.sources.first();
    Ok(Imported {
        input: input.path.clone(),
        path,
        date: briefing.date,
        dated_by: converted.dating.explain(),
        title: briefing.title.clone(),
        actors: briefing.actors.clone(),
        outlet: source.and_then(|s| s.outlet.clone()),
        author: source.and_then(|s| s.author.clone()),
        entry: converted.entry,
    })
}
