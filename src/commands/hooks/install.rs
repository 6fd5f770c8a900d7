//! Writing a hook: a small sh script, marked as dossier's, that runs this dossier executable
//! with `hook run KIND` (or `dossier` on the PATH once that file is gone) and the choices made
//! at install (`--publish DIR`, `--branch NAME`), each quoted for sh. A hook without the mark
//! is someone else's and is replaced only with --force.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::branch::{self, Choice};
use super::git;
use super::publish::Place;
use super::{HookKind, InstallOptions, Installed};
use crate::error::Error;

/// The line that marks a hook as written by dossier.
pub const MARK: &str = "# installed by dossier hook install";

/// Writes the hook; returns its path and what the user should know about it.
pub(super) fn install(options: &InstallOptions) -> Result<Installed, Error> {
    let repo = git::Repo::at(&options.repo);
    let dir = repo.hooks_dir()?;
    let publish = publish_dir(options, &repo)?;
    let (branch, warnings) = branch(options, &repo)?;
    let path = dir.join(options.kind.name());
    refuse_foreign(&path, options.force)?;
    let exe = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| Error::Failed(format!("cannot find the dossier executable: {e}")))?;
    let text = script(options.kind, &exe, publish.as_deref(), branch.as_deref())?;
    fs::create_dir_all(&dir).map_err(|e| Error::output("create", &dir, e))?;
    write_executable(&dir, &path, &text)?;
    let path = dir
        .canonicalize()
        .map_or(path, |dir| dir.join(options.kind.name()));
    Ok(Installed { path, warnings })
}

/// The folder to publish to, normalised: required by post-receive, refused by the others, and
/// refused where it overlaps the repository.
fn publish_dir(options: &InstallOptions, repo: &git::Repo) -> Result<Option<PathBuf>, Error> {
    match (&options.publish, options.kind) {
        (None, HookKind::PostReceive) => Err(Error::Failed(
            "the post-receive hook publishes the site: say where with --publish DIR".into(),
        )),
        (Some(_), kind) if kind != HookKind::PostReceive => Err(Error::Failed(format!(
            "--publish is for the post-receive hook only, not for {}",
            kind.name()
        ))),
        (Some(dir), _) => Ok(Some(Place::new(dir, &repo.folders()?)?.link)),
        (None, _) => Ok(None),
    }
}

/// The branch named with --branch, checked, and for the receive hooks without one, a warning
/// where HEAD does not say which branch to publish.
fn branch(
    options: &InstallOptions,
    repo: &git::Repo,
) -> Result<(Option<String>, Vec<String>), Error> {
    let receives = matches!(options.kind, HookKind::PreReceive | HookKind::PostReceive);
    match &options.branch {
        Some(_) if !receives => Err(Error::Failed(format!(
            "--branch is for the pre-receive and post-receive hooks, not for {}: the {} hook \
             works on the branch that is checked out",
            options.kind.name(),
            options.kind.name()
        ))),
        Some(name) => {
            let name = branch::short(name);
            if !git::valid_branch(name)? {
                return Err(Error::Failed(format!(
                    "--branch {name}: '{name}' is not a valid branch name; give the name of \
                     the branch to publish as `git branch` shows it, such as main"
                )));
            }
            Ok((Some(name.to_string()), Vec::new()))
        }
        None if !receives => Ok((None, Vec::new())),
        None => {
            let choice = Choice::new(None, repo.head()?);
            let warning = branch::warning(&choice, &repo.branches()?);
            Ok((None, warning.into_iter().collect()))
        }
    }
}

/// Refuses to replace a hook that dossier did not write, unless forced.
fn refuse_foreign(path: &Path, force: bool) -> Result<(), Error> {
    if force || fs::symlink_metadata(path).is_err() {
        return Ok(());
    }
    let ours = fs::read_to_string(path).is_ok_and(|text| text.contains(MARK));
    if ours {
        return Ok(());
    }
    Err(Error::Failed(format!(
        "{} exists and was not written by dossier; keep it and call `dossier hook run {}` \
         from it, or replace it with --force",
        path.display(),
        path.file_name().unwrap_or_default().to_string_lossy()
    )))
}

/// The text of the hook script, which holds every choice made at install.
pub(super) fn script(
    kind: HookKind,
    exe: &Path,
    publish: Option<&Path>,
    branch: Option<&str>,
) -> Result<String, Error> {
    let mut command = format!("exec \"$dossier\" hook run {}", kind.name());
    if let Some(dir) = publish {
        command.push_str(&format!(" --publish {}", quote(git::utf8(dir)?)));
    }
    if let Some(name) = branch {
        command.push_str(&format!(" --branch {}", quote(name)));
    }
    command.push_str(" -- \"$@\"");
    Ok(format!(
        "#!/bin/sh\n\
         {MARK}\n\
         # {}\n\
         # `dossier hook install {} --force` writes it again; delete this file to stop it.\n\
         dossier={}\n\
         [ -x \"$dossier\" ] || dossier=dossier\n\
         {command}\n",
        kind.purpose(),
        kind.name(),
        quote(git::utf8(exe)?)
    ))
}

/// Quotes text for sh: inside single quotes, with each quote written as '\''.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// Writes `text` to `path` through a temporary file renamed into place, executable.
fn write_executable(dir: &Path, path: &Path, text: &str) -> Result<(), Error> {
    let mut temp = tempfile::Builder::new()
        .prefix(".dossier-hook-")
        .tempfile_in(dir)
        .map_err(|e| Error::output("create a file in", dir, e))?;
    temp.write_all(text.as_bytes())
        .map_err(|e| Error::output("write", path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(temp.path(), fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::output("make executable", path, e))?;
    }
    temp.persist(path)
        .map_err(|e| Error::output("write", path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_runs_this_executable_with_quoted_paths() {
        let text = script(
            HookKind::PostReceive,
            Path::new("/opt/dossier"),
            Some(Path::new("/srv/it's live")),
            Some("it's-$(main)"),
        )
        .unwrap();
        assert!(text.starts_with("#!/bin/sh\n# installed by dossier hook install\n"));
        assert!(text.contains("dossier='/opt/dossier'\n"));
        assert!(text.contains(
            "exec \"$dossier\" hook run post-receive --publish '/srv/it'\\''s live' \
             --branch 'it'\\''s-$(main)' -- \"$@\"\n"
        ));
    }

    #[test]
    fn a_foreign_hook_is_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let hook = dir.path().join("pre-commit");
        assert!(refuse_foreign(&hook, false).is_ok());
        fs::write(&hook, "#!/bin/sh\nmake lint\n").unwrap();
        let err = refuse_foreign(&hook, false).unwrap_err().to_string();
        assert!(err.contains("--force"), "{err}");
        assert!(refuse_foreign(&hook, true).is_ok());
        fs::write(&hook, format!("#!/bin/sh\n{MARK}\n")).unwrap();
        assert!(refuse_foreign(&hook, false).is_ok());
    }
}
