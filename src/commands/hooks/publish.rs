//! Publishing a site so that readers never see half of it: the published folder `DIR` is a
//! symbolic link to a complete build in `DIR.builds/`. A new site is built in a hidden folder
//! there, renamed once complete, and the link is replaced by another in one rename. A failed
//! build leaves `DIR` as it was. The build before the live one is kept for a rollback; older
//! ones are removed.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::Error;

/// Unfinished builds older than this are leftovers of a hook that was killed.
const STALE: Duration = Duration::from_secs(24 * 60 * 60);
/// The name of an unfinished build starts with this.
const PARTIAL: &str = ".partial-";

/// Where a published site lives: the link and the folder of builds beside it.
#[derive(Debug)]
pub(super) struct Place {
    /// `DIR`, absolute.
    pub link: PathBuf,
    /// `DIR.builds`.
    pub builds: PathBuf,
}

impl Place {
    pub(super) fn new(dir: &Path) -> Result<Place, Error> {
        let link = std::path::absolute(dir)
            .map_err(|e| Error::Failed(format!("cannot use {}: {e}", dir.display())))?;
        let name = link
            .file_name()
            .ok_or_else(|| Error::Failed(format!("cannot publish to {}", link.display())))?
            .to_os_string();
        let mut builds_name = name;
        builds_name.push(".builds");
        let builds = link.with_file_name(builds_name);
        Ok(Place { link, builds })
    }

    fn parent(&self) -> &Path {
        self.link.parent().unwrap_or(Path::new("/"))
    }
}

/// Builds a site with `build` (given an empty folder to fill) and makes it the one at
/// `place.link`. `label` names the build folder (a short revision).
pub(super) fn publish<R>(
    place: &Place,
    label: &str,
    build: impl FnOnce(&Path) -> Result<R, Error>,
) -> Result<R, Error> {
    fs::create_dir_all(&place.builds).map_err(|e| Error::output("create", &place.builds, e))?;
    let prefix = format!("{PARTIAL}{label}-");
    let mut folder = tempfile::Builder::new();
    folder.prefix(&prefix);
    #[cfg(unix)]
    folder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o755));
    let partial = folder
        .tempdir_in(&place.builds)
        .map_err(|e| Error::output("create a folder in", &place.builds, e))?;
    let report = build(partial.path())?;
    make_readable(partial.path())?;
    let finished_name = partial
        .path()
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()[PARTIAL.len()..]
        .to_string();
    let finished = place.builds.join(&finished_name);
    fs::rename(partial.path(), &finished)
        .map_err(|e| Error::output("rename", partial.path(), e))?;
    let _ = partial.keep();

    let previous = current_target(place)?;
    switch(place, &finished_name)?;
    remove_old(place, &[Some(finished), previous]);
    Ok(report)
}

/// The build the link points to now, or `None`: no link yet, or a real folder, which is moved
/// aside (once) so that a link can take its place.
fn current_target(place: &Place) -> Result<Option<PathBuf>, Error> {
    let Ok(meta) = fs::symlink_metadata(&place.link) else {
        return Ok(None);
    };
    if meta.file_type().is_symlink() {
        let target =
            fs::read_link(&place.link).map_err(|e| Error::output("read", &place.link, e))?;
        return Ok(Some(place.parent().join(target)));
    }
    if !meta.is_dir() {
        return Err(Error::Failed(format!(
            "cannot publish to {}: it is a file, not a folder",
            place.link.display()
        )));
    }
    migrate(place)?;
    Ok(None)
}

/// Moves a real folder at the link's place aside. Readers miss the site for the instant
/// between this move and the first link; every later publication is a single rename.
fn migrate(place: &Place) -> Result<(), Error> {
    if fs::remove_dir(&place.link).is_ok() {
        return Ok(());
    }
    let stamp = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let mut name = place.link.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".before-dossier-{stamp}"));
    let aside = place.link.with_file_name(name);
    fs::rename(&place.link, &aside).map_err(|e| Error::output("move aside", &place.link, e))?;
    eprintln!(
        "dossier: {} was a folder; it is now a link to the published build, and what it held \
         was moved to {}",
        place.link.display(),
        aside.display()
    );
    Ok(())
}

/// Points the link at `builds/<name>`: a new link beside it, renamed over it.
fn switch(place: &Place, name: &str) -> Result<(), Error> {
    let builds_name = place.builds.file_name().unwrap_or_default();
    let target = Path::new(builds_name).join(name);
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(place.link.file_name().unwrap_or_default());
    temp_name.push(format!(".link-{}", std::process::id()));
    let temp = place.link.with_file_name(temp_name);
    let _ = fs::remove_file(&temp);
    symlink(&target, &temp).map_err(|e| Error::output("create the link", &temp, e))?;
    fs::rename(&temp, &place.link).map_err(|e| {
        let _ = fs::remove_file(&temp);
        Error::output("replace", &place.link, e)
    })
}

/// Removes the builds that are not kept: neither `keep`, nor the live one, nor an unfinished
/// one that may belong to a publication under way.
fn remove_old(place: &Place, keep: &[Option<PathBuf>]) {
    let live = fs::read_link(&place.link)
        .ok()
        .map(|t| place.parent().join(t));
    let kept: Vec<PathBuf> = keep
        .iter()
        .chain([&live])
        .flatten()
        .filter_map(|p| name_of(p))
        .collect();
    let Ok(entries) = fs::read_dir(&place.builds) else {
        return;
    };
    for entry in entries.flatten() {
        let name = PathBuf::from(entry.file_name());
        if kept.contains(&name) || (is_partial(&name) && !is_stale(&entry)) {
            continue;
        }
        if let Err(e) = fs::remove_dir_all(entry.path()) {
            eprintln!(
                "dossier: cannot remove the old build {}: {e}",
                entry.path().display()
            );
        }
    }
}

fn name_of(path: &Path) -> Option<PathBuf> {
    path.file_name().map(PathBuf::from)
}

fn is_partial(name: &Path) -> bool {
    name.to_string_lossy().starts_with(PARTIAL)
}

fn is_stale(entry: &fs::DirEntry) -> bool {
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE)
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "publishing needs symbolic links, which this system lacks",
    ))
}

/// Makes a build readable by everyone (a web server runs as another user): folders 755,
/// files 644.
#[cfg(unix)]
fn make_readable(dir: &Path) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    let entries = fs::read_dir(dir).map_err(|e| Error::output("read", dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::output("read", dir, e))?;
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let mode = if is_dir { 0o755 } else { 0o644 };
        fs::set_permissions(&path, fs::Permissions::from_mode(mode))
            .map_err(|e| Error::output("set the permissions of", &path, e))?;
        if is_dir {
            make_readable(&path)?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_readable(_dir: &Path) -> Result<(), Error> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn site(text: &'static str) -> impl FnOnce(&Path) -> Result<(), Error> {
        move |dir| {
            fs::write(dir.join("index.html"), text).unwrap();
            Ok(())
        }
    }

    #[test]
    fn each_publication_swaps_the_link_and_keeps_one_previous_build() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place::new(&dir.path().join("www")).unwrap();
        for (label, text) in [("a", "one"), ("b", "two"), ("c", "three")] {
            publish(&place, label, site(text)).unwrap();
            assert_eq!(
                fs::read_to_string(place.link.join("index.html")).unwrap(),
                text
            );
        }
        let mut left: Vec<String> = fs::read_dir(&place.builds)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy()[..1].to_string())
            .collect();
        left.sort();
        assert_eq!(left, ["b", "c"]);
    }

    #[test]
    fn a_failed_build_leaves_the_site_alone() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place::new(&dir.path().join("www")).unwrap();
        publish(&place, "a", site("one")).unwrap();
        let before = fs::read_link(&place.link).unwrap();
        let failed = publish(&place, "b", |_| Err::<(), _>(Error::Failed("no".into())));
        assert!(failed.is_err());
        assert_eq!(fs::read_link(&place.link).unwrap(), before);
        assert_eq!(
            fs::read_dir(&place.builds).unwrap().count(),
            1,
            "the failed build is gone"
        );
    }

    #[test]
    fn a_real_folder_is_moved_aside_once() {
        let dir = tempfile::tempdir().unwrap();
        let www = dir.path().join("www");
        fs::create_dir(&www).unwrap();
        fs::write(www.join("old.html"), "old").unwrap();
        let place = Place::new(&www).unwrap();
        publish(&place, "a", site("new")).unwrap();
        assert!(fs::symlink_metadata(&www).unwrap().file_type().is_symlink());
        let aside: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("www.before-dossier-"))
            .collect();
        assert_eq!(aside.len(), 1);
        assert_eq!(
            fs::read_to_string(dir.path().join(&aside[0]).join("old.html")).unwrap(),
            "old"
        );
    }
}
