//! What survives between builds, in the archive's `.dossier-cache/`: for each output folder,
//! what the last build into it read and left there: a fingerprint of every input, what it
//! counted and warned about, and each file it wrote with its size and modification time.
//!
//! A build whose inputs have the same fingerprint, into an output folder that still holds
//! exactly those files untouched, has nothing to do: it reports the last build's figures and
//! warnings and writes nothing. Manifests are kept in the archive's cache folder
//! (`.dossier-cache/`, one file per output folder), never in the output, so the site's bytes
//! stay the same for the same input.

use std::collections::BTreeMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::Diagnostic;
use crate::load::Sources;
use crate::site::Previous;
use crate::site::Theme;
use crate::write::{Stamp, Written};

/// The archive's cache folder, beside content/ (ignored by the archive's .gitignore).
pub(crate) const CACHE_DIR: &str = ".dossier-cache";

/// The figures a build reports, kept for a build that finds nothing to do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Totals {
    pub briefings: usize,
    pub actors: usize,
    pub tags: usize,
    pub pages: usize,
}

/// What one build read and wrote.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// [`program_identity`] of the build: the program and the options that change every file.
    pub identity: String,
    /// [`fingerprint`] of the build's inputs, in hexadecimal.
    pub fingerprint: String,
    pub totals: Totals,
    pub warnings: Vec<Diagnostic>,
    /// Every file of the output but the marker, by path relative to the output folder.
    pub files: BTreeMap<PathBuf, Written>,
}

impl Manifest {
    /// Where the manifest of builds from the archive at `root` into `output` is kept.
    fn path(root: &Path, output: &Path) -> PathBuf {
        let mut hasher = std::hash::DefaultHasher::new();
        std::path::absolute(output)
            .unwrap_or_else(|_| output.to_path_buf())
            .hash(&mut hasher);
        root.join(CACHE_DIR)
            .join("builds")
            .join(format!("{:016x}.json", hasher.finish()))
    }

    /// The manifest of the last build from `root` into `output`, if one was kept and this
    /// version can read it.
    pub(crate) fn load(root: &Path, output: &Path) -> Option<Manifest> {
        let bytes = fs::read(Manifest::path(root, output)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Keeps the manifest for the next build. A cache that cannot be written only costs the
    /// next build its shortcut, so failures are ignored.
    pub(crate) fn save(&self, root: &Path, output: &Path) {
        let path = Manifest::path(root, output);
        let Some(dir) = path.parent() else { return };
        let _ = fs::create_dir_all(dir).and_then(|()| {
            let mut temp = tempfile::NamedTempFile::new_in(dir)?;
            serde_json::to_writer(&mut temp, self)?;
            temp.flush()?;
            temp.persist(&path).map_err(|e| e.error)?;
            Ok(())
        });
    }

    /// Forgets the manifest, before the output changes.
    pub(crate) fn forget(root: &Path, output: &Path) {
        let _ = fs::remove_file(Manifest::path(root, output));
    }

    /// Whether `found` (the stamps of dossier's files in the output now) are exactly the files
    /// this manifest lists, with the same sizes and modification times (so none was edited,
    /// added or removed since).
    pub(crate) fn still_holds(&self, found: &BTreeMap<PathBuf, Stamp>) -> bool {
        found.len() == self.files.len()
            && self
                .files
                .iter()
                .all(|(path, file)| found.get(path) == Some(&file.stamp))
    }

    /// The digests of the files that are still as this build left them, in `found`.
    pub(crate) fn previous(&self, found: &BTreeMap<PathBuf, Stamp>) -> Previous {
        Previous::new(
            self.files
                .iter()
                .filter(|(path, file)| found.get(*path) == Some(&file.stamp))
                .filter_map(|(path, file)| Some((path.clone(), file.digest?)))
                .collect(),
        )
    }
}

/// A fingerprint of everything a build's output depends on: this program (its version, and the
/// size and time of its executable, so a rebuilt binary never trusts an old output), the
/// options and settings, every source file's path and text, and every theme file.
pub(crate) fn fingerprint(
    config: &Config,
    sources: &Sources,
    theme: &Theme,
    switches: &[bool],
) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    program_identity(&[]).hash(&mut hasher);
    switches.hash(&mut hasher);
    format!("{config:?}").hash(&mut hasher);
    // Each file hashed apart, in parallel; the list of their hashes in order is what counts.
    let files: Vec<u64> = sources
        .briefings
        .par_iter()
        .chain(sources.actors.par_iter())
        .map(|file| {
            let mut hasher = std::hash::DefaultHasher::new();
            file.path.hash(&mut hasher);
            file.text.hash(&mut hasher);
            hasher.finish()
        })
        .collect();
    files.hash(&mut hasher);
    sources.briefings.len().hash(&mut hasher);
    for (name, file) in &theme.templates {
        name.hash(&mut hasher);
        file.bytes.hash(&mut hasher);
    }
    for (path, file) in &theme.statics {
        path.hash(&mut hasher);
        file.bytes.hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// This program, told apart from any other build of it (its version, and the size and time of
/// its executable, so a rebuilt binary never trusts what an old one made), with `options`.
pub(crate) fn program_identity(options: &[&str]) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    if let Some(metadata) = std::env::current_exe()
        .ok()
        .and_then(|exe| fs::metadata(exe).ok())
    {
        metadata.len().hash(&mut hasher);
        metadata.modified().ok().hash(&mut hasher);
    }
    options.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_is_kept_per_output_folder() {
        let root = tempfile::tempdir().unwrap();
        let mut manifest = Manifest {
            identity: "id".into(),
            fingerprint: "00ff".into(),
            totals: Totals {
                briefings: 3,
                actors: 2,
                tags: 1,
                pages: 9,
            },
            warnings: vec![Diagnostic::warning("content/x.md", "careful")],
            files: BTreeMap::new(),
        };
        manifest.files.insert(
            "index.html".into(),
            Written {
                stamp: Stamp {
                    size: 10,
                    modified_ns: 42,
                },
                digest: Some(7),
            },
        );
        let public = root.path().join("public");
        manifest.save(root.path(), &public);
        assert_eq!(Manifest::load(root.path(), &public), Some(manifest));
        assert_eq!(
            Manifest::load(root.path(), &root.path().join("elsewhere")),
            None
        );
        Manifest::forget(root.path(), &public);
        assert_eq!(Manifest::load(root.path(), &public), None);
    }
}
