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

/// At size, `check` leads with a summary (counts by kind, the actors most named but not listed,
/// the files with the most warnings), shows the first findings of each kind in full and says
/// how to see the rest; `--all` shows every one and `--format json` gives them to tools.
#[test]
fn check_reads_well_with_many_warnings() {
    let archive = Archive::fixture("minimal");
    for i in 0..40 {
        archive.write(
            &format!("content/briefings/2023-12-{:02}-m{i}.md", 1 + i % 28),
            format!(
                "+++\ntitle = \"Mentions {i}\"\ndate = 2023-12-{:02}\nactors = [\"zhai-jun\"]\n+++\nZhai Jun met Mikhail Bogdanov.\n",
                1 + i % 28
            ),
        );
    }
    let run = archive.run(&["check"]);
    assert!(run.success, "{}", run.stderr);
    let first = run.stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("Checked "),
        "the summary leads: {}",
        run.stdout
    );
    assert_contains!(run.stdout, "actors named in a text but not listed");
    assert_contains!(run.stdout, "Mikhail Bogdanov (mikhail-bogdanov)");
    assert_contains!(run.stdout, "--all");
    let shown = run
        .stderr
        .matches("whom the front matter does not list")
        .count();
    assert_eq!(shown, 3, "the first three of the kind: {}", run.stderr);
    assert!(
        run.stdout.lines().count() <= 24,
        "a screenful: {}",
        run.stdout
    );

    let all = archive.run(&["check", "--all"]);
    let every = all
        .stderr
        .matches("whom the front matter does not list")
        .count();
    assert!(every >= 40, "--all shows every one: {every}");

    let json = archive.run(&["check", "--format", "json"]);
    assert!(json.success, "{}", json.stderr);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON on stdout");
    let unlisted = value["counts"]["unlisted-actor"]
        .as_u64()
        .unwrap_or_default();
    assert!(unlisted >= 40, "{}", json.stdout);
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings.len() as u64, value["warnings"].as_u64().unwrap());
    let one = findings
        .iter()
        .find(|f| f["kind"] == "unlisted-actor")
        .unwrap();
    assert_eq!(one["actor"], "mikhail-bogdanov");
    assert!(one["line"].as_u64().is_some() && one["path"].is_string());
}

/// A check after a one-file change reads again only the pages that change can affect, and
/// finds what the change broke; fixed, the problem goes.
#[test]
fn check_is_incremental_and_stays_right() {
    let archive = Archive::fixture("minimal");
    assert!(archive.run(&["check"]).success);
    let again = archive.run(&["check"]);
    assert_contains!(again.stdout, "(0 read again)");
    let path = "content/briefings/2023-12-01-broken.md";
    archive.write(
        path,
        "+++\ntitle = \"Broken\"\ndate = 2023-12-01\nactors = [\"zhai-jun\"]\n+++\nSee <a href=\"../no-such-page/\">this</a>.\n",
    );
    let broken = archive.run(&["check"]);
    assert_eq!(broken.code, Some(1), "{}{}", broken.stdout, broken.stderr);
    assert_contains!(broken.stderr, "no-such-page");
    assert!(
        !broken.stdout.contains("(0 read again)"),
        "{}",
        broken.stdout
    );
    archive.write(
        path,
        "+++\ntitle = \"Broken\"\ndate = 2023-12-01\nactors = [\"zhai-jun\"]\n+++\nMended.\n",
    );
    let mended = archive.run(&["check"]);
    assert!(mended.success, "{}", mended.stderr);
    assert_contains!(mended.stdout, "0 errors");
    // The cache thrown away, the same answer.
    std::fs::remove_dir_all(archive.root().join(".dossier-cache")).unwrap();
    let cold = archive.run(&["check"]);
    assert_eq!(
        cold.stdout.replace(|c: char| c.is_ascii_digit(), ""),
        mended.stdout.replace(|c: char| c.is_ascii_digit(), "")
    );
}

/// A name with an apostrophe is found whether the text types it or writes it typographically,
/// and whichever way the registry spells it: Markdown makes "O'Neil" into "O’Neil" and cuts
/// its text at the quote, and mentions are looked for across the cut.
#[test]
fn a_name_with_an_apostrophe_is_found_as_markdown_writes_it() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/actors/aoife-oneil.md",
        "+++\nname = \"Aoife O'Neil\"\naliases = [\"O’Neil\"]\nkind = \"person\"\n+++\n",
    );
    archive.write(
        "content/briefings/2023-12-01-dublin.md",
        "+++\ntitle = \"Dublin\"\ndate = 2023-12-01\nactors = [\"zhai-jun\"]\n+++\nZhai Jun met Aoife O'Neil in Dublin.\n",
    );
    archive.write(
        "content/briefings/2023-12-02-cork.md",
        "+++\ntitle = \"Cork\"\ndate = 2023-12-02\nactors = [\"aoife-oneil\"]\n+++\nIn Cork, O'Neil spoke first.\n",
    );
    let run = archive.run(&["check", "--all"]);
    assert_contains!(
        run.stderr,
        "the text names Aoife O'Neil ('Aoife O’Neil'), whom the front matter does not list"
    );
    assert_eq!(
        run.stderr
            .matches("whom the front matter does not list")
            .count(),
        1,
        "the briefing that lists her is not warned about: {}",
        run.stderr
    );
    archive.build_ok(&[]);
    let page = archive.page("briefings/2023-12-02-cork/index.html");
    assert_contains!(page, "aoife-oneil/\"");
    assert_contains!(page, ">O’Neil</a>");
}
