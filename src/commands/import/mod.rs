//! `dossier import`: turns raw text articles (.txt or .md files, or folders of them) into
//! briefings under content/briefings/, one `<date>-<slug>.md` file each.
//!
//! `inputs` finds the files; `convert` makes each article a briefing: `text` takes it apart
//! (with `bylines` for author and outlet), `dates` dates it (a ` date` first line wins, then a
//! dateline or byline; no date is ever guessed), `sentences` titles and summarizes it, the
//! shared mention finder links the registered actors it names and `names` suggests the people
//! it names that are no actors yet; `briefing` writes the file. A problem with one file is
//! reported for that file and the others go on; an existing file is never overwritten.

mod briefing;
mod bylines;
mod convert;
mod dates;
mod inputs;
mod names;
mod sentences;
mod text;
mod words;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Diagnostic, Error};
use crate::load::BRIEFINGS_DIR;
use crate::model::ids::slugify;

use super::authoring::{self, BriefingFile};
use convert::{convert, Known};
use inputs::Input;

/// What `dossier import` is asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The archive folder.
    pub root: PathBuf,
    /// Files, or folders of .txt/.md files, to import.
    pub paths: Vec<PathBuf>,
    /// Write nothing; say what would be written.
    pub dry_run: bool,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Problems with single files (a date not found): those files were not imported.
    pub diagnostics: Vec<Diagnostic>,
    /// The briefings written (or, in a dry run, that would be written), in input order.
    pub imported: Vec<Imported>,
    /// Names in the articles that look like people but are no actors, in order, each once.
    pub suggestions: Vec<String>,
    /// How many .txt and .md files were read.
    pub files: usize,
    /// Files in the folders named that are not .txt or .md.
    pub skipped: usize,
    pub dry_run: bool,
}

/// One briefing made from one article.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The article's file.
    pub input: PathBuf,
    /// The briefing's file, relative to the archive.
    pub path: PathBuf,
    pub date: NaiveDate,
    pub title: String,
    /// Actor ids.
    pub actors: Vec<String>,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.dry_run { "Would write" } else { "Wrote" };
        for imported in &self.imported {
            let actors = if imported.actors.is_empty() {
                "none".to_string()
            } else {
                imported.actors.join(", ")
            };
            writeln!(f, "{verb} {}", imported.path.display())?;
            writeln!(f, "    date    {}", imported.date)?;
            writeln!(f, "    title   {}", imported.title)?;
            writeln!(f, "    actors  {actors}")?;
        }
        write!(f, "{}", self.summary())?;
        if !self.suggestions.is_empty() {
            write!(
                f,
                "\nThese names may be people who are not actors yet; add the ones that are with:"
            )?;
            for name in &self.suggestions {
                write!(f, "\ndossier new actor \"{name}\"")?;
            }
        }
        Ok(())
    }
}

impl ImportReport {
    /// One line: how many files became briefings, and what went wrong.
    fn summary(&self) -> String {
        let mut line = match (self.files, self.dry_run) {
            (0, _) => "Found no .txt or .md files to import".to_string(),
            (_, false) => format!(
                "Imported {} of {} files into {BRIEFINGS_DIR}",
                self.imported.len(),
                self.files
            ),
            (_, true) => format!(
                "Dry run: {} of {} files would be imported; nothing was written",
                self.imported.len(),
                self.files
            ),
        };
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        if errors > 0 {
            line.push_str(&format!("; {}", count(errors, "error", "errors")));
        }
        if self.skipped > 0 {
            line.push_str(&format!(
                "; skipped {} (not .txt or .md)",
                count(self.skipped, "file", "files")
            ));
        }
        line
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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
        let converted = match convert(input, &archive) {
            Ok(converted) => converted,
            Err(diagnostic) => {
                report.diagnostics.push(diagnostic);
                continue;
            }
        };
        report.diagnostics.extend(converted.warnings);
        match save(input, &converted.briefing, options, &mut slugs) {
            Ok(imported) => report.imported.push(imported),
            Err(diagnostic) => {
                report.diagnostics.push(diagnostic);
                continue;
            }
        }
        for name in converted.suggestions {
            if !report.suggestions.contains(&name) {
                report.suggestions.push(name);
            }
        }
    }
    Ok(report)
}

/// Writes the briefing (unless in a dry run) under a name no other briefing has.
fn save(
    input: &Input,
    briefing: &BriefingFile,
    options: &ImportOptions,
    slugs: &mut HashSet<String>,
) -> Result<Imported, Diagnostic> {
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
    Ok(Imported {
        input: input.path.clone(),
        path,
        date: briefing.date,
        title: briefing.title.clone(),
        actors: briefing.actors.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imported(path: &str) -> Imported {
        Imported {
            input: PathBuf::from("a.txt"),
            path: PathBuf::from(path),
            date: NaiveDate::from_ymd_opt(2023, 10, 10).unwrap(),
            title: "Zhai Jun calls Usama".into(),
            actors: vec!["zhai-jun".into(), "usama".into()],
        }
    }

    #[test]
    fn the_report_lists_briefings_then_the_summary_then_suggestions() {
        let report = ImportReport {
            diagnostics: vec![Diagnostic::error("b.txt", "no date found in the text")],
            imported: vec![imported(
                "content/briefings/2023-10-10-zhai-jun-calls-usama.md",
            )],
            suggestions: vec!["Wang Yi".into()],
            files: 2,
            skipped: 1,
            dry_run: true,
        };
        assert_eq!(
            report.to_string(),
            "Would write content/briefings/2023-10-10-zhai-jun-calls-usama.md\n    \
             date    2023-10-10\n    title   Zhai Jun calls Usama\n    actors  zhai-jun, usama\n\
             Dry run: 1 of 2 files would be imported; nothing was written; 1 error; \
             skipped 1 file (not .txt or .md)\n\
             These names may be people who are not actors yet; add the ones that are with:\n\
             dossier new actor \"Wang Yi\""
        );
        let nothing = ImportReport::default();
        assert_eq!(nothing.to_string(), "Found no .txt or .md files to import");
    }
}
