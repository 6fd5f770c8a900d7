//! The git commands the hooks need: where the repository and its hooks folder are, where HEAD
//! points, which branches there are and their tips, what a push updates, and a snapshot of the
//! staged files or of a revision in a folder of its own (a fresh one, or one kept up to date
//! from push to push), so a check or a build never touches the repository's work tree or index.

use std::ffi::OsStr;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::Error;

/// The variables git sets for a hook that say where the repository is; a command about another
/// repository (`--repo DIR`) must not inherit them.
const LOCATION_VARIABLES: [&str; 4] = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"];

/// A repository to run git in: the one a hook runs in, with the environment git gave the hook
/// (in a pre-receive hook that is what lets git see the objects of the push before they are
/// accepted), or one named on the command line, without it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Repo<'a> {
    dir: &'a Path,
    isolated: bool,
}

/// Where HEAD points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Head {
    /// A branch that has commits (its full name).
    Branch(String),
    /// A branch without commits yet, as `git init --bare` leaves HEAD (`refs/heads/master`).
    Unborn(String),
    /// A commit rather than a branch.
    Detached,
}

impl<'a> Repo<'a> {
    /// The repository of the hook running in `dir`.
    pub(super) fn hook(dir: &'a Path) -> Repo<'a> {
        Repo {
            dir,
            isolated: false,
        }
    }

    /// The repository at `dir`, whatever repository the caller runs in.
    pub(super) fn at(dir: &'a Path) -> Repo<'a> {
        Repo {
            dir,
            isolated: true,
        }
    }

    /// `git <args>` in the repository.
    fn command(&self, args: &[&OsStr]) -> Command {
        let mut command = Command::new("git");
        command.current_dir(self.dir).args(args);
        if self.isolated {
            for variable in LOCATION_VARIABLES {
                command.env_remove(variable);
            }
        }
        command
    }

    fn git(&self, args: &[&str]) -> Result<String, Error> {
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        output(self.command(&args))
    }

    /// The hooks folder (bare or not, honouring core.hooksPath).
    pub(super) fn hooks_dir(&self) -> Result<PathBuf, Error> {
        let path = self
            .git(&["rev-parse", "--git-path", "hooks"])
            .map_err(|e| {
                Error::Failed(format!(
                    "{} is not in a git repository ({e}); pass the repository with --repo DIR",
                    self.dir.display()
                ))
            })?;
        Ok(self.dir.join(path))
    }

    /// The git folder, absolute.
    pub(super) fn git_dir(&self) -> Result<PathBuf, Error> {
        self.git(&["rev-parse", "--absolute-git-dir"])
            .map(PathBuf::from)
    }

    /// The top of the work tree.
    pub(super) fn work_tree(&self) -> Result<PathBuf, Error> {
        self.git(&["rev-parse", "--show-toplevel"])
            .map(PathBuf::from)
    }

    /// The folders that make the repository: its git folder and, unless it is bare, its work
    /// tree; each canonical.
    pub(super) fn folders(&self) -> Result<Vec<PathBuf>, Error> {
        let git_dir = self.git_dir()?;
        let mut folders = vec![git_dir.clone()];
        if self.git(&["rev-parse", "--is-bare-repository"])? != "true" {
            // A receive hook runs in the git folder with GIT_DIR set, so git takes that folder
            // for the top of the work tree (or finds none): a `.git` folder's parent is the
            // work tree whatever git answers.
            if git_dir.file_name() == Some(OsStr::new(".git")) {
                folders.extend(git_dir.parent().map(Path::to_path_buf));
            }
            folders.extend(self.work_tree().ok());
        }
        folders
            .into_iter()
            .map(|folder| {
                folder
                    .canonicalize()
                    .map_err(|e| Error::output("find", &folder, e))
            })
            .collect()
    }

    /// Where HEAD points.
    pub(super) fn head(&self) -> Result<Head, Error> {
        let Some(name) = self.query(&["symbolic-ref", "-q", "HEAD"])? else {
            return Ok(Head::Detached);
        };
        Ok(match self.tip(&name)? {
            Some(_) => Head::Branch(name),
            None => Head::Unborn(name),
        })
    }

    /// The full names of the branches, sorted.
    pub(super) fn branches(&self) -> Result<Vec<String>, Error> {
        let list = self.git(&["for-each-ref", "--format=%(refname)", "refs/heads/"])?;
        let mut branches: Vec<String> = list.lines().map(str::to_string).collect();
        branches.sort();
        Ok(branches)
    }

    /// The commit a ref names now, or `None` when there is no such ref.
    pub(super) fn tip(&self, name: &str) -> Result<Option<String>, Error> {
        self.query(&["rev-parse", "-q", "--verify", &format!("{name}^{{commit}}")])
    }

    /// Runs a git command that answers a question with `-q`: its output, or `None` when it
    /// fails quietly (status 1, nothing on standard error), which is how git says "no such".
    fn query(&self, args: &[&str]) -> Result<Option<String>, Error> {
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        let mut command = self.command(&args);
        let shown = describe(&command);
        let out = command
            .output()
            .map_err(|e| Error::Failed(format!("cannot run {shown}: {e}")))?;
        let answer = String::from_utf8_lossy(&out.stdout).trim().to_string();
        match out.status.code() {
            Some(0) if !answer.is_empty() => Ok(Some(answer)),
            Some(1) if out.stderr.is_empty() => Ok(None),
            _ => Err(Error::Failed(format!(
                "{shown} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ))),
        }
    }
}

/// Runs a git command and returns its standard output, trimmed; its error output on failure.
fn output(mut command: Command) -> Result<String, Error> {
    let shown = describe(&command);
    let out = command
        .output()
        .map_err(|e| Error::Failed(format!("cannot run {shown}: {e}")))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(Error::Failed(format!("{shown} failed: {}", stderr.trim())));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn describe(command: &Command) -> String {
    let args: Vec<String> = command
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    format!("git {}", args.join(" "))
}

/// Whether `name` (without `refs/heads/`) may name a branch, by git's rules.
pub(super) fn valid_branch(name: &str) -> Result<bool, Error> {
    let status = Command::new("git")
        .args(["check-ref-format", &format!("refs/heads/{name}")])
        .status()
        .map_err(|e| Error::Failed(format!("cannot run git check-ref-format: {e}")))?;
    Ok(status.success() && !name.starts_with('-'))
}

/// One line of what a receive hook reads: a ref moved from one revision to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Update {
    pub old: String,
    pub new: String,
    pub name: String,
}

impl Update {
    /// A deletion has an all-zero new revision.
    pub(super) fn deletes(&self) -> bool {
        self.new.bytes().all(|b| b == b'0')
    }

    /// The new revision, shortened for messages.
    pub(super) fn short(&self) -> &str {
        short(&self.new)
    }
}

/// The first twelve digits of a revision, for messages.
pub(super) fn short(revision: &str) -> &str {
    &revision[..revision.len().min(12)]
}

/// Reads the `old new ref` lines git gives a pre-receive or post-receive hook.
pub(super) fn read_updates(input: impl BufRead) -> Result<Vec<Update>, Error> {
    let mut updates = Vec::new();
    for line in input.lines() {
        let line = line.map_err(|e| Error::Failed(format!("cannot read the pushed refs: {e}")))?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [] => {}
            [old, new, name] => updates.push(Update {
                old: old.to_string(),
                new: new.to_string(),
                name: name.to_string(),
            }),
            _ => {
                return Err(Error::Failed(format!(
                    "cannot read the pushed ref line '{line}': expected 'old new ref'"
                )))
            }
        }
    }
    Ok(updates)
}

impl Repo<'_> {
    /// Writes the files of the index (what a commit would record) under `dest`.
    /// The paths of the files staged for the next commit (added, changed, copied or renamed),
    /// relative to the top of the work tree.
    pub(super) fn staged_paths(&self) -> Result<Vec<PathBuf>, Error> {
        let listed = self.git(&[
            "diff",
            "--cached",
            "--name-only",
            "--diff-filter=ACMR",
            "-z",
        ])?;
        Ok(listed
            .split('\0')
            .filter(|p| !p.trim().is_empty())
            .map(|p| PathBuf::from(p.trim()))
            .collect())
    }

    pub(super) fn export_index(&self, dest: &Path) -> Result<(), Error> {
        let prefix = format!("{}/", utf8(dest)?);
        self.git(&["checkout-index", "--all", &format!("--prefix={prefix}")])
            .map(|_| ())
    }

    /// Writes the files of revision `rev` under `dest`, through an index of its own in
    /// `scratch`; works in bare repositories and leaves the repository's index alone.
    pub(super) fn export_revision(
        &self,
        rev: &str,
        dest: &Path,
        scratch: &Path,
    ) -> Result<(), Error> {
        let git_dir = self.git_dir()?;
        std::fs::create_dir_all(dest).map_err(|e| Error::output("create", dest, e))?;
        let index = scratch.join("index");
        for args in [vec!["read-tree", rev], vec!["checkout-index", "--all"]] {
            let mut all: Vec<&OsStr> = vec![
                OsStr::new("--git-dir"),
                git_dir.as_os_str(),
                OsStr::new("--work-tree"),
                dest.as_os_str(),
            ];
            all.extend(args.iter().map(OsStr::new));
            let mut command = self.command(&all);
            command.env("GIT_INDEX_FILE", &index);
            output(command)?;
        }
        Ok(())
    }
}

impl Repo<'_> {
    /// Brings the folder `tree` to revision `rev` through `index`, an index of its own kept
    /// beside it from one call to the next: files whose contents differ are written again,
    /// files the revision does not have are removed, and every other file is left as it is,
    /// so it keeps its stamps (a build then reads again only what changed). Files the index
    /// does not know (a build's cache) are left alone. Works in bare repositories and leaves
    /// the repository's own index alone.
    pub(super) fn check_out(&self, rev: &str, tree: &Path, index: &Path) -> Result<(), Error> {
        let git_dir = self.git_dir()?;
        std::fs::create_dir_all(tree).map_err(|e| Error::output("create", tree, e))?;
        let args: Vec<&OsStr> = vec![
            OsStr::new("--git-dir"),
            git_dir.as_os_str(),
            OsStr::new("--work-tree"),
            tree.as_os_str(),
            OsStr::new("read-tree"),
            OsStr::new("--reset"),
            OsStr::new("-u"),
            OsStr::new(rev),
        ];
        let mut command = self.command(&args);
        command.env("GIT_INDEX_FILE", index);
        output(command).map(|_| ())
    }
}

/// A path as text, for git arguments that hold a path inside an option.
pub(super) fn utf8(path: &Path) -> Result<&str, Error> {
    path.to_str()
        .ok_or_else(|| Error::Failed(format!("{} is not a UTF-8 path", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pushed_refs() {
        let input = "0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 refs/heads/main\n\n\
                     2222222222222222222222222222222222222222 0000000000000000000000000000000000000000 refs/heads/old\n";
        let updates = read_updates(input.as_bytes()).unwrap();
        assert_eq!(updates.len(), 2);
        assert_eq!(updates[0].name, "refs/heads/main");
        assert!(!updates[0].deletes());
        assert_eq!(updates[0].short(), "111111111111");
        assert!(updates[1].deletes());
        assert!(read_updates("just one".as_bytes()).is_err());
    }
}
