//! Errors and diagnostics: every problem dossier reports names the file it is about and,
//! where it is known, the line and the columns of the offending text.
//!
//! Input problems (config, content, theme) are collected as a list of [`Diagnostic`]s so a
//! build reports all of them at once; failures of the output folder are [`Error::Output`].

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is: errors stop the build, warnings are reported and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

/// Where in a file a problem is: a 1-based line, the line's text and the byte columns to underline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub line: usize,
    pub source_line: String,
    pub columns: Range<usize>,
}

impl Location {
    /// Locates a byte range of `text` (the whole file): its first line, and the part of the range
    /// on that line (at least one column, so a caret always shows).
    pub fn of_range(text: &str, range: Range<usize>) -> Location {
        let start = floor_char_boundary(text, range.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].matches('\n').count() + 1;
        let source_line = text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        let first = start - line_start;
        let last = range.end.clamp(start, line_end) - line_start;
        let last = last.min(source_line.len()).max(first);
        let columns = if last > first {
            first..last
        } else {
            first..(first + 1).min(source_line.len().max(first + 1))
        };
        Location {
            line,
            source_line,
            columns,
        }
    }

    /// Locates a whole 1-based line of `text`.
    pub fn of_line(text: &str, line: usize) -> Location {
        let offset = line_offset(text, line);
        let len = text[offset..].find('\n').unwrap_or(text.len() - offset);
        Location::of_range(text, offset..offset + len)
    }
}

/// The byte offset at which 1-based `line` starts (the end of the text if it has fewer lines).
pub fn line_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// One problem found in the input, with what to do about it where that helps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the archive root where it lies inside it.
    pub path: PathBuf,
    pub location: Option<Box<Location>>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(Box::new(location));
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn line(&self) -> Option<usize> {
        self.location.as_ref().map(|l| l.line)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Plain one-paragraph form: `path:line: error: message (hint)`; the CLI prints a richer form.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line() {
            write!(f, ":{line}")?;
        }
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {level}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (help: {hint})")?;
        }
        Ok(())
    }
}

/// Why a build or check did not complete.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The archive, its config or its theme has problems; nothing was written.
    #[error("{}", summarize(.0))]
    Invalid(Vec<Diagnostic>),
    /// A command could not do its work for a reason that belongs to no input file (a port in
    /// use, a git repository not found).
    #[error("{0}")]
    Failed(String),
    /// The output folder could not be brought up to date.
    #[error("cannot {action} {}: {source}", .path.display())]
    Output {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn invalid(diagnostic: Diagnostic) -> Error {
        Error::Invalid(vec![diagnostic])
    }

    pub fn output(action: &'static str, path: &Path, source: std::io::Error) -> Error {
        Error::Output {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

fn summarize(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    match errors {
        1 => "1 error; nothing was written".to_string(),
        n => format!("{n} errors; nothing was written"),
    }
}

/// Keeps the errors of a stage apart from its warnings and says whether it may go on.
pub fn split_errors(diagnostics: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Error> {
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(Error::Invalid(diagnostics))
    } else {
        Ok(diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_a_range_on_its_line() {
        let text = "+++\ntitle = \"x\"\nactors = [\"zhai-jn\"]\n+++\n";
        let start = text.find("\"zhai-jn\"").unwrap();
        let loc = Location::of_range(text, start..start + 9);
        assert_eq!(loc.line, 3);
        assert_eq!(loc.source_line, "actors = [\"zhai-jn\"]");
        assert_eq!(&loc.source_line[loc.columns.clone()], "\"zhai-jn\"");
    }

    #[test]
    fn an_empty_range_still_has_a_caret() {
        let loc = Location::of_range("abc\n", 4..4);
        assert_eq!(loc.line, 2);
        assert_eq!(loc.columns.len(), 1);
    }

    #[test]
    fn finds_line_offsets() {
        let text = "a\nbb\nccc";
        assert_eq!(line_offset(text, 1), 0);
        assert_eq!(line_offset(text, 3), 5);
        assert_eq!(Location::of_line(text, 2).source_line, "bb");
    }
}
