//! The checks made on every file of a new site before anything is put in place: each path is
//! claimed once (a theme's static file named like a page is an error naming both), no file
//! stands where a folder of others must go, no name is too long for a file system, and no file
//! would replace one that dossier did not write. `build` makes them as it stages each file;
//! `check` makes the same ones on the files it keeps in memory.

use rustc_hash::FxHashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use super::ownership::Ownership;
use crate::error::Diagnostic;
use crate::path_key::{bytes, PathKey};
use crate::site::{describe, OutputFile};

/// The longest file name most file systems allow, in bytes.
const NAME_LIMIT: usize = 255;

/// What a new file displaces that dossier wrote before and the new site no longer has: a
/// file where the new file needs a folder, or a folder where it goes.
#[derive(Debug, Default)]
pub(crate) struct Displaced {
    pub files: Vec<PathBuf>,
    pub folders: Vec<PathBuf>,
}

/// The paths of a new site, each with where it comes from.
#[derive(Debug, Default)]
pub(crate) struct Claims {
    /// Every file, and the file it is a copy of.
    files: FxHashMap<PathKey, Option<PathBuf>>,
    /// Every folder that holds a file, and one of the files it holds.
    folders: FxHashMap<PathKey, PathBuf>,
}

impl Claims {
    /// Claims the place of `path` for a file copied from `origin` (none for a file the build
    /// makes); an error where the place is taken or cannot be a file.
    pub(crate) fn claim(&mut self, path: &Path, origin: Option<&Path>) -> Result<(), Diagnostic> {
        let shown = || describe(path, origin);
        let problem = |message: String, hint: &str| {
            Diagnostic::error(origin.unwrap_or(path), message).with_hint(hint.to_string())
        };
        if !is_plain_relative(path) {
            return Err(problem(
                format!("{} would lie outside the output folder", shown()),
                "rename what the path comes from",
            ));
        }
        if let Some(long) = path.iter().find(|name| name.len() > NAME_LIMIT) {
            return Err(problem(
                format!(
                    "{} has a name of {} bytes, over the {NAME_LIMIT} file systems allow: {}",
                    shown(),
                    long.len(),
                    long.to_string_lossy()
                ),
                "shorten the name it comes from",
            ));
        }
        // Two files meeting are described the same whichever came first: a copied file (which
        // a user can rename) first and where the problem is said to be.
        if let Some(other) = self.files.get(bytes(path)) {
            let mut both = [
                (origin, describe(path, origin)),
                (other.as_deref(), describe(path, other.as_deref())),
            ];
            both.sort_by(|a, b| (a.0.is_none(), &a.1).cmp(&(b.0.is_none(), &b.1)));
            let [(at, first), (_, second)] = both;
            return Err(Diagnostic::error(
                at.unwrap_or(path),
                format!("{first} and {second} would be the same file of the site"),
            )
            .with_hint("rename one of them, or remove the one that is not wanted".to_string()));
        }
        if let Some(inside) = self.folders.get(bytes(path)) {
            let within = self.files.get(bytes(inside)).and_then(Option::as_deref);
            return Err(in_the_way((path, origin), (inside, within)));
        }
        for folder in path
            .ancestors()
            .skip(1)
            .filter(|a| !a.as_os_str().is_empty())
        {
            if let Some(other) = self.files.get(bytes(folder)) {
                return Err(in_the_way((folder, other.as_deref()), (path, origin)));
            }
            // A folder noted before was noted with every folder it is in.
            if self.folders.contains_key(bytes(folder)) {
                break;
            }
            self.folders
                .insert(PathKey::from(folder), path.to_path_buf());
        }
        self.files
            .insert(PathKey::from(path), origin.map(Path::to_path_buf));
        Ok(())
    }

    /// Claims the place of every file, for a check that keeps the files.
    pub(crate) fn claim_all(&mut self, files: &[OutputFile]) -> Result<(), Diagnostic> {
        files
            .iter()
            .try_for_each(|f| self.claim(&f.path, f.origin.as_deref()))
    }

    pub(crate) fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathKey::as_path)
    }

    /// Every path claimed, the claims given up.
    pub(crate) fn into_paths(self) -> impl Iterator<Item = PathBuf> {
        self.files.into_keys().map(PathKey::into_path_buf)
    }

    /// How many files are claimed.
    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether a file of the new site is at `path`.
    pub(crate) fn contains(&self, path: &Path) -> bool {
        self.files.contains_key(bytes(path))
    }
}

/// A file that stands where the folder of another must go (each with the file it is a copy
/// of), said the same whichever was claimed first: where the file in the way is a copy, at it.
fn in_the_way(file: (&Path, Option<&Path>), inside: (&Path, Option<&Path>)) -> Diagnostic {
    let at = file.1.or(inside.1).unwrap_or(file.0);
    Diagnostic::error(
        at,
        format!(
            "{} would stand where the folder of {} goes",
            describe(file.0, file.1),
            describe(inside.0, inside.1)
        ),
    )
    .with_hint("rename one of them".to_string())
}

/// Checks the place of a new file in `output` as it stands: what is there, or on the way to
/// it, must be dossier's. Returns what of dossier's the new site displaces.
pub(crate) fn check_place(
    output: &Path,
    ownership: &Ownership,
    path: &Path,
    origin: Option<&Path>,
) -> Result<Displaced, Diagnostic> {
    let mut displaced = Displaced::default();
    let foreign = |what: &Path| {
        Diagnostic::error(
            origin.unwrap_or(path),
            format!(
                "{} would replace {}, which dossier did not write",
                describe(path, origin),
                output.join(what).display()
            ),
        )
        .with_hint("dossier never replaces files of others: move that file out of the output folder, or rename what the new file comes from")
    };
    for folder in path
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
    {
        match fs::symlink_metadata(output.join(folder)) {
            Ok(metadata) if !metadata.is_dir() => {
                if !ownership.owns(folder) {
                    return Err(foreign(folder));
                }
                displaced.files.push(folder.to_path_buf());
            }
            _ => {}
        }
    }
    match fs::symlink_metadata(output.join(path)) {
        Ok(metadata) if metadata.is_dir() => {
            if let Some(other) = first_foreign(output, path, ownership) {
                return Err(foreign(&other));
            }
            displaced.folders.push(path.to_path_buf());
        }
        Ok(_) if !ownership.owns(path) => return Err(foreign(path)),
        _ => {}
    }
    Ok(displaced)
}

/// A file under the folder `relative` that dossier did not write, if there is one.
fn first_foreign(output: &Path, relative: &Path, ownership: &Ownership) -> Option<PathBuf> {
    let entries = fs::read_dir(output.join(relative)).ok()?;
    for entry in entries.flatten() {
        let child = relative.join(entry.file_name());
        let found = if entry.file_type().is_ok_and(|t| t.is_dir()) {
            first_foreign(output, &child, ownership)
        } else if ownership.owns(&child) || super::ownership::is_temporary(&entry.file_name()) {
            None
        } else {
            Some(child)
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Whether `path` names a place below a folder: only plain names, no root, `.` or `..`.
pub(super) fn is_plain_relative(path: &Path) -> bool {
    path.components().next().is_some()
        && path.components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_claimed_once_and_never_as_file_and_folder() {
        let mut claims = Claims::default();
        let theme = Path::new("themes/mine/static/tags");
        claims.claim(Path::new("tags/x/index.html"), None).unwrap();
        let error = claims.claim(Path::new("tags"), Some(theme)).unwrap_err();
        assert!(error.message.contains("where the folder of"), "{error}");
        assert_eq!(error.path, theme);
        claims.claim(Path::new("index.html"), None).unwrap();
        let error = claims
            .claim(
                Path::new("index.html"),
                Some(Path::new("themes/mine/static/index.html")),
            )
            .unwrap_err();
        assert!(error.message.contains("same file"), "{error}");
        claims
            .claim(Path::new("feed.xml"), Some(Path::new("static/feed.xml")))
            .unwrap();
        let error = claims
            .claim(Path::new("feed.xml/index.html"), None)
            .unwrap_err();
        assert!(error.message.contains("where the folder of"), "{error}");
        assert_eq!(error.path, Path::new("static/feed.xml"));
        let long = format!("tags/{}/index.html", "x".repeat(300));
        assert!(claims
            .claim(Path::new(&long), None)
            .unwrap_err()
            .message
            .contains("300 bytes"));
        assert!(claims.claim(Path::new("../x"), None).is_err());
    }

    #[test]
    fn two_files_meeting_are_said_the_same_whichever_comes_first() {
        let theme = Path::new("themes/mine/static/tags");
        let pairs: [[(&str, Option<&Path>); 2]; 2] = [
            [("tags", Some(theme)), ("tags/x/index.html", None)],
            [("tags", Some(theme)), ("tags", None)],
        ];
        for pair in pairs {
            let said: Vec<Diagnostic> = [[0, 1], [1, 0]]
                .iter()
                .map(|order| {
                    let mut claims = Claims::default();
                    let (first, second) = (pair[order[0]], pair[order[1]]);
                    claims.claim(Path::new(first.0), first.1).unwrap();
                    claims.claim(Path::new(second.0), second.1).unwrap_err()
                })
                .collect();
            assert_eq!(said[0], said[1]);
            assert_eq!(said[0].path, theme);
        }
    }

    #[test]
    fn a_place_taken_by_a_file_of_others_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::write(out.join("CNAME"), "example.org").unwrap();
        fs::create_dir_all(out.join("old")).unwrap();
        fs::write(out.join("old/index.html"), "mine").unwrap();
        let mut ownership = Ownership::default();
        let error = check_place(out, &ownership, Path::new("CNAME"), None).unwrap_err();
        assert!(error.message.contains("did not write"), "{error}");
        let error = check_place(out, &ownership, Path::new("old"), None).unwrap_err();
        assert!(error.message.contains("old/index.html"), "{error}");
        ownership
            .owned
            .insert(PathKey::from(Path::new("old/index.html")));
        let displaced = check_place(out, &ownership, Path::new("old"), None).unwrap();
        assert_eq!(displaced.folders, [PathBuf::from("old")]);
        let displaced = check_place(out, &ownership, Path::new("old/index.html/x"), None).unwrap();
        assert_eq!(displaced.files, [PathBuf::from("old/index.html")]);
    }
}
