//! What survives between builds, in the archive's `.dossier-cache/` (never in the output, so
//! the site's bytes stay the same for the same input). Deleting the folder is always safe: the
//! next build makes everything again.
//!
//! - `builds/<output>.bin`, one per output folder ([`Manifest`]): a fingerprint of every input
//!   of the last build into it, what it counted and warned about, and each file it left there
//!   with its size, modification time and the digest of what it was made from. A build whose
//!   inputs have the same fingerprint, into a folder that still holds those files untouched, has
//!   nothing to do; otherwise the files whose digest is unchanged are kept as they are.
//! - `sources.bin` ([`Known`]): what was read of each briefing file (its stamp, front matter and
//!   the digests of its body and text), so an unchanged file is not read again;
//! - `check.bin`: what the last `dossier check` found, with the links and ids of every page it
//!   rendered under the digest the page was made from, so the next check renders and reads
//!   again only the pages a change can affect;
//! - `store/` ([`Store`]): what was made from single briefings (rendered bodies and the like),
//!   under the digest of what each was made from, for any later build to use again.
//!
//! The types of these records live here too, below every step that uses them: the digest of
//! what a file is made from ([`digest`]), what the last build made ([`Previous`], [`Memo`]) and
//! how an output file stood when it was written ([`Stamp`], [`Written`]).
//!
//! Every file names its format and the build of dossier that wrote it and carries a checksum
//! (`file`); one that is missing, damaged, cut short or foreign is not used, and the build says
//! so in one line.

mod file;
mod store;

use rustc_hash::FxHashMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::Diagnostic;
use crate::load::{Known, Sources};
use crate::path_key::{bytes, PathKey};

pub(crate) use file::Unusable;
pub(crate) use store::Store;

/// The digest of what a file is made from: equal digests, equal files.
pub(crate) fn digest(value: &impl std::hash::Hash) -> u64 {
    crate::digest::of(value)
}

/// What the last build into the output folder made, as far as it still stands there: the
/// digest of each file left untouched since, and what its pages were made from. A generator
/// that finds the same digest for a file keeps it (`Sink::keep`) instead of making it again.
#[derive(Debug, Default)]
pub(crate) struct Previous {
    digests: std::sync::Arc<FxHashMap<PathKey, u64>>,
    pub memo: Memo,
    /// The folder of the output the paths asked about are in ("" for the root).
    folder: PathBuf,
}

impl Previous {
    pub(crate) fn new(digests: FxHashMap<PathKey, u64>, memo: Memo) -> Previous {
        Previous {
            digests: std::sync::Arc::new(digests),
            memo,
            folder: PathBuf::new(),
        }
    }

    /// What the last build made in the output's `folder` (a language's), with paths from
    /// there and the memo of that language's pages.
    pub(crate) fn in_folder(&self, folder: &Path) -> Previous {
        Previous {
            digests: std::sync::Arc::clone(&self.digests),
            memo: self
                .memo
                .languages
                .get(&folder.to_string_lossy().into_owned())
                .cloned()
                .unwrap_or_default(),
            folder: self.folder.join(folder),
        }
    }

    fn get(&self, path: &Path) -> Option<u64> {
        if self.folder.as_os_str().is_empty() {
            self.digests.get(bytes(path)).copied()
        } else {
            self.digests.get(bytes(&self.folder.join(path))).copied()
        }
    }

    /// Whether the file at `path` is what inputs with this digest make.
    pub(crate) fn unchanged(&self, path: &Path, digest: u64) -> bool {
        self.get(path) == Some(digest)
    }

    /// The digest the file at `path` was made from, if it still stands as it was made.
    pub(crate) fn digest(&self, path: &Path) -> Option<u64> {
        self.get(path)
    }
}

/// What the pages of a build were made from, in brief: the digest of everything but the texts,
/// and for each briefing and actor the digest of its text and of what the texts say of it
/// (who links to a briefing, which bodies name an actor), and for a briefing the files of its
/// bundle as its page lists them. Where the first is the same as the last build's, only the
/// pages of briefings and actors whose second changed can differ.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Memo {
    pub structure: u64,
    pub briefings: FxHashMap<String, u64>,
    pub actors: FxHashMap<String, u64>,
    /// In an archive of several languages, the memo of each other language's pages, by the
    /// folder they are in.
    pub languages: std::collections::BTreeMap<String, Memo>,
}

/// The size and modification time of one output file, as a build left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    pub size: u64,
    pub modified_ns: u128,
}

impl Stamp {
    pub(crate) fn of(metadata: &fs::Metadata) -> std::io::Result<Stamp> {
        let modified_ns = metadata
            .modified()?
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Ok(Stamp {
            size: metadata.len(),
            modified_ns,
        })
    }
}

/// A file of the site as a build left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Written {
    pub stamp: Stamp,
    /// The digest of what it was made from, if its generator gave one.
    pub digest: Option<u64>,
}

/// The archive's cache folder, beside content/ (ignored by the archive's .gitignore).
pub(crate) const CACHE_DIR: &str = ".dossier-cache";

/// What earlier builds read of the archive's briefings, for this build of dossier.
pub(crate) fn known(root: &Path) -> Known {
    file::read(
        &root.join(CACHE_DIR).join("sources.bin"),
        &program_identity(&[]),
    )
    .unwrap_or_default()
}

/// Keeps what this build read of the archive's briefings, for the next.
pub(crate) fn save_known(root: &Path, known: &Known) -> std::io::Result<()> {
    file::write(
        &root.join(CACHE_DIR).join("sources.bin"),
        &program_identity(&[]),
        known,
    )
}

/// What the last `check` with these options made of the archive, or why there is nothing to
/// start from.
pub(crate) fn last_check<T: serde::de::DeserializeOwned>(
    root: &Path,
    program: &str,
) -> Result<T, Unusable> {
    file::read(&root.join(CACHE_DIR).join("check.bin"), program)
}

/// Keeps what this `check` made of the archive, for the next; a failure costs that one its
/// shortcut, and is for the caller to say.
pub(crate) fn save_check<T: Serialize>(
    root: &Path,
    program: &str,
    value: &T,
) -> std::io::Result<()> {
    file::write(&root.join(CACHE_DIR).join("check.bin"), program, value)
}

/// The warning of a `step` (a build, a check) whose state could not be kept in the cache
/// folder, and what the `next` one does for want of it. Said once, whatever failed first.
pub(crate) fn unkept(root: &Path, error: &std::io::Error, step: &str, next: &str) -> Diagnostic {
    Diagnostic::warning(
        root.join(CACHE_DIR),
        format!("the {step} could not keep its state here ({error}); the next {step} {next}"),
    )
    .with_hint(format!(
        "make {CACHE_DIR} a folder dossier may write in (whatever stands there now is not dossier's), or remove it"
    ))
}

/// Opens the archive's store, for this build of dossier.
pub(crate) fn store(root: &Path) -> Store {
    Store::open(&root.join(CACHE_DIR).join("store"), &program_identity(&[]))
}

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
    /// [`fingerprint`] of the build's inputs, in hexadecimal.
    pub fingerprint: String,
    pub totals: Totals,
    pub warnings: Vec<Diagnostic>,
    /// Every file of the output but the marker, by path relative to the output folder.
    pub files: FxHashMap<PathKey, Written>,
    /// What its pages were made from, in brief.
    pub memo: Memo,
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
            .join(format!("{:016x}.bin", hasher.finish()))
    }

    /// The manifest of the last build from `root` into `output` by `program` (this build of
    /// dossier with the options of this build), or why there is none to use.
    pub(crate) fn load(root: &Path, output: &Path, program: &str) -> Result<Manifest, Unusable> {
        file::read(&Manifest::path(root, output), program)
    }

    /// Keeps the manifest for the next build. A cache that cannot be written only costs the
    /// next build its shortcut: the caller says so and goes on.
    pub(crate) fn save(&self, root: &Path, output: &Path, program: &str) -> std::io::Result<()> {
        file::write(&Manifest::path(root, output), program, self)
    }

    /// Forgets the manifest, before the output changes.
    pub(crate) fn forget(root: &Path, output: &Path) {
        let _ = fs::remove_file(Manifest::path(root, output));
    }

    /// Whether `found` (the stamps of dossier's files in the output now) are exactly the files
    /// this manifest lists, with the same sizes and modification times (so none was edited,
    /// added or removed since).
    pub(crate) fn still_holds(&self, found: &FxHashMap<PathKey, Stamp>) -> bool {
        found.len() == self.files.len()
            && self
                .files
                .iter()
                .all(|(path, file)| found.get(path) == Some(&file.stamp))
    }

    /// The stamps of the files as this build left them.
    pub(crate) fn stamps(&self) -> FxHashMap<PathKey, Stamp> {
        self.files
            .iter()
            .map(|(path, file)| (path.clone(), file.stamp))
            .collect()
    }

    /// The digests of the files that are still as this build left them, in `found`.
    pub(crate) fn previous(&self, found: &FxHashMap<PathKey, Stamp>) -> Previous {
        Previous::new(
            self.files
                .iter()
                .filter(|(path, file)| found.get(*path) == Some(&file.stamp))
                .filter_map(|(path, file)| Some((path.clone(), file.digest?)))
                .collect(),
            self.memo.clone(),
        )
    }
}

/// A fingerprint of everything a build's output depends on: this program (its version, and the
/// size and time of its executable, so a rebuilt binary never trusts an old output), the
/// options and settings, every source file's path and text, the path, size and time of every
/// attachment and static file, and every file of the theme (its templates by name, its static
/// files by path).
pub(crate) fn fingerprint(
    config: &Config,
    sources: &Sources,
    theme: &[(&Path, &[u8])],
    switches: &[bool],
) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    program_identity(&[]).hash(&mut hasher);
    switches.hash(&mut hasher);
    format!("{config:?}").hash(&mut hasher);
    // Each file by its path and the digest of its text, read now or by an earlier build.
    let files: Vec<(&PathBuf, u64)> = sources
        .briefings
        .iter()
        .chain(&sources.actors)
        .map(|file| (&file.path, file.digest))
        .collect();
    files.hash(&mut hasher);
    sources.briefings.len().hash(&mut hasher);
    // Attachments and static files by their stamps, not read: a changed one has another
    // stamp. One changed too recently for that is never taken as unchanged.
    sources.bundles.hash(&mut hasher);
    sources.statics.hash(&mut hasher);
    if sources.unsettled() {
        std::time::SystemTime::now().hash(&mut hasher);
    }
    theme.hash(&mut hasher);
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
            fingerprint: "00ff".into(),
            totals: Totals {
                briefings: 3,
                actors: 2,
                tags: 1,
                pages: 9,
            },
            warnings: vec![Diagnostic::warning("content/x.md", "careful")],
            files: FxHashMap::default(),
            memo: Memo::default(),
        };
        manifest.files.insert(
            PathKey::from(Path::new("index.html")),
            Written {
                stamp: Stamp {
                    size: 10,
                    modified_ns: 42,
                },
                digest: Some(7),
            },
        );
        let public = root.path().join("public");
        manifest.save(root.path(), &public, "p").unwrap();
        assert_eq!(Manifest::load(root.path(), &public, "p").unwrap(), manifest);
        assert!(matches!(
            Manifest::load(root.path(), &public, "another build"),
            Err(Unusable::OtherProgram)
        ));
        assert!(matches!(
            Manifest::load(root.path(), &root.path().join("elsewhere"), "p"),
            Err(Unusable::Missing)
        ));
        Manifest::forget(root.path(), &public);
        assert!(Manifest::load(root.path(), &public, "p").is_err());
    }
}
