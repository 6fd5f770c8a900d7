//! Importing raw text articles as briefings. (Being written.)

use std::fmt;
use std::path::PathBuf;

use crate::error::{Diagnostic, Error};

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
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Imported nothing")
    }
}

pub fn import(_options: &ImportOptions) -> Result<ImportReport, Error> {
    Err(Error::Failed("import is not available yet".into()))
}
