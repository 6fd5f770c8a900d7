//! Safety at the edges, tried as an attacker and as a careless user would: nothing is read from
//! outside the archive, nothing dossier did not write is deleted or overwritten, a failed build
//! leaves the previous site exactly as it was, and odd text never reaches a file raw.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

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

/// Runs git in `dir`, isolated from the caller's configuration.
fn git(dir: &Path, args: &[&str]) {
    let run = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn a_gh_pages_worktree_in_the_output_keeps_its_history_and_the_hosts_files() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let public = archive.root().join("public");
    // The output kept as its own repository, as a gh-pages worktree is, with the files a
    // host wants.
    archive.write("public/CNAME", "briefings.example.org\n");
    archive.write(
        "public/.well-known/security.txt",
        "Contact: mailto:desk@example.org\n",
    );
    archive.write("public/.nojekyll", "");
    git(&public, &["init", "-q", "-b", "gh-pages"]);
    git(
        &public,
        &[
            "-c",
            "user.name=D",
            "-c",
            "user.email=d@example.org",
            "add",
            "-A",
        ],
    );
    git(
        &public,
        &[
            "-c",
            "user.name=D",
            "-c",
            "user.email=d@example.org",
            "commit",
            "-qm",
            "Site",
        ],
    );
    let gone = "content/briefings/2023-11-06-tour.md";
    archive.remove(gone);
    let title = "content/briefings/2023-10-20-doha.md";
    let text = std::fs::read_to_string(archive.root().join(title)).unwrap();
    archive.write(
        title,
        text.replace("Talks in Doha", "Talks in Doha, renamed"),
    );
    let run = archive.build_ok(&[]);
    assert_contains!(run.stdout, "removed");
    for kept in [
        ".git/HEAD",
        "CNAME",
        ".well-known/security.txt",
        ".nojekyll",
    ] {
        assert!(public.join(kept).exists(), "{kept} is gone");
    }
    git(&public, &["log", "--oneline"]);
    assert!(!public.join("briefings/2023-11-06-tour").exists());
    assert_contains!(archive.page("index.html"), "Talks in Doha, renamed");
    // A page where a file of others stands is refused before anything moves.
    archive.write("public/search/index.html", "someone else's page");
    std::fs::remove_dir_all(public.join("search")).unwrap();
    archive.write("public/search", "someone else's file");
    let before = archive.tree("public");
    archive.write(title, text);
    let run = archive.run(&["build"]);
    assert!(!run.success, "{}", run.stdout);
    assert_contains!(run.stderr, "which dossier did not write");
    assert_eq!(archive.tree("public"), before);
}

#[test]
fn a_first_build_killed_half_way_leaves_a_folder_the_next_build_takes() {
    let archive = Archive::fixture("minimal");
    for i in 0..1500 {
        archive.write(
            &format!("content/briefings/bulk/{i:04}.md"),
            format!(
                "+++\ntitle = \"Bulk {i}\"\ndate = 2023-0{}-1{}\nactors = [\"zhai-jun\"]\n+++\n{}\n",
                1 + i % 9,
                i % 10,
                "Words of the briefing. ".repeat(60)
            ),
        );
    }
    let public = archive.root().join("public");
    let mut child = crate::common::dossier(archive.root())
        .args(["build", "--quiet"])
        .spawn()
        .unwrap();
    // Killed as soon as it has started to write: temporary files, no marker yet.
    let started = std::time::Instant::now();
    while !public.join("data").exists() && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let check = archive.run(&["check"]);
    assert!(check.success, "{}", check.stderr);
    let run = archive.build_ok(&["--quiet"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let leftovers: Vec<_> = archive
        .tree("public")
        .into_keys()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".dossier-")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_theme_file_named_like_a_page_is_an_error_naming_both() {
    for (name, expected) in [
        ("index.html", "would be the same file"),
        ("feed.xml", "would be the same file"),
        ("tags", "where the folder of"),
    ] {
        let archive = Archive::fixture("minimal");
        archive.build_ok(&[]);
        let before = archive.tree("public");
        archive.configure("theme = \"mine\"\n");
        archive.write(&format!("themes/mine/static/{name}"), "the theme's own");
        let run = archive.run(&["build"]);
        assert!(!run.success, "{name}: {}", run.stdout);
        assert_contains!(run.stderr, expected);
        assert_contains!(run.stderr, &format!("themes/mine/static/{name}"));
        assert_eq!(archive.tree("public"), before, "{name}: the output changed");
        let check = archive.run(&["check"]);
        assert!(!check.success, "check passed with {name}");
        assert_contains!(check.stderr, expected);
    }
}

#[test]
fn tags_that_share_a_slug_without_being_one_name_are_an_error() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/briefings/2023-12-01-code.md",
        "+++\ntitle = \"Code\"\ndate = 2023-12-01\ntags = [\"C\", \"ceasefire\"]\n+++\n",
    );
    archive.write(
        "content/briefings/2023-12-02-more.md",
        "+++\ntitle = \"More code\"\ndate = 2023-12-02\ntags = [\"CEASEFIRE\",\n  \"C++\"]\n+++\n",
    );
    let run = archive.run(&["build"]);
    assert!(!run.success, "{}", run.stdout);
    assert_contains!(run.stderr, "content/briefings/2023-12-02-more.md:5");
    assert_contains!(run.stderr, "'C++'");
    assert_contains!(run.stderr, "content/briefings/2023-12-01-code.md:4");
    assert!(!run.stderr.contains("CEASEFIRE"), "{}", run.stderr);
}

#[test]
fn check_strict_fails_what_build_fails() {
    let archive = Archive::fixture("minimal");
    let long = "sanctions ".repeat(30);
    archive.write(
        "content/briefings/2023-12-01-long.md",
        format!("+++\ntitle = \"Long tag\"\ndate = 2023-12-01\ntags = [\"{long}\"]\n+++\n"),
    );
    for args in [&["check", "--strict"][..], &["build"]] {
        let run = archive.run(args);
        assert!(!run.success, "{args:?}: {}", run.stdout);
        assert_contains!(run.stderr, "content/briefings/2023-12-01-long.md:4");
        assert_contains!(run.stderr, "too long");
    }
    assert!(!archive.root().join("public").exists());
}

#[test]
fn control_characters_never_reach_a_file_raw() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/briefings/2023-12-01-forged.md",
        "+++\ntitle = \"Forged\\r\\nEND:VEVENT\\r\\nBEGIN:VEVENT\\u0007\\u001b[31m\"\ndate = 2023-12-01\n\
         summary = \"One\\rtwo\\u000b\"\nactors = [\"zhai-jun\"]\ntags = [\"ta\\u0008g\"]\n\
         places = [\"Do\\u0000ha\"]\n+++\nBody\u{7} with a bell\rand a lone return.\n",
    );
    archive.build_ok(&[]);
    let files = archive.tree("public");
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        // Line breaks of the file's own format aside, no control character but tab and
        // line feed: iCalendar's lines end in CRLF.
        let allowed = |c: char| {
            matches!(c, '\t' | '\n') || (c == '\r' && path.extension().is_some_and(|e| e == "ics"))
        };
        if let Some(c) = text.chars().find(|&c| c.is_control() && !allowed(c)) {
            panic!("{} holds U+{:04X}", path.display(), c as u32);
        }
    }
    let calendar = String::from_utf8_lossy(&files[Path::new("calendar.ics")]).into_owned();
    let events = calendar.lines().filter(|l| *l == "BEGIN:VEVENT").count();
    assert_eq!(events, 4, "{calendar}");
    for format in ["briefings.json", "briefings.csv"] {
        let data = String::from_utf8_lossy(&files[&Path::new("data").join(format)]).into_owned();
        assert_contains!(data, "Forged END:VEVENT BEGIN:VEVENT [31m");
    }
    assert_contains!(archive.page("feed.xml"), "Forged END:VEVENT");
}

#[test]
fn a_name_in_decomposed_unicode_is_the_name() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/actors/jose-alvarez.md",
        "+++\nname = \"José Álvarez\"\n+++\n",
    );
    // The same name as some editors and macOS file names write it: letters and combining
    // accents.
    archive.write(
        "content/briefings/2023-12-01-madrid.md",
        "+++\ntitle = \"Madrid\"\ndate = 2023-12-01\nactors = [\"Jose\u{301} A\u{301}lvarez\"]\n+++\nJose\u{301} A\u{301}lvarez spoke.\n",
    );
    archive.build_ok(&[]);
    assert_contains!(archive.page("actors/jose-alvarez/index.html"), "Madrid");
    // A typo is reported with the caret under the name as a terminal shows it.
    archive.write(
        "content/briefings/2023-12-01-madrid.md",
        "+++\ntitle = \"Madrid\"\ndate = 2023-12-01\nactors = [\"Jose\u{301} A\u{301}lvares\"]\n+++\n",
    );
    let run = archive.run(&["build"]);
    assert!(!run.success);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let source = lines.iter().position(|l| l.contains("actors = [")).unwrap();
    let caret = lines[source + 1];
    let column = |line: &str, text: &str| line[..line.find(text).unwrap()].chars().count();
    assert_eq!(
        column(caret, "^"),
        column(lines[source], "\"José"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_never_writes_a_file_that_does_not_read_back() {
    let archive = Archive::fixture("minimal");
    let run = archive.run(&[
        "new",
        "briefing",
        "Before\n+++\nafter",
        "--date",
        "2023-12-01",
    ]);
    assert!(!run.success, "{}", run.stdout);
    assert_contains!(run.stderr, "line break");
    let run = archive.run(&[
        "new",
        "briefing",
        "A \"quoted\" title +++ with it's marks",
        "--date",
        "2023-12-01",
        "--tag",
        "C++",
    ]);
    assert!(run.success, "{}", run.stderr);
    archive.build_ok(&[]);
    assert_contains!(
        archive.page("index.html"),
        "A &quot;quoted&quot; title +++ with it&#39;s marks"
    );
}

#[test]
fn a_template_that_renders_itself_is_an_error_naming_it_not_a_crash() {
    for (name, text) in [
        ("tag.html", "{% include \"tag.html\" %}"),
        (
            "macros.html",
            "{% macro briefing_list(briefings, root) %}{{ self::briefing_list(briefings=briefings, root=root) }}{% endmacro briefing_list %}",
        ),
    ] {
        let archive = Archive::fixture("minimal");
        archive.configure("theme = \"mine\"\n");
        archive.write(&format!("themes/mine/templates/{name}"), text);
        let run = archive.run(&["build"]);
        assert_eq!(run.code, Some(1), "{name}: {}", run.stderr);
        assert_contains!(run.stderr, &format!("themes/mine/templates/{name}"));
        assert_contains!(run.stderr, "renders itself");
    }
    // A loop that would run for ever stops at the bound of `range`.
    let archive = Archive::fixture("minimal");
    archive.configure("theme = \"mine\"\n");
    archive.write(
        "themes/mine/templates/404.html",
        "{% for i in range(end=100000000000) %}{{ i }}{% endfor %}",
    );
    let run = archive.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_contains!(run.stderr, "themes/mine/templates/404.html");
    assert_contains!(run.stderr, "range");
}
