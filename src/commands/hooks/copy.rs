//! Copies a site built in the work folder into a new publication, cheaply: each file is a hard
//! link to the built one, and a copy only where a link cannot be made (another file system).
//! Links are safe because a build never changes a file in place: it writes a new file and
//! renames it over the old one, so a published file keeps its bytes whatever later builds do.

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// How a site was copied.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Copied {
    pub linked: usize,
    pub copied: usize,
}

/// Puts every file of the site built in `site` (as its marker lists them) into the empty
/// folder `dest`.
pub(super) fn copy_site(site: &Path, dest: &Path) -> Result<Copied, Error> {
    let files = crate::write::files_of_site(site)?;
    let mut made: HashSet<PathBuf> = HashSet::new();
    let mut copied = Copied::default();
    let mut links = true;
    for file in files {
        if !plain(&file) {
            let marker = site.join(crate::write::MARKER);
            return Err(Error::output(
                "copy the site listed in",
                &marker,
                std::io::Error::other(format!("'{}' is not a path inside it", file.display())),
            ));
        }
        let (from, to) = (site.join(&file), dest.join(&file));
        if let Some(dir) = to.parent().filter(|d| !made.contains(*d)) {
            fs::create_dir_all(dir).map_err(|e| Error::output("create", dir, e))?;
            made.extend(dir.ancestors().map(Path::to_path_buf));
        }
        if links && fs::hard_link(&from, &to).is_ok() {
            copied.linked += 1;
            continue;
        }
        links = false;
        fs::copy(&from, &to).map_err(|e| Error::output("copy", &from, e))?;
        copied.copied += 1;
    }
    Ok(copied)
}

/// Whether `path` is made of plain names only.
fn plain(path: &Path) -> bool {
    path.components().next().is_some()
        && path.components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::site::OutputFile;
    use crate::write::Staging;

    fn build(out: &Path, files: &[(&str, &str)]) {
        let files: Vec<OutputFile> = files
            .iter()
            .map(|(path, text)| OutputFile::new(PathBuf::from(path), text.as_bytes().to_vec()))
            .collect();
        let mut staging = Staging::open(out).unwrap();
        staging.stage(&files).unwrap();
        staging.commit().unwrap();
    }

    #[test]
    fn a_copy_keeps_its_bytes_whatever_the_next_build_does() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        build(&site, &[("index.html", "one"), ("a/index.html", "a")]);
        fs::write(site.join("notes.txt"), "not the site's").unwrap();
        let published = dir.path().join("published");
        fs::create_dir(&published).unwrap();
        let copied = copy_site(&site, &published).unwrap();
        assert_eq!(copied.linked, 3, "two pages and the marker");
        assert!(!published.join("notes.txt").exists());

        build(&site, &[("index.html", "two"), ("b/index.html", "b")]);
        assert_eq!(
            fs::read_to_string(published.join("index.html")).unwrap(),
            "one"
        );
        assert_eq!(
            fs::read_to_string(published.join("a/index.html")).unwrap(),
            "a"
        );
        assert!(!published.join("b").exists());
    }

    #[test]
    fn a_site_whose_build_did_not_finish_is_not_copied() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        build(&site, &[("index.html", "one")]);
        fs::write(site.join(".dossier-building"), "").unwrap();
        let published = dir.path().join("published");
        let err = copy_site(&site, &published).unwrap_err().to_string();
        assert!(err.contains("did not finish"), "{err}");
    }
}
