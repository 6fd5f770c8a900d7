//! Publishing a site so that readers never see half of it: the published folder `DIR` is a
//! symbolic link to a complete build in `DIR.builds/`. A new site is built in a hidden folder
//! there, renamed once complete (its name starts with the revision built), and the link is
//! replaced by another in one rename. A failed build leaves `DIR` as it was and no folder
//! behind. The live build and the `KEPT_PREVIOUS` before it are kept for a rollback; older
//! ones are removed. `DIR` may never hold the repository or lie inside it.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::Error;

/// How many builds before the live one are kept, to roll back to by pointing the link at one:
/// enough to step back past a bad publication and the one before it, few enough that a large
/// site does not fill the disk.
pub(super) const KEPT_PREVIOUS: usize = 2;
/// Unfinished builds older than this are leftovers of a hook that was killed.
const STALE: Duration = Duration::from_secs(24 * 60 * 60);
/// The name of an unfinished build starts with this.
const PARTIAL: &str = ".partial-";

/// Where a published site lives: the link and the folder of builds beside it.
#[derive(Debug)]
pub(super) struct Place {
    /// `DIR`, absolute and normalised.
    pub link: PathBuf,
    /// `DIR.builds`.
    pub builds: PathBuf,
}

impl Place {
    /// The place for `dir`, normalised, refused where it is, holds or lies inside one of the
    /// `repository`'s folders (canonical), since publishing replaces `DIR` with a link.
    pub(super) fn new(dir: &Path, repository: &[PathBuf]) -> Result<Place, Error> {
        let link = normalize(dir)?;
        let mut builds_name = link.file_name().unwrap_or_default().to_os_string();
        builds_name.push(".builds");
        let builds = link.with_file_name(builds_name);
        for folder in repository {
            for path in [&link, &builds] {
                refuse_overlap(path, folder)?;
            }
        }
        Ok(Place { link, builds })
    }

    /// The revision the live build was made from, by its folder's name.
    pub(super) fn live_revision(&self) -> Option<String> {
        let target = fs::read_link(&self.link).ok()?;
        let name = target.file_name()?.to_string_lossy().into_owned();
        let (revision, _) = name.split_once('-')?;
        Some(revision.to_string())
    }
}

/// `dir` made absolute, without `.`, `..` or a trailing slash, and with the folders above it
/// that exist resolved through symbolic links. Its own name is kept as it is: it is the link
/// that is replaced, not where the link leads.
fn normalize(dir: &Path) -> Result<PathBuf, Error> {
    let absolute = std::path::absolute(dir)
        .map_err(|e| Error::Failed(format!("cannot use {}: {e}", dir.display())))?;
    let mut lexical = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                lexical.pop();
            }
            other => lexical.push(other),
        }
    }
    let (Some(parent), Some(name)) = (lexical.parent(), lexical.file_name()) else {
        return Err(Error::Failed(format!(
            "cannot publish to {}: name a folder to replace with the site, such as /srv/www",
            dir.display()
        )));
    };
    let mut existing = parent;
    let mut missing = Vec::new();
    while fs::symlink_metadata(existing).is_err() {
        missing.push(existing.file_name().unwrap_or_default());
        existing = existing.parent().unwrap_or(Path::new("/"));
    }
    let mut resolved = existing
        .canonicalize()
        .map_err(|e| Error::output("find", existing, e))?;
    resolved.extend(missing.iter().rev());
    resolved.push(name);
    Ok(resolved)
}

/// Refuses `path` where it is `folder`, holds it or lies inside it.
fn refuse_overlap(path: &Path, folder: &Path) -> Result<(), Error> {
    let problem = if path == folder {
        "is the repository"
    } else if folder.starts_with(path) {
        "holds the repository"
    } else if path.starts_with(folder) {
        "lies inside the repository"
    } else {
        return Ok(());
    };
    Err(Error::Failed(format!(
        "cannot publish to {}: it {problem} {}, and publishing replaces that folder with a link \
         to the site; choose a --publish folder outside the repository, such as one beside it",
        path.display(),
        folder.display()
    )))
}

/// Holds the work folder and the publication of a repository for one hook at a time: an
/// operating-system lock on `path` (a file in the git folder), so a killed hook leaves no stale
/// lock behind.
pub(super) fn lock(path: &Path) -> Result<fs::File, Error> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::output("open", path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => {
            println!("dossier: waiting for another push to be built or published");
            file.lock().map_err(|e| Error::output("lock", path, e))?;
            Ok(file)
        }
        Err(fs::TryLockError::Error(e)) => Err(Error::output("lock", path, e)),
    }
}

/// Builds a site with `build` (given an empty folder to fill) and makes it the one at
/// `place.link`. `revision` starts the build folder's name.
pub(super) fn publish<R>(
    place: &Place,
    revision: &str,
    build: impl FnOnce(&Path) -> Result<R, Error>,
) -> Result<R, Error> {
    let existing = Existing::at(place)?;
    fs::create_dir_all(&place.builds).map_err(|e| Error::output("create", &place.builds, e))?;
    let prefix = format!("{PARTIAL}{revision}-");
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

    let swapped = match existing {
        Existing::Folder => migrate(place),
        Existing::Nothing | Existing::Link => Ok(()),
    }
    .and_then(|()| switch(place, &finished_name));
    if let Err(e) = swapped {
        let _ = fs::remove_dir_all(&finished);
        return Err(e);
    }
    remove_old(place);
    Ok(report)
}

/// What is at the link's place before a publication.
enum Existing {
    Nothing,
    /// A link (to the live build).
    Link,
    /// A real folder, moved aside once the new build is ready.
    Folder,
}

impl Existing {
    /// What is at the link's place; refuses a file and a folder holding a git repository.
    fn at(place: &Place) -> Result<Existing, Error> {
        let Ok(meta) = fs::symlink_metadata(&place.link) else {
            return Ok(Existing::Nothing);
        };
        if meta.file_type().is_symlink() {
            return Ok(Existing::Link);
        }
        if !meta.is_dir() {
            return Err(Error::Failed(format!(
                "cannot publish to {}: it is a file, not a folder; remove it or choose another \
                 --publish folder",
                place.link.display()
            )));
        }
        let repository = place.link.join(".git").exists()
            || (place.link.join("HEAD").is_file() && place.link.join("objects").is_dir());
        if repository {
            return Err(Error::Failed(format!(
                "cannot publish to {}: it holds a git repository, which dossier never moves \
                 aside; choose another --publish folder",
                place.link.display()
            )));
        }
        Ok(Existing::Folder)
    }
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

/// Removes the builds that are not kept: the live one and the `KEPT_PREVIOUS` newest others
/// stay, and so do unfinished ones that may belong to a publication under way; unfinished ones
/// older than `STALE` go.
fn remove_old(place: &Place) {
    let live = fs::read_link(&place.link)
        .ok()
        .and_then(|t| t.file_name().map(PathBuf::from));
    let Ok(entries) = fs::read_dir(&place.builds) else {
        return;
    };
    let mut finished = Vec::new();
    for entry in entries.flatten() {
        let name = PathBuf::from(entry.file_name());
        if live.as_ref() == Some(&name) {
            continue;
        }
        if !name.to_string_lossy().starts_with(PARTIAL) {
            let modified = entry.metadata().and_then(|m| m.modified()).ok();
            finished.push((modified, name, entry.path()));
        } else if is_stale(&entry) {
            remove(&entry.path());
        }
    }
    finished.sort_unstable_by(|a, b| b.cmp(a));
    for (_, _, path) in finished.iter().skip(KEPT_PREVIOUS) {
        remove(path);
    }
}

fn remove(build: &Path) {
    if let Err(e) = fs::remove_dir_all(build) {
        eprintln!(
            "dossier: cannot remove the old build {}: {e}",
            build.display()
        );
    }
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
/// files 644. A file that has them already is left alone (it may be a link to a file of the
/// work folder).
#[cfg(unix)]
fn make_readable(dir: &Path) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    let entries = fs::read_dir(dir).map_err(|e| Error::output("read", dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::output("read", dir, e))?;
        let path = entry.path();
        let meta = entry
            .metadata()
            .map_err(|e| Error::output("read", &path, e))?;
        let is_dir = meta.is_dir();
        let mode = if is_dir { 0o755 } else { 0o644 };
        if meta.permissions().mode() & 0o7777 != mode {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode))
                .map_err(|e| Error::output("set the permissions of", &path, e))?;
        }
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
    fn each_publication_swaps_the_link_and_keeps_the_previous_builds() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place::new(&dir.path().join("www"), &[]).unwrap();
        for (label, text) in [("a", "one"), ("b", "two"), ("c", "three"), ("d", "four")] {
            publish(&place, label, site(text)).unwrap();
            assert_eq!(
                fs::read_to_string(place.link.join("index.html")).unwrap(),
                text
            );
            assert_eq!(place.live_revision().as_deref(), Some(label));
        }
        let mut left: Vec<String> = fs::read_dir(&place.builds)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy()[..1].to_string())
            .collect();
        left.sort();
        assert_eq!(
            left,
            ["b", "c", "d"],
            "the live build and {KEPT_PREVIOUS} before it"
        );
    }

    #[test]
    fn a_failed_build_or_swap_leaves_the_site_alone_and_no_build_behind() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place::new(&dir.path().join("www"), &[]).unwrap();
        publish(&place, "a", site("one")).unwrap();
        let before = fs::read_link(&place.link).unwrap();
        let failed = publish(&place, "b", |_| Err::<(), _>(Error::Failed("no".into())));
        assert!(failed.is_err());
        // The new link cannot be made: a folder stands where it would go.
        let blocker = dir.path().join(format!(".www.link-{}", std::process::id()));
        let unswapped = publish(&place, "c", |out| {
            fs::create_dir_all(blocker.join("in-the-way")).unwrap();
            site("three")(out)
        });
        let err = unswapped.unwrap_err().to_string();
        assert!(err.contains("cannot create the link"), "{err}");
        assert_eq!(fs::read_link(&place.link).unwrap(), before);
        assert_eq!(
            fs::read_dir(&place.builds).unwrap().count(),
            1,
            "only the live build is left"
        );
    }

    #[test]
    fn a_file_in_the_way_is_refused_before_building() {
        let dir = tempfile::tempdir().unwrap();
        let www = dir.path().join("www");
        fs::write(&www, "a file").unwrap();
        let place = Place::new(&www, &[]).unwrap();
        let err = publish(&place, "a", |_| -> Result<(), Error> {
            panic!("built although the site cannot be published")
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("it is a file"), "{err}");
        assert!(!place.builds.exists());
        assert_eq!(fs::read_to_string(&www).unwrap(), "a file");
    }

    #[test]
    fn stale_unfinished_builds_are_removed_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place::new(&dir.path().join("www"), &[]).unwrap();
        fs::create_dir_all(place.builds.join(".partial-old-x")).unwrap();
        fs::create_dir_all(place.builds.join(".partial-new-y")).unwrap();
        let old = SystemTime::now() - STALE - Duration::from_secs(60);
        fs::File::open(place.builds.join(".partial-old-x"))
            .unwrap()
            .set_modified(old)
            .unwrap();
        publish(&place, "a", site("one")).unwrap();
        assert!(!place.builds.join(".partial-old-x").exists());
        assert!(place.builds.join(".partial-new-y").exists());
    }

    #[test]
    fn the_publish_folder_is_normalised() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for written in ["www/", "www//", "./www", "nowhere/../www", "www/."] {
            let place = Place::new(&root.join(written), &[]).unwrap();
            assert_eq!(place.link, root.join("www"), "{written}");
            assert_eq!(place.builds, root.join("www.builds"), "{written}");
        }
        let deeper = Place::new(&root.join("a/b/../c/www"), &[]).unwrap();
        assert_eq!(deeper.link, root.join("a/c/www"));
        // A link above the folder is followed; the folder's own link is not.
        fs::create_dir(root.join("real")).unwrap();
        symlink(&root.join("real"), &root.join("alias")).unwrap();
        symlink(&root.join("real"), &root.join("www")).unwrap();
        assert_eq!(
            Place::new(&root.join("alias/site"), &[]).unwrap().link,
            root.join("real/site")
        );
        assert_eq!(
            Place::new(&root.join("www"), &[]).unwrap().link,
            root.join("www")
        );
        assert!(Place::new(Path::new("/"), &[]).is_err());
    }

    #[test]
    fn a_publish_folder_overlapping_the_repository_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let repo = root.join("srv/archive.git");
        for (dir, problem) in [
            ("srv", "holds the repository"),
            ("srv/archive.git/..", "holds the repository"),
            ("srv/archive.git", "is the repository"),
            ("srv/archive.git/www", "lies inside the repository"),
        ] {
            let err = Place::new(&root.join(dir), std::slice::from_ref(&repo))
                .unwrap_err()
                .to_string();
            assert!(err.contains(problem), "{dir}: {err}");
            assert!(err.contains("choose a --publish folder outside"), "{err}");
        }
        for beside in ["srv/www", "srv/archive"] {
            assert!(Place::new(&root.join(beside), std::slice::from_ref(&repo)).is_ok());
        }
    }

    #[test]
    fn a_folder_holding_a_repository_is_never_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let www = dir.path().join("www");
        fs::create_dir_all(www.join(".git")).unwrap();
        let place = Place::new(&www, &[]).unwrap();
        let err = publish(&place, "a", site("one")).unwrap_err().to_string();
        assert!(err.contains("never moves"), "{err}");
        assert!(www.join(".git").is_dir());
    }

    #[test]
    fn a_real_folder_is_moved_aside_once() {
        let dir = tempfile::tempdir().unwrap();
        let www = dir.path().join("www");
        fs::create_dir(&www).unwrap();
        fs::write(www.join("old.html"), "old").unwrap();
        let place = Place::new(&www, &[]).unwrap();
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
