//! Git hooks that check, build and publish an archive kept in git (the archive is the top of
//! the repository). `install` writes a hook script; the script calls `run`, which does the work:
//!
//! - pre-commit checks the staged files (not the work tree) and blocks a commit with errors;
//! - post-commit rebuilds the output folder from the commit;
//! - pre-receive, on a server, builds the pushed tip of the published branch and rejects the
//!   push when it does not build, showing the errors to the pusher;
//! - post-receive publishes the published branch's tip atomically, one publication at a time,
//!   as pre-receive built it (or building it when pre-receive did not).
//!
//! `branch` says which branch is published, `git` runs git, `install` writes the scripts,
//! `work` keeps the receive hooks' work folder, `copy` copies a site built there into a new
//! publication and `publish` swaps it in. pre-commit checks the staged files in
//! `<git-dir>/dossier-staged/`, whose cache it keeps; post-commit builds a copy of the commit
//! in a temporary folder; the receive hooks build in the work folder (`<git-dir>/dossier/`),
//! kept from push to push so that each build starts from the last one. Either way the
//! repository's work tree and index are never touched.

mod branch;
mod copy;
mod git;
mod install;
mod publish;
mod work;

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
                "Builds the pushed tip of the published branch and rejects a push that does not build."
            }
            HookKind::PostReceive => {
                "Builds the tip of the published branch and publishes it atomically."
            }
        }
    }
}

/// What `dossier hook install` is asked to do.
#[derive(Debug, Clone)]
pub struct InstallOptions {
    pub repo: PathBuf,
    pub kind: HookKind,
    /// The folder post-receive publishes to.
    pub publish: Option<PathBuf>,
    /// The branch the receive hooks check and publish (default: HEAD's).
    pub branch: Option<String>,
    pub force: bool,
}

/// A hook written: where, and what the user should know about it.
#[derive(Debug)]
pub struct Installed {
    pub path: PathBuf,
    pub warnings: Vec<String>,
}

/// Writes the hook into the repository's hooks folder.
pub fn install(options: &InstallOptions) -> Result<Installed, Error> {
    install::install(options)
}

/// What an installed hook passes to `dossier hook run`.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub kind: HookKind,
    /// The folder post-receive publishes to.
    pub publish: Option<PathBuf>,
    /// The branch the receive hooks check and publish, when chosen at install.
    pub branch: Option<String>,
}

/// Does what the hook is for, in the folder git runs hooks in. The receive hooks read the
/// pushed refs from standard input.
pub fn run(options: &RunOptions) -> Result<(), Error> {
    let repo = git::Repo::hook(Path::new("."));
    match options.kind {
        HookKind::PreCommit => pre_commit(repo),
        HookKind::PostCommit => post_commit(repo),
        HookKind::PreReceive => {
            let updates = git::read_updates(std::io::stdin().lock())?;
            pre_receive(repo, &updates, options.branch.as_deref())
        }
        HookKind::PostReceive => {
            let publish = options.publish.as_deref().ok_or_else(|| {
                Error::Failed(
                    "the post-receive hook needs --publish DIR; install it again with \
                     `dossier hook install post-receive --publish DIR`"
                        .into(),
                )
            })?;
            let place = publish::Place::new(publish, &repo.folders()?)?;
            let updates = git::read_updates(std::io::stdin().lock())?;
            post_receive(repo, &updates, &place, options.branch.as_deref())
        }
    }
}

/// Checks the files as they are staged; any error blocks the commit. The staged files are
/// written into `<git-dir>/dossier-staged/` (emptied first but for the cache its checks keep,
/// so a check after a one-file change reads little), and of the warnings only those about the
/// staged files are shown.
fn pre_commit(repo: git::Repo) -> Result<(), Error> {
    let tree = repo.git_dir()?.join(STAGED);
    empty_but_cache(&tree)?;
    repo.export_index(&tree)?;
    let blocked = "dossier: the staged archive has errors, so the commit is blocked \
                   (fix them and stage the fix; `git commit --no-verify` skips this check)";
    let report = crate::check(&archive(&tree, None)).inspect_err(|_| eprintln!("{blocked}"))?;
    let printer = Report::new(colour());
    let errors: Vec<_> = report.diagnostics().filter(|d| d.is_error()).collect();
    let staged = repo.staged_paths()?;
    let warnings: Vec<_> = report
        .diagnostics()
        .filter(|d| !d.is_error() && staged.contains(&d.path))
        .collect();
    for warning in warnings.iter().take(STAGED_WARNINGS) {
        eprintln!("{}\n", printer.diagnostic(warning));
    }
    if warnings.len() > STAGED_WARNINGS {
        eprintln!(
            "dossier: {} more warnings about the staged files; `dossier check` shows them all\n",
            warnings.len() - STAGED_WARNINGS
        );
    }
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

/// The folder in the git folder where pre-commit checks the staged archive.
const STAGED: &str = "dossier-staged";
/// How many warnings about the staged files pre-commit shows.
const STAGED_WARNINGS: usize = 10;

/// Empties `dir` (making it if needed) but for the archive cache in it.
fn empty_but_cache(dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::output("create", dir, e))?;
    let entries = std::fs::read_dir(dir).map_err(|e| Error::output("read", dir, e))?;
    for entry in entries.flatten() {
        if entry.file_name() == crate::cache::CACHE_DIR {
            continue;
        }
        let path = entry.path();
        let removed = match entry.file_type() {
            Ok(kind) if kind.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
        removed.map_err(|e| Error::output("remove", &path, e))?;
    }
    Ok(())
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

/// Builds the pushed tip of the published branch in the work folder; rejects the push when it
/// does not build. Holds the publication lock, since post-receive uses the same folder and
/// then publishes the site built here without building it again.
fn pre_receive(
    repo: git::Repo,
    updates: &[git::Update],
    chosen: Option<&str>,
) -> Result<(), Error> {
    let Some(update) = published_update(repo, updates, chosen, Hook::Check)? else {
        return Ok(());
    };
    if update.deletes() {
        return Ok(());
    }
    let name = branch::short(&update.name);
    let git_dir = repo.git_dir()?;
    let _lock = publish::lock(&git_dir.join(LOCK))?;
    let work = work::WorkFolder::of(&git_dir);
    work.check_out(&repo, &update.new)?;
    let report = crate::build(&archive(&work.tree(), Some(work.site()))).inspect_err(|_| {
        eprintln!(
            "dossier: {name} at {} does not build, so the push is rejected\n",
            update.short()
        )
    })?;
    work.mark_built(&update.new)?;
    println!(
        "dossier: {name} at {} builds: {} briefings, {} pages ({})",
        update.short(),
        report.briefings,
        report.pages,
        written(&report.written)
    );
    Ok(())
}

/// Publishes the published branch's tip to `place`, built in the work folder (by pre-receive,
/// or else now), holding the repository's publication lock: a hook that waited for another
/// publishes the tip as it is once it has the lock, so the newest tip always ends live, never
/// an older one.
fn post_receive(
    repo: git::Repo,
    updates: &[git::Update],
    place: &publish::Place,
    chosen: Option<&str>,
) -> Result<(), Error> {
    let Some(update) = published_update(repo, updates, chosen, Hook::Publish)? else {
        return Ok(());
    };
    let name = branch::short(&update.name);
    let live = place.link.display();
    let git_dir = repo.git_dir()?;
    let _lock = publish::lock(&git_dir.join(LOCK))?;
    let Some(tip) = repo.tip(&update.name)? else {
        println!("dossier: {name} was deleted, so nothing was published; {live} is left as it was");
        return Ok(());
    };
    let short = git::short(&tip);
    if place.live_revision().as_deref() == Some(tip.as_str()) {
        println!("dossier: {name} at {short} is already live at {live}");
        return Ok(());
    }
    let work = work::WorkFolder::of(&git_dir);
    let (report, copied) = publish::publish(place, &tip, |folder| {
        let report = if work.built().as_deref() == Some(tip.as_str()) {
            None
        } else {
            work.check_out(&repo, &tip)?;
            let report = crate::build(&archive(&work.tree(), Some(work.site())))?;
            work.mark_built(&tip)?;
            Some(report)
        };
        Ok((report, copy::copy_site(&work.site(), folder)?))
    })
    .inspect_err(|e| {
        let what = match e {
            Error::Invalid(_) => "does not build",
            _ => "could not be published",
        };
        eprintln!("dossier: {name} at {short} {what}; {live} is left as it was\n")
    })?;
    let built = match report {
        Some(report) => format!(
            "{} briefings, {} pages ({})",
            report.briefings,
            report.pages,
            written(&report.written)
        ),
        None => "the site already built from it".to_string(),
    };
    println!(
        "dossier: published {name} at {short} to {live}: {built}; {} files linked, {} copied",
        copied.linked, copied.copied
    );
    Ok(())
}

/// What a build did to the work folder's site, for the hooks' messages.
fn written(report: &crate::write::WriteReport) -> String {
    format!(
        "{} files written, {} unchanged, {} removed",
        report.written, report.unchanged, report.removed
    )
}

/// The file in the git folder whose lock a receive hook holds while it uses the work folder,
/// and post-receive until its publication is swapped in.
const LOCK: &str = "dossier-publish.lock";

/// Which receive hook is asking, for what it says.
#[derive(Clone, Copy)]
enum Hook {
    Check,
    Publish,
}

/// The pushed update of the published branch, if the push has one. Every other pushed ref is
/// answered with a line saying that it is not checked or published, and why.
fn published_update<'u>(
    repo: git::Repo,
    updates: &'u [git::Update],
    chosen: Option<&str>,
    hook: Hook,
) -> Result<Option<&'u git::Update>, Error> {
    let choice = branch::Choice::new(chosen, repo.head()?);
    let published = match choice.decide(&repo.branches()?, updates) {
        Ok(published) => published,
        Err(why) => {
            match hook {
                Hook::Check => println!("dossier: nothing was checked: {why}"),
                Hook::Publish => println!("dossier: nothing was published: {why}"),
            }
            return Ok(None);
        }
    };
    let main = branch::short(&published);
    for update in updates.iter().filter(|u| u.name != published) {
        let other = branch::short(&update.name);
        match hook {
            Hook::Check => println!(
                "dossier: {other} was not checked: only {main}, the published branch, is built \
                 before a push is accepted"
            ),
            Hook::Publish => println!(
                "dossier: nothing was published for {other}: only {main} is published \
                 (`dossier hook install post-receive --branch NAME` chooses another)"
            ),
        }
    }
    Ok(updates.iter().find(|u| u.name == published))
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
