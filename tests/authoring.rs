//! The authoring commands: `init` makes an archive that builds at once, `new` writes complete
//! front matter and never overwrites, `check` warns about unlisted mentions and idle actors.

use std::fs;

use crate::common::Archive;

#[test]
fn init_makes_an_archive_that_builds_at_once() {
    let place = Archive::empty();
    let run = place.run(&["init", "news"]);
    assert!(run.success, "{}", run.stderr);
    let archive = place.root().join("news");
    for file in [
        "config.toml",
        ".gitignore",
        "content/actors/jane-example.md",
    ] {
        assert!(archive.join(file).is_file(), "{file}");
    }
    assert_eq!(
        fs::read_dir(archive.join("content/briefings"))
            .unwrap()
            .count(),
        1
    );
    assert!(fs::read_to_string(archive.join("config.toml"))
        .unwrap()
        .contains("# The name of the archive"));
    let build = place.run(&["build", "--root", "news"]);
    assert!(build.success, "{}", build.stderr);
    assert!(archive
        .join("public/envoys/jane-example/index.html")
        .is_file());
    let check = place.run(&["check", "--root", "news", "--strict"]);
    assert!(
        check.success,
        "the example is clean: {}{}",
        check.stdout, check.stderr
    );

    let again = place.run(&["init", "news"]);
    assert_eq!(again.code, Some(1));
    assert_contains!(again.stderr, "already");
}

#[test]
fn new_briefing_writes_checked_front_matter_and_never_overwrites() {
    let archive = Archive::fixture("minimal");
    let run = archive.run(&[
        "new",
        "briefing",
        "Zhai Jun meets \"everyone\"",
        "--date",
        "2023-12-01",
        "--actor",
        "翟隽",
        "--actor",
        "osama",
        "--tag",
        "talks",
        "--place",
        "Cairo",
    ]);
    assert!(run.success, "{}", run.stderr);
    let path = "content/briefings/2023-12-01-zhai-jun-meets-everyone.md";
    assert_contains!(run.stdout, path);
    let text = fs::read_to_string(archive.root().join(path)).unwrap();
    assert!(
        text.contains("actors = [\"zhai-jun\", \"usama\"]"),
        "aliases become ids: {text}"
    );
    assert!(text.contains("date = 2023-12-01"));
    archive.build_ok(&[]);
    assert!(archive
        .page("actors/usama/index.html")
        .contains("2023-12-01-zhai-jun-meets-everyone"));

    let again = archive.run(&[
        "new",
        "briefing",
        "Zhai Jun meets \"everyone\"",
        "--date",
        "2023-12-01",
    ]);
    assert_eq!(again.code, Some(1));
    assert_contains!(again.stderr, "exists already");
    assert_eq!(
        fs::read_to_string(archive.root().join(path)).unwrap(),
        text,
        "the file is untouched"
    );
}

#[test]
fn new_briefing_refuses_unknown_actors_and_bad_dates() {
    let archive = Archive::fixture("minimal");
    let run = archive.run(&["new", "briefing", "X", "--actor", "bogdanof"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "did you mean 'Bogdanov'?");
    let run = archive.run(&["new", "briefing", "X", "--date", "2023-02-30"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "YYYY-MM-DD");
    assert_eq!(
        fs::read_dir(archive.root().join("content/briefings"))
            .unwrap()
            .count(),
        3,
        "nothing written"
    );
}

#[test]
fn new_briefing_defaults_to_today() {
    let archive = Archive::fixture("minimal");
    let run = archive.run(&["new", "briefing", "Today's call"]);
    assert!(run.success, "{}", run.stderr);
    let today = chrono::Local::now().date_naive().to_string();
    assert_contains!(
        run.stdout,
        &format!("content/briefings/{today}-today-s-call.md")
    );
}

#[test]
fn new_actor_writes_an_actor_and_refuses_names_in_use() {
    let archive = Archive::fixture("minimal");
    let run = archive.run(&[
        "new",
        "actor",
        "Wang Yi",
        "--envoy",
        "--country",
        "China",
        "--role",
        "Foreign Minister",
        "--alias",
        "王毅",
    ]);
    assert!(run.success, "{}", run.stderr);
    let text = fs::read_to_string(archive.root().join("content/actors/wang-yi.md")).unwrap();
    for line in [
        "name = \"Wang Yi\"",
        "aliases = [\"王毅\"]",
        "envoy = true",
        "country = \"China\"",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    archive.write(
        "content/briefings/2023-12-09-wang.md",
        "+++\ntitle = \"W\"\ndate = 2023-12-09\nactors = [\"王毅\"]\n+++\n",
    );
    archive.build_ok(&[]);
    archive.page("envoys/wang-yi/index.html");

    let taken = archive.run(&["new", "actor", "Someone", "--alias", "Zhai"]);
    assert_eq!(taken.code, Some(1));
    assert_contains!(taken.stderr, "already names actor 'zhai-jun'");
    let twice = archive.run(&["new", "actor", "Wang Yi"]);
    assert_eq!(twice.code, Some(1));
}

#[test]
fn new_outside_an_archive_says_so() {
    let place = Archive::empty();
    let run = place.run(&["new", "actor", "X"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "not an archive");
}

#[test]
fn check_warns_about_unlisted_mentions_and_idle_actors() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/briefings/2023-12-10-mentions.md",
        "+++\ntitle = \"Mentions\"\ndate = 2023-12-10\nactors = [\"zhai-jun\"]\n+++\nZhai Jun spoke.\n\nLater, BOGDANOV replied; Bogdanov again.\n\n\
         A [report](https://example.org/usama/united-nations) and `Usama` in code.\n\n\
         ```\nUsama in a fenced block\n```\n\n    Usama indented\n\n<p>Usama in HTML</p>\n",
    );
    archive.write(
        "content/actors/nobody.md",
        "+++\nname = \"Nobody Named\"\n+++\n",
    );
    let run = archive.run(&["check"]);
    assert!(run.success, "warnings alone do not fail: {}", run.stderr);
    assert!(
        run.stdout.contains("0 errors, 2 warnings"),
        "names in link addresses, code and HTML are not mentions: {}{}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/briefings/2023-12-10-mentions.md:8:8"),
        "the line of the first mention: {}",
        run.stderr
    );
    assert_contains!(run.stderr, "Mikhail Bogdanov ('BOGDANOV')");
    assert_contains!(run.stderr, "content/actors/nobody.md");
    let strict = archive.run(&["check", "--strict"]);
    assert_eq!(strict.code, Some(1), "--strict turns warnings into errors");
}

#[test]
fn check_exit_codes() {
    let archive = Archive::fixture("minimal");
    assert_eq!(archive.run(&["check"]).code, Some(0));
    assert_eq!(
        archive.run(&["check", "--no-such-flag"]).code,
        Some(2),
        "usage errors exit 2"
    );
    archive.write("content/briefings/bad.md", "+++\ntitle = 1\n+++\n");
    assert_eq!(archive.run(&["check"]).code, Some(1));
}

#[test]
fn quiet_and_verbose() {
    let archive = Archive::fixture("minimal");
    let quiet = archive.run(&["build", "--quiet"]);
    assert!(quiet.success && quiet.stdout.is_empty(), "{}", quiet.stdout);
    let verbose = archive.run(&["build", "--verbose"]);
    assert!(
        verbose.stdout.contains("Up to date") && verbose.stdout.contains("Stages: load"),
        "{}",
        verbose.stdout
    );
    archive.write(
        "content/briefings/2023-12-01-new.md",
        "+++\ntitle = \"New\"\ndate = 2023-12-01\n+++\nText.\n",
    );
    let verbose = archive.run(&["build", "--verbose"]);
    assert_contains!(verbose.stdout, "render");
}

#[test]
fn every_command_explains_itself() {
    let place = Archive::empty();
    let help = place.run(&["--help"]);
    for command in ["build", "check", "init", "new", "import", "serve", "hook"] {
        assert!(
            help.stdout.contains(command),
            "{command} in {}",
            help.stdout
        );
    }
    for command in [
        &["build", "--help"][..],
        &["new", "briefing", "--help"],
        &["hook", "install", "--help"],
        &["import", "--help"],
    ] {
        let run = place.run(command);
        assert!(
            run.success && run.stdout.contains("Usage:"),
            "{command:?}: {}",
            run.stdout
        );
    }
}
