//! What an import says it did: one line per briefing written (or, in a dry run, that would be
//! written) with its date and the evidence for it, its title, actors, outlet and author; one
//! line per file refused with the reason; then a summary, and the names to add as actors.

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::error::Diagnostic;
use crate::load::BRIEFINGS_DIR;

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Problems and warnings; the files with errors were not imported.
    pub diagnostics: Vec<Diagnostic>,
    /// What became of each file (each entry of a file of several), in input order.
    pub outcomes: Vec<Outcome>,
    /// Names in the articles that look like people but are no actors, in order, each once.
    pub suggestions: Vec<String>,
    /// How many files were read.
    pub files: usize,
    /// Files in the folders named that import does not read.
    pub skipped: usize,
    pub dry_run: bool,
}

/// What became of one file, or of one entry of a file of several.
#[derive(Debug, Clone)]
pub enum Outcome {
    Imported(Imported),
    /// The file was not imported: the diagnostic's message says why.
    Refused {
        input: PathBuf,
        reason: String,
    },
}

/// One briefing made from one article.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The article's file.
    pub input: PathBuf,
    /// The briefing's file, relative to the archive.
    pub path: PathBuf,
    pub date: NaiveDate,
    /// Where the date came from, with the evidence ("the dateline "October 10, 2023"").
    pub dated_by: String,
    pub title: String,
    /// Actor ids.
    pub actors: Vec<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    /// For a file of several entries: the entry's number and how many there are.
    pub entry: Option<(usize, usize)>,
}

impl ImportReport {
    /// The briefings written (or that would be written), in input order.
    pub fn imported(&self) -> impl Iterator<Item = &Imported> {
        self.outcomes.iter().filter_map(|o| match o {
            Outcome::Imported(imported) => Some(imported),
            Outcome::Refused { .. } => None,
        })
    }

    /// How many files gave at least one briefing.
    fn files_imported(&self) -> usize {
        let mut inputs: Vec<&PathBuf> = self.imported().map(|i| &i.input).collect();
        inputs.dedup();
        inputs.len()
    }

    /// One line: how many files became briefings, and what went wrong.
    fn summary(&self) -> String {
        let briefings = self.imported().count();
        let files = self.files_imported();
        let entries = if briefings > files {
            format!(" ({briefings} briefings)")
        } else {
            String::new()
        };
        let mut line = match (self.files, self.dry_run) {
            (0, _) => "Found no .txt, .md, .html or .json files to import".to_string(),
            (_, false) => format!(
                "Imported {files} of {} files into {BRIEFINGS_DIR}{entries}",
                self.files
            ),
            (_, true) => format!(
                "Dry run: {files} of {} files would be imported{entries}; nothing was written",
                self.files
            ),
        };
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        if errors > 0 {
            line.push_str(&format!("; {}", count(errors, "error", "errors")));
        }
        if self.skipped > 0 {
            line.push_str(&format!(
                "; skipped {} of other kinds",
                count(self.skipped, "file", "files")
            ));
        }
        line
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.dry_run { "would write" } else { "wrote" };
        for outcome in &self.outcomes {
            match outcome {
                Outcome::Imported(imported) => writeln!(f, "{}", imported.line(verb))?,
                Outcome::Refused { input, reason } => {
                    writeln!(f, "{}: refused: {reason}", input.display())?;
                }
            }
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

impl Imported {
    /// "a.txt: would write content/briefings/x.md | date 2023-10-10 from ... | title "..." |
    /// actors a, b | outlet X | author Y".
    fn line(&self, verb: &str) -> String {
        let entry = self
            .entry
            .map_or(String::new(), |(n, of)| format!(" (entry {n} of {of})"));
        let actors = if self.actors.is_empty() {
            "none".to_string()
        } else {
            self.actors.join(", ")
        };
        let mut line = format!(
            "{}{entry}: {verb} {} | date {} from {} | title \"{}\" | actors {actors}",
            self.input.display(),
            self.path.display(),
            self.date,
            self.dated_by,
            self.title,
        );
        if let Some(outlet) = &self.outlet {
            line.push_str(&format!(" | outlet {outlet}"));
        }
        if let Some(author) = &self.author {
            line.push_str(&format!(" | author {author}"));
        }
        line
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imported(path: &str) -> Imported {
        Imported {
            input: PathBuf::from("a.txt"),
            path: PathBuf::from(path),
            date: NaiveDate::from_ymd_opt(2023, 10, 10).unwrap(),
            dated_by: "the dateline \"October 10, 2023\"".into(),
            title: "Zhai Jun calls Usama".into(),
            actors: vec!["zhai-jun".into(), "usama".into()],
            outlet: Some("Xinhua".into()),
            author: None,
            entry: None,
        }
    }

    #[test]
    fn the_report_has_a_line_per_file_then_the_summary_then_suggestions() {
        let report = ImportReport {
            diagnostics: vec![Diagnostic::error("b.txt", "no date found in the text")],
            outcomes: vec![
                Outcome::Imported(imported(
                    "content/briefings/2023-10-10-zhai-jun-calls-usama.md",
                )),
                Outcome::Refused {
                    input: PathBuf::from("b.txt"),
                    reason: "no date found in the text".into(),
                },
            ],
            suggestions: vec!["Wang Yi".into()],
            files: 2,
            skipped: 1,
            dry_run: true,
        };
        assert_eq!(
            report.to_string(),
            "a.txt: would write content/briefings/2023-10-10-zhai-jun-calls-usama.md | \
             date 2023-10-10 from the dateline \"October 10, 2023\" | \
             title \"Zhai Jun calls Usama\" | actors zhai-jun, usama | outlet Xinhua\n\
             b.txt: refused: no date found in the text\n\
             Dry run: 1 of 2 files would be imported; nothing was written; 1 error; \
             skipped 1 file of other kinds\n\
             These names may be people who are not actors yet; add the ones that are with:\n\
             dossier new actor \"Wang Yi\""
        );
        let nothing = ImportReport::default();
        assert_eq!(
            nothing.to_string(),
            "Found no .txt, .md, .html or .json files to import"
        );
    }
}
