//! `dossier import`: raw articles become briefings with the right date, title, actors and
//! source, that `dossier build` accepts; files without a date are errors, not guesses; nothing
//! is ever overwritten; `--dry-run` writes nothing; unknown people are suggested as actors.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{copy_tree, links, Archive};

/// A fixture file or folder of the import tests. `seeds/` holds five articles written for
/// these tests in the layouts of the sample archive's raw articles (a ` date` first line before
/// a lede or a headline, a dateline, a web page's byline, captions and furniture); the raw
/// articles themselves are not part of the repository.
fn fixture(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(relative)
        .display()
        .to_string()
}

/// A copy of the sample archive (its config and actors) without its briefings.
fn sample_without_briefings() -> Archive {
    let archive = Archive::empty();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(
        manifest.join("config.toml"),
        archive.root().join("config.toml"),
    )
    .unwrap();
    copy_tree(&manifest.join("content"), &archive.root().join("content"));
    archive.remove("content/briefings");
    fs::create_dir_all(archive.root().join("content/briefings")).unwrap();
    archive
}

/// The briefing files of the archive, by name.
fn briefings(archive: &Archive) -> Vec<PathBuf> {
    archive.tree("content/briefings").into_keys().collect()
}

/// The front matter of a briefing file, as TOML.
fn front_matter(archive: &Archive, name: &Path) -> toml::Table {
    let text = fs::read_to_string(archive.root().join("content/briefings").join(name)).unwrap();
    let toml_text = text
        .strip_prefix("+++\n")
        .and_then(|rest| rest.split_once("\n+++\n"))
        .unwrap_or_else(|| panic!("no front matter in {text}"))
        .0;
    toml::from_str(toml_text).unwrap_or_else(|e| panic!("{e}\n{toml_text}"))
}

fn strings(value: &toml::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn importing_the_seed_layouts_gives_five_briefings_with_their_dates_and_actors() {
    let archive = sample_without_briefings();
    let run = archive.run(&["import", &fixture("seeds")]);
    assert!(run.success, "{}\n{}", run.stdout, run.stderr);
    assert_contains!(run.stdout, "Imported 5 of 5 files");
    let files = briefings(&archive);
    assert_eq!(files.len(), 5, "{files:?}");

    let expected: [(&str, &str, &[&str]); 5] = [
        (
            "2023-10-11",
            "The call took place two days after Israel announced it would cut off food, fuel and power to Gaza",
            &["zhai-jun", "xi-jinping", "sameh-shoukry", "antony-blinken"],
        ),
        (
            "2023-10-10",
            "China Calls for a Gaza Ceasefire in Talks with Egyptian Diplomat, Seeks Wider Support",
            &["zhai-jun", "usama"],
        ),
        ("2023-11-06", "As fighting spreads in Gaza", &["zhai-jun"]),
        (
            "2023-10-20",
            "China wants to help calm the conflict",
            &["zhai-jun", "mikhail-bogdanov", "mohammed-al-khulaifi"],
        ),
        (
            "2024-03-21",
            "China Calls on the World to Help End the Fighting in Gaza",
            &["lin-jian", "wang-kejian"],
        ),
    ];
    for (date, title, actors) in expected {
        let name = files
            .iter()
            .find(|f| f.to_string_lossy().starts_with(date))
            .unwrap_or_else(|| panic!("no briefing dated {date} in {files:?}"));
        let table = front_matter(&archive, name);
        assert_eq!(table["date"].to_string(), date);
        let written = table["title"].as_str().unwrap();
        assert!(written.starts_with(title), "{written}");
        let found = strings(&table["actors"]);
        for actor in actors {
            assert!(
                found.iter().any(|a| a == actor),
                "{date}: {actor} in {found:?}"
            );
        }
        assert!(!table["summary"].as_str().unwrap().is_empty());
        assert!(table["tags"].as_array().unwrap().is_empty());
        let source = &table["sources"].as_array().unwrap()[0];
        assert_eq!(source["date"].to_string(), date);
        assert!(source.get("url").is_none(), "never an invented url");
        assert!(source.get("outlet").is_none(), "no seed names its outlet");
    }

    archive.build_ok(&[]);
    let slug = |date: &str| {
        let name = files
            .iter()
            .find(|f| f.to_string_lossy().starts_with(date))
            .unwrap();
        name.file_stem().unwrap().to_string_lossy().into_owned()
    };
    let doha = archive.page(&format!("briefings/{}/index.html", slug("2023-10-20")));
    assert_contains!(doha, "<time datetime=\"2023-10-20\">");
    let hrefs = links(&doha);
    for actor in ["zhai-jun", "mikhail-bogdanov", "mohammed-al-khulaifi"] {
        let href = format!("../../actors/{actor}/");
        assert!(hrefs.contains(&href), "missing {href} in {hrefs:?}");
    }
    let envoy = archive.page("envoys/zhai-jun/index.html");
    for date in ["2023-10-10", "2023-10-11", "2023-10-20", "2023-11-06"] {
        assert!(
            envoy.contains(&slug(date)),
            "{date} missing from Zhai's dossier"
        );
    }
}

#[test]
fn the_body_drops_the_date_line_headline_byline_captions_and_boilerplate() {
    let archive = sample_without_briefings();
    let seed = fixture("seeds/004_web_page.txt");
    assert!(archive.run(&["import", &seed]).success);
    let name = &briefings(&archive)[0];
    let table = front_matter(&archive, name);
    let source = &table["sources"].as_array().unwrap()[0];
    assert_eq!(source["author"].as_str(), Some("Maren Holt"));
    assert_eq!(
        source["title"].as_str(),
        Some("China Calls on the World to Help End the Fighting in Gaza")
    );
    let text = fs::read_to_string(archive.root().join("content/briefings").join(name)).unwrap();
    let body = text.split("\n+++\n").nth(1).unwrap();
    for dropped in [
        "Help End the Fighting",
        "Written by",
        "Mar.21",
        "Photo:",
        "Trending Now",
        "Most Read",
    ] {
        assert!(!body.contains(dropped), "{dropped} is in the body:\n{body}");
    }
    assert!(
        body.starts_with("Beijing is asking other governments"),
        "{body}"
    );
    assert_contains!(body, "\n\nAt a regular press briefing");

    let archive = sample_without_briefings();
    let seed = fixture("seeds/000_lede.txt");
    assert!(archive.run(&["import", &seed]).success);
    let name = &briefings(&archive)[0];
    let text = fs::read_to_string(archive.root().join("content/briefings").join(name)).unwrap();
    let body = text.split("\n+++\n").nth(1).unwrap();
    assert!(body.starts_with("The call took place"), "{body}");
    assert!(!text.contains(" date "), "{text}");
    let table = front_matter(&archive, name);
    let source = &table["sources"].as_array().unwrap()[0];
    assert_eq!(
        source["title"].as_str(),
        Some("000_lede.txt"),
        "without a headline, the file names the source"
    );
}

#[test]
fn a_dry_run_says_what_it_would_write_and_writes_nothing() {
    let archive = sample_without_briefings();
    let run = archive.run(&["import", "--dry-run", &fixture("seeds")]);
    assert!(run.success, "{}", run.stderr);
    assert!(briefings(&archive).is_empty());
    for expected in [
        "would write content/briefings/2023-10-20-",
        "2024-03-21",
        "China Calls on the World to Help End the Fighting in Gaza",
        "lin-jian, china-mfa, wang-kejian",
        "nothing was written",
    ] {
        assert!(run.stdout.contains(expected), "{expected}:\n{}", run.stdout);
    }
}

#[test]
fn existing_files_are_never_overwritten() {
    let archive = sample_without_briefings();
    let seed = fixture("seeds/001_headline_dateline.txt");
    assert!(archive.run(&["import", &seed]).success);
    let name = briefings(&archive)[0].clone();
    let path = archive.root().join("content/briefings").join(&name);
    fs::write(&path, "edited by hand").unwrap();
    let run = archive.run(&["import", &seed]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_contains!(run.stderr, "exists already");
    assert_contains!(run.stderr, "001_headline_dateline.txt");
    assert_eq!(fs::read_to_string(&path).unwrap(), "edited by hand");
    assert_contains!(run.stdout, "Imported 0 of 1 files");
}

#[test]
fn a_briefing_with_the_same_slug_in_a_subfolder_is_not_duplicated() {
    let archive = sample_without_briefings();
    let seed = fixture("seeds/001_headline_dateline.txt");
    assert!(archive.run(&["import", &seed]).success);
    let name = briefings(&archive)[0].clone();
    fs::create_dir_all(archive.root().join("content/briefings/2023")).unwrap();
    fs::rename(
        archive.root().join("content/briefings").join(&name),
        archive.root().join("content/briefings/2023").join(&name),
    )
    .unwrap();
    let run = archive.run(&["import", &seed]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "already has the slug");
    archive.build_ok(&[]);
}

#[test]
fn a_text_without_a_date_is_an_error_not_a_guess() {
    let archive = Archive::fixture("minimal");
    let before = archive.tree("content/briefings");
    let run = archive.run(&[
        "import",
        &fixture("articles/no-date.txt"),
        &fixture("articles/impossible-date.txt"),
    ]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "no-date.txt");
    assert_contains!(run.stderr, "no date found");
    assert!(
        run.stderr.contains("impossible-date.txt:1:"),
        "the line of the date: {}",
        run.stderr
    );
    assert_contains!(run.stderr, "'2023-02-30' is not a calendar date");
    assert_eq!(archive.tree("content/briefings"), before);
    assert_contains!(run.stdout, "Imported 0 of 2 files");
}

#[test]
fn folders_give_their_text_files_and_named_files_must_be_readable() {
    let archive = Archive::fixture("minimal");
    archive
        .write(
            "inbox/a.txt",
            " date 2023-12-01 Zhai Jun visited Cairo again.\n",
        )
        .write("inbox/deeper/b.md", "December 2, 2023\n\nUsama spoke.\n")
        .write("inbox/photo.jpg", "not text")
        .write("inbox/.hidden.txt", "ignored");
    let run = archive.run(&["import", "inbox", "missing.txt"]);
    assert_eq!(run.code, Some(1), "missing.txt is an error");
    assert_contains!(run.stderr, "missing.txt");
    assert_contains!(run.stdout, "Imported 2 of 2 files");
    assert_contains!(run.stdout, "skipped 1 file");
    let names = briefings(&archive);
    for expected in [
        "2023-12-01-zhai-jun-visited-cairo-again.md",
        "2023-12-02-usama-spoke.md",
    ] {
        assert!(
            names.contains(&PathBuf::from(expected)),
            "{expected} in {names:?}"
        );
    }
    archive.build_ok(&[]);
}

#[test]
fn wire_datelines_bylines_and_markdown_fill_the_source() {
    let archive = Archive::fixture("minimal");
    let run = archive.run(&[
        "import",
        &fixture("articles/wire.txt"),
        &fixture("articles/byline.md"),
    ]);
    assert!(run.success, "{}", run.stderr);

    let wire = front_matter(
        &archive,
        Path::new("2023-10-24-china-s-envoy-meets-iran-s-foreign-minister.md"),
    );
    let source = &wire["sources"].as_array().unwrap()[0];
    assert_eq!(source["outlet"].as_str(), Some("Xinhua"));
    assert_eq!(strings(&wire["actors"]), vec!["zhai-jun"]);

    let name = Path::new("2023-10-12-zhai-jun-meets-usama-in-cairo.md");
    let byline = front_matter(&archive, name);
    let source = &byline["sources"].as_array().unwrap()[0];
    assert_eq!(source["author"].as_str(), Some("Jane Doe"));
    assert_eq!(source["outlet"].as_str(), Some("Example Wire"));
    assert_eq!(
        strings(&byline["actors"]),
        vec!["zhai-jun", "usama", "united-nations"]
    );
    let text = fs::read_to_string(archive.root().join("content/briefings").join(name)).unwrap();
    assert!(
        text.contains("Zhai Jun *met* Osama"),
        "Markdown is kept: {text}"
    );
    archive.build_ok(&[]);
}

#[test]
fn people_who_are_not_actors_are_suggested() {
    let archive = Archive::fixture("minimal");
    let run = archive.run(&["import", "--dry-run", &fixture("articles/wire.txt")]);
    assert!(run.success, "{}", run.stderr);
    let suggestions: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("dossier new actor"))
        .collect();
    assert_eq!(
        suggestions,
        vec![
            "dossier new actor \"Hossein Amir-Abdollahian\"",
            "dossier new actor \"Wang Yi\""
        ],
        "{}",
        run.stdout
    );
    let summary = run.stdout.find("Dry run:").unwrap();
    let first = run.stdout.find("dossier new actor").unwrap();
    assert!(summary < first, "suggestions follow the summary");
}

#[test]
fn import_needs_an_archive() {
    let archive = Archive::empty();
    let run = archive.run(&["import", &fixture("seeds")]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "not an archive");
}

/// One article of the measured corpus and what importing it must give (tests/fixtures/import/
/// corpus.toml says what each field means).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    file: String,
    date: Option<String>,
    refused: Option<String>,
    title: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
    url: Option<String>,
    actors: Option<Vec<String>>,
    #[serde(default)]
    furniture: Vec<String>,
    #[serde(default)]
    kept: Vec<String>,
    #[serde(default)]
    entries: Vec<ExpectedEntry>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedEntry {
    date: String,
    title: String,
    actors: Vec<String>,
}

#[derive(Debug, serde::Deserialize)]
struct Corpus {
    article: Vec<Expected>,
}

/// An archive whose actors are those of tests/fixtures/import/registry, without briefings.
fn corpus_archive() -> Archive {
    let archive = Archive::empty();
    archive.write("config.toml", "title = \"Corpus\"\n");
    copy_tree(
        Path::new(&fixture("registry")),
        &archive.root().join("content/actors"),
    );
    fs::create_dir_all(archive.root().join("content/briefings")).unwrap();
    archive
}

/// A briefing as written: its front matter and its body, with the Markdown escapes removed.
struct Written {
    table: toml::Table,
    body: String,
}

/// The briefings an import wrote for `input`, in the order it reported them.
fn written_for(archive: &Archive, stdout: &str, input: &str) -> Vec<Written> {
    stdout
        .lines()
        .filter(|line| line.starts_with(input))
        .filter_map(|line| line.split(": wrote ").nth(1))
        .map(|rest| {
            let path = rest.split(" | ").next().unwrap();
            let text = fs::read_to_string(archive.root().join(path)).unwrap();
            let (front, body) = text
                .strip_prefix("+++\n")
                .and_then(|t| t.split_once("\n+++\n"))
                .unwrap();
            let mut plain = String::new();
            let mut chars = body.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
                    continue;
                }
                plain.push(c);
            }
            Written {
                table: toml::from_str(front).unwrap(),
                body: plain,
            }
        })
        .collect()
}

/// Counts toward the targets of issue 15.
#[derive(Default, Debug)]
struct Tally {
    dates_right: usize,
    rightly_refused: usize,
    wrong_dates: usize,
    refused_stated: usize,
    stated: usize,
    titles: usize,
    titles_right: usize,
    furniture: usize,
    furniture_left: usize,
    kept: usize,
    kept_missing: usize,
    credits: usize,
    credits_kept: usize,
    actors_found: usize,
    actors_wrong: usize,
    actors_missed: usize,
    misses: Vec<String>,
}

impl Tally {
    fn date(&mut self, file: &str, expected: Option<&str>, got: Option<&str>) {
        match (expected, got) {
            (Some(e), Some(g)) if e == g => self.dates_right += 1,
            (None, None) => self.rightly_refused += 1,
            (Some(_), None) => {
                self.refused_stated += 1;
                self.misses
                    .push(format!("{file}: refused, expected {expected:?}"));
            }
            _ => {
                self.wrong_dates += 1;
                self.misses
                    .push(format!("{file}: dated {got:?}, expected {expected:?}"));
            }
        }
        if expected.is_some() {
            self.stated += 1;
        }
    }

    fn title(&mut self, file: &str, expected: &str, got: &str) {
        self.titles += 1;
        if expected == got {
            self.titles_right += 1;
        } else {
            self.misses
                .push(format!("{file}: title {got:?}, expected {expected:?}"));
        }
    }

    fn actors(&mut self, file: &str, expected: &[String], got: &[String]) {
        for actor in got {
            if expected.contains(actor) {
                self.actors_found += 1;
            } else {
                self.actors_wrong += 1;
                self.misses
                    .push(format!("{file}: actor {actor} not expected"));
            }
        }
        for actor in expected.iter().filter(|a| !got.contains(a)) {
            self.actors_missed += 1;
            self.misses.push(format!("{file}: actor {actor} missed"));
        }
    }

    fn credit(&mut self, file: &str, what: &str, expected: Option<&String>, got: Option<&str>) {
        if let Some(expected) = expected {
            self.credits += 1;
            if got == Some(expected.as_str()) {
                self.credits_kept += 1;
            } else {
                self.misses
                    .push(format!("{file}: {what} {got:?}, expected {expected:?}"));
            }
        }
    }

    fn body(&mut self, file: &str, expected: &Expected, body: &str) {
        for line in &expected.furniture {
            self.furniture += 1;
            if body.contains(line.as_str()) {
                self.furniture_left += 1;
                self.misses.push(format!("{file}: furniture {line:?} left"));
            }
        }
        for text in &expected.kept {
            self.kept += 1;
            if !body.contains(text.as_str()) {
                self.kept_missing += 1;
                self.misses
                    .push(format!("{file}: {text:?} lost from the body"));
            }
        }
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// The date an import's dry run gave a file, or `None` when it refused it (and the reason).
fn dry_run_dates(archive: &Archive, input: &str) -> (Vec<Option<String>>, String) {
    let run = archive.run(&["import", "--dry-run", input]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let dates = run
        .stdout
        .lines()
        .filter(|line| line.starts_with(input))
        .map(|line| {
            line.split(" | date ")
                .nth(1)
                .map(|rest| rest[..10].to_string())
        })
        .collect();
    (dates, format!("{}\n{}", run.stdout, run.stderr))
}

#[test]
fn the_corpus_meets_the_targets_of_issue_15() {
    let table = fs::read_to_string(fixture("corpus.toml")).unwrap();
    let corpus: Corpus = toml::from_str(&table).unwrap();
    assert!(
        corpus.article.len() >= 30,
        "a corpus of at least 30 articles"
    );
    let archive = corpus_archive();
    let mut tally = Tally::default();
    for expected in &corpus.article {
        let input = fixture(&expected.file);
        let file = expected.file.as_str();
        let (dates, said) = dry_run_dates(&archive, &input);
        let run = archive.run(&["import", "--date", "1999-01-01", &input]);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        let written = written_for(&archive, &run.stdout, &input);
        // Each article on its own: two may make the same briefing.
        archive.remove("content/briefings");
        fs::create_dir_all(archive.root().join("content/briefings")).unwrap();
        if !expected.entries.is_empty() {
            assert_eq!(
                written.len(),
                expected.entries.len(),
                "{file}: {}",
                run.stdout
            );
            for (ix, (entry, briefing)) in expected.entries.iter().zip(&written).enumerate() {
                let name = format!("{file} entry {}", ix + 1);
                tally.date(
                    &name,
                    Some(&entry.date),
                    dates.get(ix).cloned().flatten().as_deref(),
                );
                tally.title(
                    &name,
                    &entry.title,
                    briefing.table["title"].as_str().unwrap(),
                );
                tally.actors(&name, &entry.actors, &strings(&briefing.table["actors"]));
                tally.body(&name, expected, &briefing.body);
            }
            continue;
        }
        let got = dates.first().cloned().flatten();
        tally.date(file, expected.date.as_deref(), got.as_deref());
        if let Some(words) = &expected.refused {
            assert!(
                got.is_some() || said.contains(words.as_str()),
                "{file}: {said}"
            );
        }
        let [briefing] = written.as_slice() else {
            panic!(
                "{file}: one briefing expected:\n{}\n{}",
                run.stdout, run.stderr
            );
        };
        let source = &briefing.table["sources"].as_array().unwrap()[0];
        if let Some(title) = &expected.title {
            tally.title(file, title, briefing.table["title"].as_str().unwrap());
        }
        tally.credit(
            file,
            "outlet",
            expected.outlet.as_ref(),
            source.get("outlet").and_then(|v| v.as_str()),
        );
        tally.credit(
            file,
            "author",
            expected.author.as_ref(),
            source.get("author").and_then(|v| v.as_str()),
        );
        tally.credit(
            file,
            "url",
            expected.url.as_ref(),
            source.get("url").and_then(|v| v.as_str()),
        );
        if let Some(actors) = &expected.actors {
            tally.actors(file, actors, &strings(&briefing.table["actors"]));
        }
        tally.body(file, expected, &briefing.body);
    }
    let precision =
        tally.actors_found as f64 / (tally.actors_found + tally.actors_wrong).max(1) as f64;
    let recall =
        tally.actors_found as f64 / (tally.actors_found + tally.actors_missed).max(1) as f64;
    let figures = format!(
        "import corpus of {} files:\n  dates: {} right, {} rightly refused, {} wrong, {} of {} refused although stated ({:.0}%)\n  titles equal to the headline: {} of {} ({:.0}%)\n  furniture left: {} of {} lines ({:.1}%); article text lost: {} of {}\n  outlet, author and url kept: {} of {} ({:.0}%)\n  actors: precision {:.3}, recall {:.3} ({} found, {} wrong, {} missed)",
        corpus.article.len(),
        tally.dates_right,
        tally.rightly_refused,
        tally.wrong_dates,
        tally.refused_stated,
        tally.stated,
        percent(tally.refused_stated, tally.stated),
        tally.titles_right,
        tally.titles,
        percent(tally.titles_right, tally.titles),
        tally.furniture_left,
        tally.furniture,
        percent(tally.furniture_left, tally.furniture),
        tally.kept_missing,
        tally.kept,
        tally.credits_kept,
        tally.credits,
        percent(tally.credits_kept, tally.credits),
        precision,
        recall,
        tally.actors_found,
        tally.actors_wrong,
        tally.actors_missed,
    );
    println!("{figures}");
    for miss in &tally.misses {
        println!("  miss: {miss}");
    }
    let report = format!("{figures}\n{}", tally.misses.join("\n"));
    assert_eq!(tally.wrong_dates, 0, "{report}");
    assert!(
        percent(tally.refused_stated, tally.stated) <= 10.0,
        "{report}"
    );
    assert!(
        percent(tally.titles_right, tally.titles) >= 80.0,
        "{report}"
    );
    assert!(
        percent(tally.furniture_left, tally.furniture) <= 10.0,
        "{report}"
    );
    assert!(
        percent(tally.credits_kept, tally.credits) >= 75.0,
        "{report}"
    );
    assert!(precision >= 0.97 && recall >= 0.95, "{report}");
    assert!(percent(tally.kept_missing, tally.kept) <= 5.0, "{report}");
}

#[test]
fn a_saved_page_imports_with_its_metadata_and_builds() {
    let archive = corpus_archive();
    let page = fixture("corpus/page-disagree.html");
    let run = archive.run(&["import", "--dry-run", &page]);
    assert!(run.success, "{}", run.stderr);
    assert_contains!(
        run.stdout,
        "date 2024-05-02 from the page's JSON-LD datePublished \"2024-05-02T01:30:00+08:00\"; the dateline says 2024-05-01"
    );
    assert_contains!(run.stdout, "outlet Capital Times | author Jonas Berg");
    assert_contains!(run.stderr, "the dateline says 2024-05-01");
    let run = archive.run(&["import", &page, &fixture("corpus/news-page.html")]);
    assert!(run.success, "{}", run.stderr);
    let table = front_matter(
        &archive,
        Path::new("2023-10-19-chinese-envoy-meets-qatari-minister-in-doha.md"),
    );
    let source = &table["sources"].as_array().unwrap()[0];
    assert_eq!(
        source["url"].as_str(),
        Some("https://ledger.example/world/chinese-envoy-meets-qatari-minister")
    );
    assert_eq!(source["outlet"].as_str(), Some("Gulf Daily Ledger"));
    archive.build_ok(&[]);
}

#[test]
fn the_date_option_fills_in_only_where_the_text_states_none() {
    let archive = corpus_archive();
    let undated = fixture("corpus/no-date-opinion.txt");
    let dated = fixture("corpus/un-briefing.txt");
    let run = archive.run(&["import", "--dry-run", &undated, &dated]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stdout, "no-date-opinion.txt: refused: no date found");
    assert_contains!(run.stderr, "pass --date YYYY-MM-DD");
    let run = archive.run(&[
        "import",
        "--dry-run",
        "--date",
        "2024-02-01",
        &undated,
        &dated,
    ]);
    assert!(run.success, "{}", run.stderr);
    assert_contains!(
        run.stdout,
        "date 2024-02-01 from --date; the text states none"
    );
    assert_contains!(
        run.stdout,
        "date 2023-11-20 from the dateline \"20 November 2023\""
    );
    let run = archive.run(&["import", "--date", "2024-13-01", &undated]);
    assert_eq!(run.code, Some(2), "a bad --date is a usage error");
}

#[test]
fn refusals_say_why_with_the_evidence() {
    let archive = corpus_archive();
    let run = archive.run(&[
        "import",
        "--dry-run",
        &fixture("corpus/ambiguous-numeric.txt"),
        &fixture("corpus/background-lede.txt"),
        &fixture("corpus/background-since.txt"),
    ]);
    assert_eq!(run.code, Some(1));
    for expected in [
        "ambiguous-numeric.txt: refused: '05-11-2025' is ambiguous: it reads as 2025-11-05 or as 2025-05-11 (line 3)",
        "background-lede.txt: refused: no date of its own: the lede opens on 2023-10-07, but the text names a later date ('12 February 2024')",
        "background-since.txt: refused: no date found in the text: 'October 7, 2023' in its body is not the day it was written",
    ] {
        assert_contains!(run.stdout, expected);
    }
    assert_contains!(run.stderr, "ambiguous-numeric.txt:3:");
}

#[test]
fn a_live_blog_gives_a_briefing_per_entry() {
    let archive = corpus_archive();
    let run = archive.run(&["import", &fixture("corpus/forum-liveblog.txt")]);
    assert!(run.success, "{}", run.stderr);
    assert_contains!(run.stdout, "forum-liveblog.txt (entry 2 of 3): wrote content/briefings/2023-10-14-un-warns-of-aid-shortfall.md | date 2023-10-14 from the dateline \"October 14, 2023 19:40 GMT\"");
    assert_contains!(
        run.stdout,
        "Imported 1 of 1 files into content/briefings (3 briefings)"
    );
    assert_eq!(briefings(&archive).len(), 3);
    archive.build_ok(&[]);
}

#[test]
fn pages_and_documents_without_an_article_are_errors() {
    let archive = corpus_archive();
    archive
        .write(
            "inbox/empty.html",
            "<html><body><nav>Home</nav></body></html>",
        )
        .write("inbox/data.json", "{\"status\": \"ok\", \"items\": [1, 2]}")
        .write("inbox/binary.html", [0xff, 0xfe, 0x00, 0x41]);
    let run = archive.run(&["import", "inbox"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_contains!(run.stderr, "data.json");
    assert_contains!(run.stderr, "a JSON document without an article body");
    assert_contains!(run.stderr, "empty.html");
    assert_contains!(run.stderr, "binary.html");
    assert!(briefings(&archive).is_empty());
    assert_contains!(run.stdout, "Imported 0 of 3 files");
}

/// An article says its language, or is written in a script only one of the archive's
/// languages uses: the briefing says so, and the archive builds with it.
#[test]
fn an_article_in_another_of_the_archives_languages_is_imported_in_it() {
    let archive = sample_without_briefings();
    let pages = tempfile::tempdir().unwrap();
    let page = |lang: &str, title: &str, paragraphs: &[&str]| {
        let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
        format!(
            "<!DOCTYPE html>\n<html{lang}><head><title>{title}</title>\
             <meta property=\"article:published_time\" content=\"2023-10-12T08:00:00Z\"></head>\
             <body><article><h1>{title}</h1>\n{body}</article></body></html>\n"
        )
    };
    let write = |name: &str, text: String| {
        let path = pages.path().join(name);
        fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let chinese = write(
        "zh.html",
        page(
            " lang=\"zh-CN\"",
            "中国特使呼吁立即停火",
            &[
                "中国政府中东问题特使翟隽十月十二日表示，冲突各方应立即停火，切实保护平民，防止局势进一步恶化。",
                "翟隽说，中方愿同地区各国保持密切沟通，推动尽快恢复和谈，并呼吁国际社会向加沙提供人道主义援助。",
            ],
        ),
    );
    let arabic = write(
        "ar.html",
        page(
            "",
            "المبعوث الصيني يدعو إلى وقف إطلاق النار",
            &[
                "قال المبعوث الصيني الخاص إلى الشرق الأوسط إن على جميع الأطراف وقف إطلاق النار فورًا وحماية المدنيين ومنع تدهور الوضع.",
                "وأضاف أن الصين مستعدة للتواصل الوثيق مع دول المنطقة من أجل استئناف محادثات السلام في أقرب وقت.",
            ],
        ),
    );
    let english = write(
        "en.html",
        page(
            " lang=\"en-GB\"",
            "Chinese envoy calls for a ceasefire",
            &[
                "China's special envoy on the Middle East said on Thursday that all sides should stop fighting at once and protect civilians.",
                "He said Beijing was ready to stay in close touch with the countries of the region to bring about a return to peace talks.",
            ],
        ),
    );
    for path in [&chinese, &arabic, &english] {
        let run = archive.run(&["import", path]);
        assert!(run.success, "{}", run.stderr);
    }
    let mut languages = Vec::new();
    for name in briefings(&archive) {
        let table = front_matter(&archive, &name);
        let title = table["title"].as_str().unwrap().to_string();
        let language = table
            .get("language")
            .and_then(|l| l.as_str())
            .map(String::from);
        languages.push((title, language));
    }
    languages.sort();
    assert_eq!(
        languages,
        [
            ("Chinese envoy calls for a ceasefire".to_string(), None),
            (
                "المبعوث الصيني يدعو إلى وقف إطلاق النار".to_string(),
                Some("ar".to_string())
            ),
            ("中国特使呼吁立即停火".to_string(), Some("zh".to_string())),
        ]
    );
    archive.build_ok(&[]);
}
