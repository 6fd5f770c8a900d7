//! The git hooks, end to end with real git: a commit with errors blocked by pre-commit, the
//! output folder rebuilt by post-commit, and a server's bare repository that builds each push,
//! rejects a broken one with the errors shown to the pusher and publishes a good one atomically.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::{Archive, Run};

const NEW: &str = "content/briefings/2023-12-01-riyadh.md";
const GOOD: &str = "+++\ntitle = \"Talks in Riyadh\"\ndate = 2023-12-01\nactors = [\"Zhai\"]\ntags = [\"ceasefire\"]\n+++\nZhai met officials in Riyadh.\n";
const BROKEN: &str = "+++\ntitle = \"Talks in Riyadh\"\ndate = 2023-12-01\nactors = [\"zhai-jn\"]\ntags = [\"ceasefire\"]\n+++\nZhai met officials in Riyadh.\n";

/// A command isolated from the caller's git: no location variables (as when the tests run
/// from a hook), no global or system config, no colour.
fn isolated(mut command: Command, args: &[&str]) -> Run {
    let program = command.get_program().to_string_lossy().into_owned();
    let output = isolate(&mut command)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    Run::from(output)
}

fn isolate(command: &mut Command) -> &mut Command {
    command
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
}

fn git(dir: &Path, args: &[&str]) -> Run {
    let mut git = Command::new("git");
    git.current_dir(dir);
    isolated(git, args)
}

/// Runs git and insists that it worked.
fn git_ok(dir: &Path, args: &[&str]) -> String {
    let run = git(dir, args);
    assert!(
        run.success,
        "git {args:?} failed:\n{}{}",
        run.stdout, run.stderr
    );
    run.stdout.trim().to_string()
}

fn dossier(dir: &Path, args: &[&str]) -> Run {
    isolated(crate::common::dossier(dir), args)
}

fn install(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["hook", "install"];
    all.extend_from_slice(args);
    let run = dossier(dir, &all);
    assert!(run.success, "install {args:?} failed:\n{}", run.stderr);
    run
}

/// Makes `dir` a repository on `main` with a committer of its own.
fn init(dir: &Path, extra: &[&str]) {
    let mut args = vec!["init", "-q", "-b", "main"];
    args.extend_from_slice(extra);
    git_ok(dir, &args);
    git_ok(dir, &["config", "user.name", "Test"]);
    git_ok(dir, &["config", "user.email", "test@example.org"]);
}

/// The fixture archive in a repository, with one commit of everything but public/.
fn repository() -> Archive {
    let archive = Archive::fixture("minimal");
    archive.write(".gitignore", "public/\n");
    init(archive.root(), &[]);
    git_ok(archive.root(), &["add", "-A"]);
    git_ok(archive.root(), &["commit", "-q", "-m", "The fixture"]);
    archive
}

/// Every file under `dir` (following a link at `dir` itself), with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, relative: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let child = relative.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &child, files);
            } else {
                files.insert(child, fs::read(entry.path()).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, Path::new(""), &mut files);
    files
}

#[test]
fn pre_commit_blocks_a_briefing_with_an_unknown_actor() {
    let archive = repository();
    let root = archive.root();
    let run = install(root, &["pre-commit"]);
    assert_contains!(run.stdout, ".git/hooks/pre-commit");
    let before = git_ok(root, &["rev-parse", "HEAD"]);

    archive.write(NEW, BROKEN);
    git_ok(root, &["add", NEW]);
    let commit = git(root, &["commit", "-q", "-m", "Riyadh"]);
    assert!(!commit.success, "the commit went through");
    assert!(
        commit
            .stderr
            .contains("the staged archive has errors, so the commit is blocked"),
        "{}",
        commit.stderr
    );
    assert_contains!(commit.stderr, "error: unknown actor 'zhai-jn'");
    assert!(
        commit
            .stderr
            .contains("--> content/briefings/2023-12-01-riyadh.md:4:11"),
        "{}",
        commit.stderr
    );
    assert_eq!(git_ok(root, &["rev-parse", "HEAD"]), before);

    // What is checked is what is staged: fixing only the work tree does not help.
    archive.write(NEW, GOOD);
    assert!(!git(root, &["commit", "-q", "-m", "Riyadh"]).success);
    git_ok(root, &["add", NEW]);
    archive.write(NEW, BROKEN);
    let commit = git(root, &["commit", "-q", "-m", "Riyadh"]);
    assert!(
        commit.success,
        "the staged file is good:\n{}",
        commit.stderr
    );
    assert_ne!(git_ok(root, &["rev-parse", "HEAD"]), before);
    assert!(
        !root.join("public").exists(),
        "a check writes nothing into the archive"
    );
}

/// pre-commit shows the warnings about the staged files, not the others, and keeps the cache of
/// its checks in the git folder for the next commit.
#[test]
fn pre_commit_warns_about_the_staged_files_only_and_keeps_its_cache() {
    let archive = repository();
    let root = archive.root();
    install(root, &["pre-commit"]);
    // A warning in a file that is not staged now (already committed).
    archive.write(
        "content/briefings/2023-12-03-old.md",
        "+++\ntitle = \"Old\"\ndate = 2023-12-03\nactors = [\"zhai-jun\"]\n+++\nZhai Jun met Mikhail Bogdanov.\n",
    );
    git_ok(root, &["add", "."]);
    let first = git(root, &["commit", "-q", "-m", "Old"]);
    assert!(first.success, "{}", first.stderr);
    assert_contains!(first.stderr, "2023-12-03-old.md");
    assert!(
        root.join(".git/dossier-staged/.dossier-cache/check.bin")
            .exists(),
        "the check's cache is kept in the git folder"
    );
    archive.write(
        "content/briefings/2023-12-04-new.md",
        "+++\ntitle = \"New\"\ndate = 2023-12-04\nactors = [\"zhai-jun\"]\n+++\nZhai Jun spoke to Usama.\n",
    );
    git_ok(root, &["add", "."]);
    let second = git(root, &["commit", "-q", "-m", "New"]);
    assert!(second.success, "{}", second.stderr);
    assert_contains!(second.stderr, "2023-12-04-new.md");
    assert!(
        !second.stderr.contains("2023-12-03-old.md"),
        "only the staged files' warnings: {}",
        second.stderr
    );
    // A file removed from the index is gone from the checked copy too.
    git_ok(root, &["rm", "-q", "content/briefings/2023-12-04-new.md"]);
    let third = git(root, &["commit", "-q", "-m", "Gone"]);
    assert!(third.success, "{}", third.stderr);
    assert!(!root
        .join(".git/dossier-staged/content/briefings/2023-12-04-new.md")
        .exists());
}

#[test]
fn post_commit_rebuilds_the_output_folder_from_the_commit() {
    let archive = repository();
    let root = archive.root();
    install(root, &["post-commit"]);

    archive.write(NEW, GOOD);
    archive.write(
        "content/briefings/2023-12-02-uncommitted.md",
        "+++\ntitle = \"Not committed\"\ndate = 2023-12-02\n+++\n",
    );
    git_ok(root, &["add", NEW]);
    let commit = git(root, &["commit", "-q", "-m", "Riyadh"]);
    assert!(commit.success, "{}", commit.stderr);
    // git sends what a hook prints to its standard error.
    assert_contains!(commit.stderr, "dossier: Built 4 briefings");
    let page = archive.page("briefings/2023-12-01-riyadh/index.html");
    assert!(page.contains("Talks in Riyadh"));
    assert!(
        !root
            .join("public/briefings/2023-12-02-uncommitted")
            .exists(),
        "the site is built from the commit, not the work tree"
    );
    assert!(
        git_ok(root, &["status", "--porcelain"])
            .contains("?? content/briefings/2023-12-02-uncommitted.md"),
        "the index and work tree are left alone"
    );
}

/// A server: a bare repository with the build and publish hooks, and a clone to push from.
struct Server {
    _dir: tempfile::TempDir,
    /// The folder holding the repository, the clone and the live site.
    root: PathBuf,
    bare: PathBuf,
    clone: PathBuf,
    live: PathBuf,
}

impl Server {
    /// A server whose HEAD names main, with `hooks` installed.
    fn new(hooks: &[&str]) -> Server {
        let server = Server::bare(&["-b", "main"]);
        for hook in hooks {
            server.install(hook);
        }
        server
    }

    /// A server without hooks, its bare repository made by `git init --bare <options>`: with no
    /// arguments, as git makes one by default, with HEAD naming a `master` that has no commits.
    fn bare(options: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let bare = root.join("archive.git");
        let live = root.join("www");
        fs::create_dir(&bare).unwrap();
        let mut args = vec!["init", "-q", "--bare"];
        args.extend_from_slice(options);
        git_ok(&bare, &args);
        let clone = root.join("clone");
        fs::create_dir(&clone).unwrap();
        init(&clone, &[]);
        git_ok(&clone, &["remote", "add", "origin", bare.to_str().unwrap()]);
        let fixture = Archive::fixture("minimal");
        crate::common::copy_tree(fixture.root(), &clone);
        fs::write(clone.join(".gitignore"), "public/\n").unwrap();
        Server {
            _dir: dir,
            root,
            bare,
            clone,
            live,
        }
    }

    /// Installs `hook`, the post-receive one publishing to `live`.
    fn install(&self, hook: &str) -> Run {
        if hook == "post-receive" {
            install(
                &self.bare,
                &[hook, "--publish", self.live.to_str().unwrap()],
            )
        } else {
            install(&self.bare, &[hook])
        }
    }

    /// Commits `file` with `text` in the clone and pushes main.
    fn push(&self, file: &str, text: &str) -> Run {
        self.commit(file, text);
        git(&self.clone, &["push", "origin", "main"])
    }

    /// Commits `file` with `text` in the clone; returns the revision.
    fn commit(&self, file: &str, text: &str) -> String {
        let path = self.clone.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        git_ok(&self.clone, &["add", "-A"]);
        git_ok(&self.clone, &["commit", "-q", "-m", file]);
        git_ok(&self.clone, &["rev-parse", "HEAD"])
    }

    /// Removes `file` in the clone, commits and pushes main.
    fn push_removal(&self, file: &str) -> Run {
        git_ok(&self.clone, &["rm", "-q", file]);
        git_ok(
            &self.clone,
            &["commit", "-q", "-m", &format!("Remove {file}")],
        );
        git(&self.clone, &["push", "origin", "main"])
    }

    /// The receive hooks' work folder.
    fn work(&self) -> PathBuf {
        self.bare.join("dossier")
    }

    /// Starts `dossier hook run <args>` in the bare repository, as git would, with `refs` on its
    /// standard input.
    fn hook(&self, args: &[&str], refs: &str) -> std::process::Child {
        let mut command = crate::common::dossier(&self.bare);
        isolate(&mut command)
            .args(["hook", "run"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(refs.as_bytes()).unwrap();
        child
    }

    /// Runs `dossier hook run post-receive --publish <publish>` as git would after a push that
    /// created main at its tip.
    fn post_receive(&self, publish: &str) -> Run {
        let line = format!("{} {} refs/heads/main\n", "0".repeat(40), self.tip());
        let child = self.hook(&["post-receive", "--publish", publish], &line);
        Run::from(child.wait_with_output().unwrap())
    }

    /// The name of the build the live site is.
    fn live_build(&self) -> String {
        let target = fs::read_link(&self.live).unwrap();
        target.file_name().unwrap().to_string_lossy().into_owned()
    }

    /// The folders in the folder of builds.
    fn builds(&self) -> usize {
        fs::read_dir(self.live.with_file_name("www.builds"))
            .unwrap()
            .count()
    }

    fn tip(&self) -> String {
        git_ok(&self.bare, &["rev-parse", "main"])
    }
}

#[test]
fn a_server_publishes_good_pushes_and_rejects_broken_ones() {
    let server = Server::new(&["pre-receive", "post-receive"]);
    let first = server.push(".gitignore", "public/\n");
    assert!(first.success, "{}", first.stderr);
    assert_contains!(first.stderr, "remote: dossier: published main");
    let link = fs::symlink_metadata(&server.live).unwrap();
    assert!(
        link.file_type().is_symlink(),
        "the live site is a link to a build"
    );
    assert!(!fs::read_to_string(server.live.join("index.html"))
        .unwrap()
        .contains("Talks in Riyadh"));

    let good = server.push(NEW, GOOD);
    assert!(good.success, "{}", good.stderr);
    let home = fs::read_to_string(server.live.join("index.html")).unwrap();
    assert_contains!(home, "Talks in Riyadh");
    assert!(server
        .live
        .join("briefings/2023-12-01-riyadh/index.html")
        .is_file());
    let published = server.tip();
    let site = snapshot(&server.live);
    let target = fs::read_link(&server.live).unwrap();

    let broken = server.push(NEW, BROKEN);
    assert!(!broken.success, "the broken push was accepted");
    assert_contains!(broken.stderr, "pre-receive hook declined");
    assert!(
        broken
            .stderr
            .contains("does not build, so the push is rejected"),
        "{}",
        broken.stderr
    );
    assert!(
        broken
            .stderr
            .contains("remote: error: unknown actor 'zhai-jn'"),
        "the pusher sees the error: {}",
        broken.stderr
    );
    assert!(
        broken
            .stderr
            .contains("content/briefings/2023-12-01-riyadh.md:4:11"),
        "{}",
        broken.stderr
    );
    assert_eq!(server.tip(), published, "the branch did not move");
    assert_eq!(fs::read_link(&server.live).unwrap(), target);
    assert!(snapshot(&server.live) == site, "the live site changed");

    let builds = fs::read_dir(server.live.with_file_name("www.builds"))
        .unwrap()
        .count();
    assert_eq!(builds, 2, "the live build and the one before it are kept");
}

#[test]
fn a_failed_publication_leaves_the_live_site_as_it_was() {
    let server = Server::new(&["post-receive"]);
    assert!(server.push(NEW, GOOD).success);
    let site = snapshot(&server.live);
    let target = fs::read_link(&server.live).unwrap();

    let broken = server.push(NEW, BROKEN);
    assert!(
        broken.success,
        "without pre-receive the push itself goes through"
    );
    assert!(
        broken
            .stderr
            .contains("remote: error: unknown actor 'zhai-jn'"),
        "{}",
        broken.stderr
    );
    assert_contains!(broken.stderr, "is left as it was");
    assert_eq!(fs::read_link(&server.live).unwrap(), target);
    assert!(snapshot(&server.live) == site, "the live site changed");
}

#[test]
fn a_foreign_hook_is_replaced_only_with_force() {
    let archive = repository();
    let root = archive.root();
    let hook = root.join(".git/hooks/pre-commit");
    fs::write(&hook, "#!/bin/sh\nmake lint\n").unwrap();

    let refused = dossier(root, &["hook", "install", "pre-commit"]);
    assert_eq!(refused.code, Some(1));
    assert_contains!(refused.stderr, "was not written by dossier");
    assert_contains!(refused.stderr, "--force");
    assert_eq!(fs::read_to_string(&hook).unwrap(), "#!/bin/sh\nmake lint\n");

    install(root, &["pre-commit", "--force"]);
    let text = fs::read_to_string(&hook).unwrap();
    assert_contains!(text, "# installed by dossier hook install");
    assert_contains!(text, "hook run pre-commit");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&hook).unwrap().permissions().mode() & 0o111,
            0o111
        );
    }
    // A hook dossier wrote may be written again without --force.
    install(root, &["pre-commit"]);
}

#[test]
fn install_asks_for_what_each_hook_needs() {
    let archive = repository();
    let root = archive.root();
    let run = dossier(root, &["hook", "install", "post-receive"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "--publish DIR");

    let outside = tempfile::tempdir().unwrap();
    let run = dossier(outside.path(), &["hook", "install", "pre-commit"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "not in a git repository");
}

/// Case: `git init --bare` leaves HEAD naming `master`, which has no commits, and the archive's
/// branch is `main`. The hooks used to check and publish nothing, and say nothing.
#[test]
fn a_bare_repository_as_git_makes_it_checks_and_publishes_the_pushed_branch() {
    let server = Server::bare(&[]);
    let warned = server.install("pre-receive");
    assert_contains!(
        warned.stderr,
        "warning: HEAD names master, which has no commits"
    );
    assert_contains!(warned.stderr, "--branch NAME");
    server.install("post-receive");

    let broken = server.push(NEW, BROKEN);
    assert!(!broken.success, "the broken push was accepted");
    assert_contains!(broken.stderr, "remote: error: unknown actor 'zhai-jn'");
    assert!(
        fs::symlink_metadata(&server.live).is_err(),
        "nothing is live"
    );

    let good = server.push(NEW, GOOD);
    assert!(good.success, "{}", good.stderr);
    assert_contains!(good.stderr, "remote: dossier: published main at");
    assert_contains!(
        fs::read_to_string(server.live.join("index.html")).unwrap(),
        "Talks in Riyadh"
    );
    // main stays the branch published while it is the only one.
    let again = server.push(".gitignore", "public/\n.cache/\n");
    assert!(again.success, "{}", again.stderr);
    assert!(server.live_build().starts_with(&server.tip()));

    // A second branch makes the choice ambiguous: the hooks say so and ask for --branch.
    let other = git(&server.clone, &["push", "origin", "main:dev"]);
    assert!(other.success, "{}", other.stderr);
    assert_contains!(other.stderr, "remote: dossier: nothing was published");
    assert_contains!(other.stderr, "--branch NAME");
}

/// Case: a push of a branch that is not published is answered, and with `--branch` the hooks
/// publish the branch chosen, whatever HEAD says.
#[test]
fn a_push_of_another_branch_says_that_nothing_was_published() {
    let server = Server::bare(&[]);
    let chosen = install(
        &server.bare,
        &[
            "post-receive",
            "--branch",
            "main",
            "--publish",
            server.live.to_str().unwrap(),
        ],
    );
    assert!(!chosen.stderr.contains("warning"), "{}", chosen.stderr);
    install(&server.bare, &["pre-receive", "--branch", "main"]);
    let script = fs::read_to_string(server.bare.join("hooks/post-receive")).unwrap();
    assert_contains!(script, "--branch 'main'");

    assert!(server.push(NEW, GOOD).success);
    let live = server.live_build();
    server.commit(NEW, BROKEN);
    let other = git(&server.clone, &["push", "origin", "main:drafts"]);
    assert!(other.success, "{}", other.stderr);
    assert_contains!(
        other.stderr,
        "remote: dossier: nothing was published for drafts"
    );
    assert_contains!(other.stderr, "only main is published");
    assert_eq!(server.live_build(), live);

    // Deleting the published branch publishes nothing and says so.
    let deleted = git(&server.clone, &["push", "origin", ":main"]);
    assert!(deleted.success, "{}", deleted.stderr);
    assert_contains!(
        deleted.stderr,
        "remote: dossier: main was deleted, so nothing was published"
    );
    assert_eq!(server.live_build(), live);

    let refused = dossier(
        &server.bare,
        &["hook", "install", "post-commit", "--branch", "main"],
    );
    assert_eq!(refused.code, Some(1));
    assert_contains!(
        refused.stderr,
        "--branch is for the pre-receive and post-receive hooks"
    );
    let bad = dossier(
        &server.bare,
        &["hook", "install", "pre-receive", "--branch", "a..b"],
    );
    assert_eq!(bad.code, Some(1));
    assert_contains!(bad.stderr, "not a valid branch name");
}

/// Case: two pushes in quick succession, the older one slow to build. Its hook used to publish
/// the revision it was given once its build ended, after the newer one, so a briefing deleted
/// by the newer push came back. Each hook now builds the branch's tip under one lock. The hooks
/// run as git runs them: the older push's starts, then the newer push moves the branch and
/// its hook starts while the older one is still building.
#[test]
fn racing_publications_leave_the_newest_tip_live() {
    let server = Server::new(&[]);
    for i in 0..400 {
        let file = format!("content/briefings/filler/2023-09-01-filler-{i}.md");
        let text = format!("+++\ntitle = \"Filler {i}\"\ndate = 2023-09-01\n+++\nText {i}.\n");
        let path = server.clone.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let older = server.commit(NEW, GOOD);
    fs::remove_dir_all(server.clone.join("content/briefings/filler")).unwrap();
    fs::remove_file(server.clone.join("content/briefings/2023-10-20-doha.md")).unwrap();
    let newer = server.commit(".gitignore", "public/\n");
    let live = server.live.to_str().unwrap();

    git_ok(
        &server.clone,
        &["push", "-q", "origin", &format!("{older}:refs/heads/main")],
    );
    let slow = server.hook(
        &["post-receive", "--publish", live],
        &format!("{} {older} refs/heads/main\n", "0".repeat(40)),
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    git_ok(&server.clone, &["push", "-q", "origin", "main"]);
    let quick = server.hook(
        &["post-receive", "--publish", live],
        &format!("{older} {newer} refs/heads/main\n"),
    );
    for child in [quick, slow] {
        let run = Run::from(child.wait_with_output().unwrap());
        assert!(run.success, "{}{}", run.stdout, run.stderr);
    }

    assert!(!server.live.join("briefings/2023-10-20-doha").exists());
    assert!(!fs::read_to_string(server.live.join("index.html"))
        .unwrap()
        .contains("Talks in Doha"));
    assert_contains!(
        fs::read_to_string(server.live.join("index.html")).unwrap(),
        "Talks in Riyadh"
    );
    assert!(
        server.live_build().starts_with(&newer),
        "{}",
        server.live_build()
    );
}

/// Case: `--publish` naming the folder that holds the repository moved the repository aside on
/// the first push. Such a folder, or one inside the repository, is refused at install and by
/// the hook itself, and the repository is left alone.
#[test]
fn a_publish_folder_holding_the_repository_is_refused() {
    let server = Server::new(&[]);
    assert!(server.push(NEW, GOOD).success);
    let root = server.root.to_str().unwrap();
    let before = snapshot(&server.bare);

    let holding = dossier(
        &server.bare,
        &["hook", "install", "post-receive", "--publish", root],
    );
    assert_eq!(holding.code, Some(1));
    assert_contains!(holding.stderr, "holds the repository");
    assert!(!server.bare.join("hooks/post-receive").exists());
    let inside = server.bare.join("www");
    let inside = dossier(
        &server.bare,
        &[
            "hook",
            "install",
            "post-receive",
            "--publish",
            inside.to_str().unwrap(),
        ],
    );
    assert_eq!(inside.code, Some(1));
    assert_contains!(inside.stderr, "lies inside the repository");

    // The hook refuses too (a script written by hand, or by an older dossier).
    let run = server.post_receive(&format!("{root}/"));
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "holds the repository");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(snapshot(&server.bare) == before, "the repository changed");
    let left: Vec<String> = fs::read_dir(&server.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        left.iter().all(|n| !n.contains("before-dossier")),
        "{left:?}"
    );

    // A repository with a work tree: its folder is the repository too, also for a receive
    // hook, which git runs in .git with GIT_DIR set.
    let archive = repository();
    let public = archive.root().join("public");
    let public = public.to_str().unwrap();
    let refused = dossier(
        archive.root(),
        &["hook", "install", "post-receive", "--publish", public],
    );
    assert_contains!(refused.stderr, "lies inside the repository");
    let mut hook = crate::common::dossier(&archive.root().join(".git"));
    isolate(&mut hook).env("GIT_DIR", ".").args([
        "hook",
        "run",
        "post-receive",
        "--publish",
        public,
    ]);
    let run = Run::from(hook.output().unwrap());
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "lies inside the repository");
}

/// Case: `--publish DIR/` with a trailing slash failed on every push and left a build behind
/// each time. The folder is normalised (slashes, `..`) at install and by the hook, and the
/// builds kept are bounded: the live one and two before it.
#[test]
fn a_publish_folder_with_a_trailing_slash_or_dots_is_normalised() {
    let server = Server::new(&[]);
    let live = server.live.to_str().unwrap();
    install(
        &server.bare,
        &["post-receive", "--publish", &format!("{live}/")],
    );
    let script = fs::read_to_string(server.bare.join("hooks/post-receive")).unwrap();
    assert_contains!(script, &format!("--publish '{live}' "));
    for i in 0..4 {
        let run = server.push(&format!("content/briefings/2023-12-0{}-n.md", i + 1), GOOD);
        assert!(run.success, "{}", run.stderr);
        assert_contains!(run.stderr, "remote: dossier: published main");
    }
    assert!(fs::symlink_metadata(&server.live)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(server.live_build().starts_with(&server.tip()));
    assert_eq!(server.builds(), 3, "the live build and two before it");

    let dots = server.root.join("nowhere/../www");
    install(
        &server.bare,
        &["post-receive", "--publish", dots.to_str().unwrap()],
    );
    let script = fs::read_to_string(server.bare.join("hooks/post-receive")).unwrap();
    assert_contains!(script, &format!("--publish '{live}' "));

    // The hook normalises too: the same folder, written another way, is already live.
    let run = server.post_receive(&format!("{live}//"));
    assert!(run.success, "{}", run.stderr);
    assert_contains!(run.stdout, "already live");
}

/// How many files the build behind the `remote:` line containing `line` wrote, by what it says:
/// "(N files written, ...".
fn files_written(stderr: &str, line: &str) -> usize {
    let said = stderr
        .lines()
        .find(|l| l.contains(line))
        .unwrap_or_else(|| panic!("no line with '{line}' in:\n{stderr}"));
    let (before, _) = said
        .split_once(" files written")
        .unwrap_or_else(|| panic!("no count of files written in '{said}'"));
    before.rsplit('(').next().unwrap().parse().unwrap()
}

/// A push that changes one briefing builds from the last push's build, kept in the work folder
/// beside the hooks: pre-receive writes only the files that change, and post-receive publishes
/// the site pre-receive built without building it again.
#[test]
fn a_push_of_one_briefing_builds_from_the_last_push() {
    let server = Server::new(&["pre-receive", "post-receive"]);
    let first = server.push(NEW, GOOD);
    assert!(first.success, "{}", first.stderr);
    let all = files_written(&first.stderr, "remote: dossier: main at");
    assert!(
        all > 10,
        "the first push builds every file: {}",
        first.stderr
    );
    assert_contains!(first.stderr, "the site already built from it");
    assert!(server.work().join("tree/.dossier-cache").is_dir());
    assert!(server.work().join("site/index.html").is_file());

    let edited = GOOD.replace("met officials", "met ministers");
    let second = server.push(NEW, &edited);
    assert!(second.success, "{}", second.stderr);
    assert!(!second.stderr.contains("from scratch"), "{}", second.stderr);
    let changed = files_written(&second.stderr, "remote: dossier: main at");
    assert!(
        changed > 0 && changed < all / 2,
        "{changed} of {all} files written: {}",
        second.stderr
    );
    assert_contains!(second.stderr, "the site already built from it");
    let page = server.live.join("briefings/2023-12-01-riyadh/index.html");
    assert_contains!(fs::read_to_string(&page).unwrap(), "met ministers");
    assert!(server.live_build().starts_with(&server.tip()));
}

/// A briefing deleted by a push leaves the work folder and the live site, and the builds kept
/// from before still show it as it was (a later build never changes a published file).
#[test]
fn a_briefing_deleted_by_a_push_disappears_from_the_live_site() {
    let server = Server::new(&["pre-receive", "post-receive"]);
    assert!(server.push(NEW, GOOD).success);
    let before = fs::read_link(&server.live).unwrap();
    let before = server.live.with_file_name(before);

    let removed = server.push_removal(NEW);
    assert!(removed.success, "{}", removed.stderr);
    assert!(!server.work().join("tree").join(NEW).exists());
    assert!(!server.live.join("briefings/2023-12-01-riyadh").exists());
    let home = fs::read_to_string(server.live.join("index.html")).unwrap();
    assert!(!home.contains("Talks in Riyadh"), "{home}");
    assert!(server.live_build().starts_with(&server.tip()));

    assert_contains!(
        fs::read_to_string(before.join("index.html")).unwrap(),
        "Talks in Riyadh"
    );
    assert!(before
        .join("briefings/2023-12-01-riyadh/index.html")
        .is_file());
}

/// A push that does not build, after a good one, changes nothing live (without pre-receive it
/// is accepted and post-receive fails), and the next good push builds and is published.
#[test]
fn a_failed_build_after_a_good_one_leaves_the_site_and_the_next_push_works() {
    let server = Server::new(&["post-receive"]);
    let first = server.push(NEW, GOOD);
    let all = files_written(&first.stderr, "remote: dossier: published");
    let site = snapshot(&server.live);
    let target = fs::read_link(&server.live).unwrap();

    let broken = server.push(NEW, BROKEN);
    assert_contains!(broken.stderr, "remote: error: unknown actor 'zhai-jn'");
    assert_contains!(broken.stderr, "is left as it was");
    assert_eq!(fs::read_link(&server.live).unwrap(), target);
    assert!(snapshot(&server.live) == site, "the live site changed");

    let fixed = GOOD.replace("Talks in Riyadh", "Second talks in Riyadh");
    let good = server.push(NEW, &fixed);
    assert!(good.success, "{}", good.stderr);
    assert_contains!(good.stderr, "remote: dossier: published main");
    assert!(!good.stderr.contains("from scratch"), "{}", good.stderr);
    let changed = files_written(&good.stderr, "remote: dossier: published");
    assert!(changed < all / 2, "{changed} of {all}: {}", good.stderr);
    assert_contains!(
        fs::read_to_string(server.live.join("index.html")).unwrap(),
        "Second talks in Riyadh"
    );
    assert!(server.live_build().starts_with(&server.tip()));
}

/// A work folder that cannot be trusted (a damaged state, a hook killed while checking out, a
/// damaged index, files removed from the tree) is made again or repaired, saying so, and the
/// push is published as if nothing had happened; a file put in the folder by someone else stays.
#[test]
fn a_damaged_work_folder_is_made_again() {
    let server = Server::new(&["pre-receive", "post-receive"]);
    assert!(server.push(NEW, GOOD).success);
    let work = server.work();
    fs::write(work.join("README"), "notes of the server's keeper").unwrap();

    let damage: [(&str, &dyn Fn()); 4] = [
        ("damaged state", &|| {
            fs::write(work.join("state"), "\u{0}garbage").unwrap()
        }),
        ("killed checkout", &|| {
            let state = fs::read_to_string(work.join("state")).unwrap();
            fs::write(work.join("state"), state.replace("ready", "checking out")).unwrap()
        }),
        ("damaged index", &|| {
            fs::write(work.join("index"), "DIRC not an index").unwrap()
        }),
        ("files removed", &|| {
            fs::remove_dir_all(work.join("tree/content/actors")).unwrap()
        }),
    ];
    for (i, (what, spoil)) in damage.iter().enumerate() {
        spoil();
        let title = format!("Talks number {i}");
        let run = server.push(NEW, &GOOD.replace("Talks in Riyadh", &title));
        assert!(run.success, "{what}: {}", run.stderr);
        if *what != "files removed" {
            assert_contains!(run.stderr, "it is made again from scratch");
        }
        assert_contains!(run.stderr, "remote: dossier: published main");
        assert_contains!(
            fs::read_to_string(server.live.join("index.html")).unwrap(),
            &title
        );
        assert!(server.live_build().starts_with(&server.tip()), "{what}");
    }
    assert!(work.join("README").is_file());
}

/// A pushed link out of the archive is refused in the work folder as it was in a fresh copy:
/// the push is rejected naming the link, nothing from outside is shown or published, and the
/// next push, without the link, builds and removes it from the work folder.
#[cfg(unix)]
#[test]
fn a_pushed_link_out_of_the_archive_is_rejected_and_goes_with_the_next_push() {
    let server = Server::new(&["pre-receive", "post-receive"]);
    assert!(server.push(NEW, GOOD).success);
    let target = fs::read_link(&server.live).unwrap();
    let secret = server.root.join("secret.md");
    fs::write(
        &secret,
        "+++\ntitle = \"root:* secret\"\n+++\nroot:*:secret\n",
    )
    .unwrap();
    let link = "content/briefings/leak.md";
    std::os::unix::fs::symlink(&secret, server.clone.join(link)).unwrap();
    let leak = server.push(NEW, &GOOD.replace("officials", "envoys"));
    assert!(!leak.success, "the push of a link out was accepted");
    assert_contains!(leak.stderr, link);
    assert_contains!(leak.stderr, "outside the archive");
    assert!(!leak.stderr.contains("root:*"), "{}", leak.stderr);
    assert_eq!(fs::read_link(&server.live).unwrap(), target);

    let fixed = server.push_removal(link);
    assert!(fixed.success, "{}", fixed.stderr);
    assert!(fs::symlink_metadata(server.work().join("tree").join(link)).is_err());
    assert_contains!(
        fs::read_to_string(server.live.join("briefings/2023-12-01-riyadh/index.html")).unwrap(),
        "met envoys"
    );
}
