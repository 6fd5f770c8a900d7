//! The git hooks, end to end with real git: a commit with errors blocked by pre-commit, the
//! output folder rebuilt by post-commit, and a server's bare repository that builds each push,
//! rejects a broken one with the errors shown to the pusher and publishes a good one atomically.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Archive, Run};

const NEW: &str = "content/briefings/2023-12-01-riyadh.md";
const GOOD: &str = "+++\ntitle = \"Talks in Riyadh\"\ndate = 2023-12-01\nactors = [\"Zhai\"]\ntags = [\"ceasefire\"]\n+++\nZhai met officials in Riyadh.\n";
const BROKEN: &str = "+++\ntitle = \"Talks in Riyadh\"\ndate = 2023-12-01\nactors = [\"zhai-jn\"]\ntags = [\"ceasefire\"]\n+++\nZhai met officials in Riyadh.\n";

/// A command isolated from the caller's git: no location variables (as when the tests run
/// from a hook), no global or system config, no colour.
fn isolated(mut command: Command, args: &[&str]) -> Run {
    let program = command.get_program().to_string_lossy().into_owned();
    let output = command
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    Run::from(output)
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
    bare: PathBuf,
    clone: PathBuf,
    live: PathBuf,
}

impl Server {
    fn new(hooks: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let bare = dir.path().join("archive.git");
        let live = dir.path().join("www");
        fs::create_dir(&bare).unwrap();
        init(&bare, &["--bare"]);
        for hook in hooks {
            if *hook == "post-receive" {
                install(&bare, &[hook, "--publish", live.to_str().unwrap()]);
            } else {
                install(&bare, &[hook]);
            }
        }
        let clone = dir.path().join("clone");
        fs::create_dir(&clone).unwrap();
        init(&clone, &[]);
        git_ok(&clone, &["remote", "add", "origin", bare.to_str().unwrap()]);
        let fixture = Archive::fixture("minimal");
        copy(fixture.root(), &clone);
        fs::write(clone.join(".gitignore"), "public/\n").unwrap();
        Server {
            _dir: dir,
            bare,
            clone,
            live,
        }
    }

    /// Commits `file` with `text` in the clone and pushes main.
    fn push(&self, file: &str, text: &str) -> Run {
        let path = self.clone.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        git_ok(&self.clone, &["add", "-A"]);
        git_ok(&self.clone, &["commit", "-q", "-m", file]);
        git(&self.clone, &["push", "origin", "main"])
    }

    fn tip(&self) -> String {
        git_ok(&self.bare, &["rev-parse", "main"])
    }
}

fn copy(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_server_publishes_good_pushes_and_rejects_broken_ones() {
    let server = Server::new(&["pre-receive", "post-receive"]);
    let first = server.push(".gitignore", "public/\n");
    assert!(first.success, "{}", first.stderr);
    assert!(
        first
            .stderr
            .contains("remote: dossier: published refs/heads/main"),
        "{}",
        first.stderr
    );
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
