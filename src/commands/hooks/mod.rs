//! Git hooks that check, build and publish an archive kept in git (the archive is the top of
//! the repository). `install` writes a hook script; the script calls `run`, which does the work:
//!
//! - pre-commit checks the staged files (not the work tree) and blocks a commit with errors;
//! - post-commit rebuilds the output folder from the commit;
//! - pre-receive, on a server, builds the pushed tip of the main branch and rejects the push
//!   when it does not build, showing the errors to the pusher;
//! - post-receive builds the pushed tip of the main branch and publishes it atomically.
//!
//! `git` runs git, `install` writes the scripts and `publish` swaps a build in. Every build or
//! check runs on a copy of the files in a temporary folder, so the repository's work tree and
//! index are never touched.

mod git;
mod install;
mod publish;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::report::Report;
use crate::Options;

pub use install::MARK;

/// The hooks dossier can install.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookKind {
    PreCommit,
    PostCommit,
    PreReceive,
    PostReceive,
}

impl HookKind {
    /// The hook's file name, as git knows it.
    pub fn name(self) -> &'static str {
        match self {
            HookKind::PreCommit => "pre-commit",
            HookKind::PostCommit => "post-commit",
            HookKind::PreReceive => "pre-receive",
            HookKind::PostReceive => "post-receive",
        }
    }

    fn purpose(self) -> &'static str {
        match self {
            HookKind::PreCommit => "Checks the staged archive and blocks a commit that has errors.",
            HookKind::PostCommit => "Rebuilds the output folder after each commit.",
            HookKind::PreReceive => {
                "Builds each pushed tip of the main branch and rejects a push that does not build."
            }
            HookKind::PostReceive => {
                "Builds the pushed tip of the main branch and publishes it atomically."
            }
        }
    }
}

/// What `dossier hook install` is asked to do.
#[derive(Debug, Clone)]
pub struct InstallOptions {
    pub repo: PathBuf,
    pub kind: HookKind,
    pub publish: Option<PathBuf>,
    pub force: bool,
}

/// Writes the hook into the repository's hooks folder; returns the file written.
pub fn install(options: &InstallOptions) -> Result<PathBuf, Error> {
    install::install(options)
}

/// Does what the hook `kind` is for, in the folder git runs hooks in. None of the four takes
/// arguments (`_args`); the receive hooks read the pushed refs from standard input.
pub fn run(kind: HookKind, publish: Option<&Path>, _args: &[String]) -> Result<(), Error> {
    let repo = git::Repo::hook(Path::new("."));
    match kind {
        HookKind::PreCommit => pre_commit(repo),
        HookKind::PostCommit => post_commit(repo),
        HookKind::PreReceive => {
            let updates = git::read_updates(std::io::stdin().lock())?;
            pre_receive(repo, &updates)
        }
        HookKind::PostReceive => {
            let publish = publish.ok_or_else(|| {
                Error::Failed(
                    "the post-receive hook needs --publish DIR; install it again with \
                     `dossier hook install post-receive --publish DIR`"
                        .into(),
                )
            })?;
            let place = publish::Place::new(publish, &repo.folders()?)?;
            let updates = git::read_updates(std::io::stdin().lock())?;
            post_receive(repo, &updates, &place)
        }
    }
}

/// Checks the files as they are staged; any error blocks the commit.
fn pre_commit(repo: git::Repo) -> Result<(), Error> {
    let scratch = scratch()?;
    let tree = scratch.path().join("tree");
    repo.export_index(&tree)?;
    let blocked = "dossier: the staged archive has errors, so the commit is blocked \
                   (fix them and stage the fix; `git commit --no-verify` skips this check)";
    let report = crate::check(&archive(&tree, None)).inspect_err(|_| eprintln!("{blocked}"))?;
    let printer = Report::new(colour());
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    if errors.is_empty() {
        return Ok(());
    }
    eprintln!("{blocked}\n");
    for diagnostic in &errors {
        eprintln!("{}\n", printer.diagnostic(diagnostic));
    }
    Err(Error::Failed(format!(
        "{} error{} in the staged archive",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    )))
}

/// Rebuilds the output folder of the work tree from the commit just made.
fn post_commit(repo: git::Repo) -> Result<(), Error> {
    let scratch = scratch()?;
    let tree = scratch.path().join("tree");
    repo.export_revision("HEAD", &tree, scratch.path())?;
    let work_tree = repo.work_tree()?;
    let output = output_in_work_tree(&tree, &work_tree)?;
    let report = crate::build(&archive(&tree, Some(output))).inspect_err(|_| {
        eprintln!("dossier: the commit does not build; the output folder was left as it was")
    })?;
    println!("dossier: {report}");
    Ok(())
}

/// Where the work tree's output folder is, by the committed config.toml: its `output_dir`
/// taken from the work tree instead of the copy (an absolute one is kept as it is).
fn output_in_work_tree(tree: &Path, work_tree: &Path) -> Result<PathBuf, Error> {
    let config = crate::config::Config::load(tree, &Default::default())?;
    Ok(match config.output_dir.strip_prefix(&config.root) {
        Ok(relative) => work_tree.join(relative),
        Err(_) => config.output_dir,
    })
}

/// Builds each pushed tip of the main branch; the first that fails rejects the push.
fn pre_receive(repo: git::Repo, updates: &[git::Update]) -> Result<(), Error> {
    let main = repo.main_branch();
    for update in updates.iter().filter(|u| u.name == main && !u.deletes()) {
        let scratch = scratch()?;
        let tree = scratch.path().join("tree");
        repo.export_revision(&update.new, &tree, scratch.path())?;
        let output = scratch.path().join("site");
        crate::build(&archive(&tree, Some(output))).inspect_err(|_| {
            eprintln!(
                "dossier: {} at {} does not build, so the push is rejected\n",
                update.name,
                update.short()
            )
        })?;
        println!("dossier: {} at {} builds", update.name, update.short());
    }
    Ok(())
}

/// Builds the last pushed tip of the main branch and publishes it to `place`.
fn post_receive(
    repo: git::Repo,
    updates: &[git::Update],
    place: &publish::Place,
) -> Result<(), Error> {
    let main = repo.main_branch();
    let Some(update) = updates.iter().rev().find(|u| u.name == main) else {
        return Ok(());
    };
    if update.deletes() {
        println!(
            "dossier: {main} was deleted; {} is left as it was",
            place.link.display()
        );
        return Ok(());
    }
    let scratch = scratch()?;
    let tree = scratch.path().join("tree");
    repo.export_revision(&update.new, &tree, scratch.path())?;
    let report = publish::publish(place, &update.new, |output| {
        crate::build(&archive(&tree, Some(output.to_path_buf())))
    })
    .inspect_err(|_| {
        eprintln!(
            "dossier: {} at {} does not build; {} is left as it was\n",
            update.name,
            update.short(),
            place.link.display()
        )
    })?;
    println!(
        "dossier: published {} at {} to {}: {} briefings, {} pages",
        update.name,
        update.short(),
        place.link.display(),
        report.briefings,
        report.pages
    );
    Ok(())
}

/// The build options for an archive copied to `tree`.
fn archive(tree: &Path, output: Option<PathBuf>) -> Options {
    Options {
        root: tree.to_path_buf(),
        output,
        ..Options::default()
    }
}

/// A temporary folder for one copy of the archive and its build.
fn scratch() -> Result<tempfile::TempDir, Error> {
    tempfile::Builder::new()
        .prefix("dossier-hook-")
        .tempdir()
        .map_err(|e| Error::Failed(format!("cannot create a temporary folder: {e}")))
}

/// Colour only on a terminal, and never with NO_COLOR.
fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
