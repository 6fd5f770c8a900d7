//! Safety at the edges, tried as an attacker and as a careless user would: nothing is read from
//! outside the archive, nothing dossier did not write is deleted or overwritten, a failed build
//! leaves the previous site exactly as it was, and odd text never reaches a file raw.

use std::os::unix::fs::symlink;

use crate::common::{Archive, Run};

/// A file outside any archive that an attacker would like published.
fn secret() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shadow"), "root:*:19000:0:99999:7:::\n").unwrap();
    std::fs::write(
        dir.path().join("secret.md"),
        "+++\ntitle = \"Secret\"\ndate = 2023-01-01\n+++\nroot:*:19000\n",
    )
    .unwrap();
    dir
}

/// A build and a strict check that fail naming `link`, without a word of the secret, and
/// leave the output as it was.
fn refused(archive: &Archive, link: &str) -> Run {
    let before = archive.tree("public");
    let run = archive.run(&["build"]);
    assert!(!run.success, "the build went through:\n{}", run.stdout);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_contains!(run.stderr, link);
    assert_contains!(run.stderr, "outside the archive");
    assert!(!run.stderr.contains("root:*"), "{}", run.stderr);
    assert_eq!(archive.tree("public"), before, "the output changed");
    let check = archive.run(&["check", "--strict"]);
    assert!(!check.success, "check passed:\n{}", check.stdout);
    assert_contains!(check.stderr, link);
    run
}

#[test]
fn a_linked_briefing_or_folder_out_of_the_archive_is_an_error_naming_the_link() {
    let outside = secret();
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    symlink(
        outside.path().join("secret.md"),
        archive.root().join("content/briefings/secret.md"),
    )
    .unwrap();
    refused(&archive, "content/briefings/secret.md");

    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    symlink(
        outside.path(),
        archive.root().join("content/briefings/more"),
    )
    .unwrap();
    refused(&archive, "content/briefings/more");

    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    std::fs::rename(
        archive.root().join("content/briefings"),
        outside.path().join("b"),
    )
    .unwrap();
    symlink(
        outside.path().join("b"),
        archive.root().join("content/briefings"),
    )
    .unwrap();
    refused(&archive, "content/briefings");
}

#[test]
fn a_linked_config_is_refused_without_being_read() {
    let outside = secret();
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    archive.remove("config.toml");
    symlink(
        outside.path().join("shadow"),
        archive.root().join("config.toml"),
    )
    .unwrap();
    refused(&archive, "config.toml");
}

#[test]
fn a_theme_linked_out_of_the_archive_publishes_nothing_of_it() {
    let outside = secret();
    for linked in ["themes/mine/static", "themes/mine/templates", "themes/mine"] {
        let archive = Archive::fixture("minimal");
        archive.write("themes/mine/templates/.keep", "");
        archive.build_ok(&[]);
        archive.configure("theme = \"mine\"\n");
        let link = archive.root().join(linked);
        if link.exists() {
            std::fs::remove_dir_all(&link).unwrap();
        }
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        symlink(outside.path(), &link).unwrap();
        refused(&archive, linked);
        assert!(!archive.root().join("public/shadow").exists());
    }
}

#[test]
fn links_that_stay_inside_the_archive_are_followed_and_loops_are_errors() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "drafts/2023-12-01-inside.md",
        "+++\ntitle = \"Inside\"\ndate = 2023-12-01\n+++\nText.\n",
    );
    symlink(
        archive.root().join("drafts"),
        archive.root().join("content/briefings/linked"),
    )
    .unwrap();
    let run = archive.build_ok(&[]);
    assert_contains!(run.stdout, "Built 4 briefings");
    assert!(archive
        .root()
        .join("public/briefings/2023-12-01-inside/index.html")
        .exists());

    symlink(
        archive.root().join("content"),
        archive.root().join("content/briefings/loop"),
    )
    .unwrap();
    let run = archive.run(&["build"]);
    assert!(!run.success, "{}", run.stdout);
    assert_contains!(run.stderr, "content/briefings/loop");
    assert_contains!(run.stderr, "loop");
}

#[test]
fn a_link_that_leads_nowhere_is_an_error() {
    let archive = Archive::fixture("minimal");
    symlink(
        archive.root().join("missing.md"),
        archive.root().join("content/briefings/gone.md"),
    )
    .unwrap();
    let run = archive.run(&["build"]);
    assert!(!run.success, "{}", run.stdout);
    assert_contains!(run.stderr, "content/briefings/gone.md");
    assert_contains!(run.stderr, "leads nowhere");
}
