//! The receive hooks' work folder, `<git-dir>/dossier/`, kept from push to push so that a push
//! changing one briefing costs about a one-edit build:
//!
//! - `tree/` holds the revision last checked out, brought to the next one through `index` (an
//!   index of the work folder's own), so unchanged files keep their stamps, and its
//!   `.dossier-cache/` survives;
//! - `site/` is the output folder every build goes into, brought up to date like any other;
//! - `state` says the folder is whole: a line naming its layout, one naming the dossier that
//!   made it, `ready` once a checkout has ended, and once a build of the revision checked out
//!   has ended, a line naming the revision and the build of dossier that made `site/` from it.
//!
//! Both receive hooks use the folder while holding the repository's publication lock, one at
//! a time, so post-receive finds the revision pre-receive built still there and publishes it
//! without building it again. A folder without a state, with a state from another dossier or another layout, or
//! left by a hook killed while checking out, is made again from scratch, and the hook says so
//! in one line. Only what the folder is made of is removed, never anything else put there.

use std::fs;
use std::path::{Path, PathBuf};

use super::git;
use crate::error::Error;

/// The work folder's name in the git folder.
pub(super) const NAME: &str = "dossier";
/// The first line of `state`: a folder of another layout is made again.
const LAYOUT: &str = "dossier hook work folder, layout 1";
/// The last line of `state` once a checkout has ended.
const READY: &str = "ready";
/// What the folder is made of, and all that making it again removes.
const PARTS: [&str; 6] = ["tree", "site", "index", "index.lock", "state", "state.new"];

/// A repository's work folder.
#[derive(Debug)]
pub(super) struct WorkFolder {
    dir: PathBuf,
}

impl WorkFolder {
    /// The work folder of the repository whose git folder is `git_dir` (absolute).
    pub(super) fn of(git_dir: &Path) -> WorkFolder {
        WorkFolder {
            dir: git_dir.join(NAME),
        }
    }

    /// The archive as checked out.
    pub(super) fn tree(&self) -> PathBuf {
        self.dir.join("tree")
    }

    /// The output folder of every build.
    pub(super) fn site(&self) -> PathBuf {
        self.dir.join("site")
    }

    fn state(&self) -> PathBuf {
        self.dir.join("state")
    }

    /// Checks `revision` out into the tree. A folder that cannot be trusted is made again from
    /// scratch first, and so is one whose checkout fails (a damaged index), once.
    pub(super) fn check_out(&self, repo: &git::Repo, revision: &str) -> Result<(), Error> {
        let mut fresh = match self.unusable() {
            None => false,
            Some(why) => {
                self.clear(&why)?;
                true
            }
        };
        loop {
            self.write_state(false)?;
            let index = self.dir.join("index");
            match repo.check_out(revision, &self.tree(), &index) {
                Ok(()) => return self.write_state(true),
                Err(e) if fresh => return Err(e),
                Err(e) => {
                    self.clear(&format!(
                        "could not be brought to {} ({e})",
                        git::short(revision)
                    ))?;
                    fresh = true;
                }
            }
        }
    }

    /// Why the folder cannot be used as it is, if it cannot; `None` also for a folder not
    /// made yet.
    fn unusable(&self) -> Option<String> {
        let text = match fs::read_to_string(self.state()) {
            Ok(text) => text,
            Err(_) if !self.dir.exists() => return None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let leftover = PARTS.iter().any(|part| self.dir.join(part).exists());
                return leftover.then(|| "has no state file".to_string());
            }
            Err(e) => return Some(format!("has a state file that cannot be read ({e})")),
        };
        let lines: Vec<&str> = text.lines().collect();
        match lines.as_slice() {
            [LAYOUT, made_by, READY] | [LAYOUT, made_by, READY, _] if *made_by == identity() => {
                None
            }
            [LAYOUT, made_by, ..] if *made_by == identity() => {
                Some("was left by a hook stopped while checking out".into())
            }
            [LAYOUT, made_by, ..] => Some(format!("was made by {made_by}")),
            _ => Some("has a state file of another layout or a damaged one".into()),
        }
    }

    /// Removes what the folder is made of, saying why in one line.
    fn clear(&self, why: &str) -> Result<(), Error> {
        println!(
            "dossier: the work folder {} {why}; it is made again from scratch",
            self.dir.display()
        );
        for part in PARTS {
            let path = self.dir.join(part);
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            let removed = if meta.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            removed.map_err(|e| Error::output("remove", &path, e))?;
        }
        Ok(())
    }

    /// The revision whose site `site/` holds, built by this very build of dossier, if the
    /// state says so.
    pub(super) fn built(&self) -> Option<String> {
        if self.unusable().is_some() {
            return None;
        }
        let text = fs::read_to_string(self.state()).ok()?;
        let line = text.lines().nth(3)?;
        let (revision, by) = line.strip_prefix("built ")?.split_once(" by ")?;
        (by == crate::cache::program_identity(&[])).then(|| revision.to_string())
    }

    /// Notes that `site/` now holds the site of `revision`, checked out in the tree.
    pub(super) fn mark_built(&self, revision: &str) -> Result<(), Error> {
        let by = crate::cache::program_identity(&[]);
        self.write(&format!("{READY}\nbuilt {revision} by {by}"))
    }

    /// Writes the state: `ready` once a checkout has ended, something else while one is under
    /// way.
    fn write_state(&self, ready: bool) -> Result<(), Error> {
        self.write(if ready { READY } else { "checking out" })
    }

    /// Writes the state with `last` after the lines naming the layout and the dossier, to a
    /// file beside it renamed over it, so it is always whole.
    fn write(&self, last: &str) -> Result<(), Error> {
        fs::create_dir_all(&self.dir).map_err(|e| Error::output("create", &self.dir, e))?;
        let text = format!("{LAYOUT}\n{}\n{last}\n", identity());
        let path = self.state();
        let temp = self.dir.join("state.new");
        fs::write(&temp, text).map_err(|e| Error::output("write", &temp, e))?;
        fs::rename(&temp, &path).map_err(|e| Error::output("replace", &path, e))
    }
}

/// The dossier that makes a work folder, as its state names it.
fn identity() -> String {
    format!("dossier {}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_trusted_only_with_a_whole_state_of_this_dossier() {
        let dir = tempfile::tempdir().unwrap();
        let work = WorkFolder::of(dir.path());
        assert_eq!(work.unusable(), None, "a folder not made yet");
        fs::create_dir_all(work.tree()).unwrap();
        assert_eq!(work.unusable().as_deref(), Some("has no state file"));
        work.write_state(false).unwrap();
        assert_contains(work.unusable(), "stopped while checking out");
        work.write_state(true).unwrap();
        assert_eq!(work.unusable(), None);
        assert_eq!(work.built(), None);
        work.mark_built("abc").unwrap();
        assert_eq!(work.unusable(), None);
        assert_eq!(work.built().as_deref(), Some("abc"));
        let state = fs::read_to_string(work.state()).unwrap();
        fs::write(work.state(), state.replace(" by ", " by another ")).unwrap();
        assert_eq!(
            work.built(),
            None,
            "a site built by another build of dossier"
        );
        work.write_state(false).unwrap();
        assert_eq!(work.built(), None, "a checkout under way");
        fs::write(work.state(), format!("{LAYOUT}\ndossier 0.0.0\n{READY}\n")).unwrap();
        assert_contains(work.unusable(), "made by dossier 0.0.0");
        fs::write(work.state(), "\u{0}\u{1}garbage").unwrap();
        assert_contains(work.unusable(), "damaged");
    }

    #[test]
    fn clearing_removes_only_what_the_folder_is_made_of() {
        let dir = tempfile::tempdir().unwrap();
        let work = WorkFolder::of(dir.path());
        fs::create_dir_all(work.tree().join("content")).unwrap();
        fs::create_dir_all(work.site()).unwrap();
        work.write_state(true).unwrap();
        fs::write(work.dir.join("notes.txt"), "someone's").unwrap();
        work.clear("is tested").unwrap();
        assert!(!work.tree().exists() && !work.site().exists() && !work.state().exists());
        assert!(work.dir.join("notes.txt").exists());
    }

    fn assert_contains(why: Option<String>, part: &str) {
        let why = why.unwrap_or_default();
        assert!(why.contains(part), "{why}");
    }
}
