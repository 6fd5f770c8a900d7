//! Reading a large archive: every long list is split into pages at stable addresses
//! (`.../page/2/`), newest first where a list follows an entity, with the summaries on the first
//! page; month and place pages; envoys' dossiers linked where readers look for them.

use crate::common::Archive;

/// An archive of `n` briefings of Zhai Jun in Doha, tagged "ceasefire", one a day from
/// 1 October 2023, with five to a page.
fn many(n: usize) -> Archive {
    let archive = Archive::fixture("minimal");
    let config = std::fs::read_to_string(archive.root().join("config.toml")).unwrap();
    archive.write("config.toml", format!("{config}\npage_size = 5\n"));
    for i in 0..n {
        let date =
            chrono::NaiveDate::from_ymd_opt(2023, 10, 1).unwrap() + chrono::Days::new(i as u64);
        archive.write(
            &format!("content/briefings/many-{i:03}.md"),
            format!(
                "+++\ntitle = \"Day {i}\"\ndate = {date}\nactors = [\"zhai-jun\"]\ntags = [\"ceasefire\"]\nplaces = [\"Doha\"]\n+++\nZhai Jun in Doha.\n"
            ),
        );
    }
    archive
}

/// The titles of a page's list of briefings, in order.
fn titles(page: &str) -> Vec<String> {
    page.match_indices("\">Day ")
        .map(|(at, _)| {
            let rest = &page[at + 2..];
            rest[..rest.find('<').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn long_lists_go_on_at_stable_addresses_newest_first() {
    let archive = many(23);
    archive.build_ok(&[]);
    let first = archive.page("tags/ceasefire/index.html");
    let shown = titles(&first);
    assert_eq!(
        shown.first().map(String::as_str),
        Some("Day 22"),
        "newest first: {shown:?}"
    );
    assert_eq!(
        first.matches("<li><span class=\"date\">").count(),
        5,
        "five to a page"
    );
    assert_contains!(first, "href=\"../../tags/ceasefire/page/2/\"");
    assert_contains!(first, "aria-current=\"page\">1<");
    let second = archive.page("tags/ceasefire/page/2/index.html");
    assert_eq!(titles(&second).first().map(String::as_str), Some("Day 18"));
    assert_contains!(second, "rel=\"prev\" href=\"../../../../tags/ceasefire/\"");
    assert_contains!(second, "<title>Tag: ceasefire (page 2)");
    assert!(
        !second.contains("Actors most seen with this tag"),
        "the summaries stand on the first page only"
    );
    assert!(first.find("Actors most seen").unwrap() < first.find("Day 22").unwrap());
    // As many pages as the first says, and no more.
    let stats = &first[first.find("page 1 of ").unwrap() + 10..];
    let count: usize = stats[..stats.find('<').unwrap()].trim().parse().unwrap();
    assert!(count >= 5);
    let exists = |n: usize| {
        archive
            .root()
            .join(format!("public/tags/ceasefire/page/{n}"))
            .exists()
    };
    assert!(exists(count) && !exists(count + 1), "{count} pages");
    // The actor, envoy, place and month lists go on the same way.
    for list in [
        "actors/zhai-jun",
        "envoys/zhai-jun",
        "places/doha",
        "chronology/2023/10",
    ] {
        assert!(
            archive
                .root()
                .join(format!("public/{list}/page/2/index.html"))
                .exists(),
            "{list} has a second page"
        );
    }
    // Every link of every page leads somewhere.
    let check = archive.run(&["check", "--strict"]);
    assert!(check.success, "{}{}", check.stdout, check.stderr);
}

#[test]
fn offline_pages_link_each_other_by_file() {
    let archive = many(12);
    archive.build_ok(&["--offline"]);
    let first = archive.page("tags/ceasefire/index.html");
    assert_contains!(first, "href=\"../../tags/ceasefire/page/2/index.html\"");
    let check = archive.run(&["check", "--offline", "--strict"]);
    assert!(check.success, "{}{}", check.stdout, check.stderr);
}

#[test]
fn a_smaller_archive_is_not_split_and_the_page_size_is_checked() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    assert!(!archive.root().join("public/tags/ceasefire/page").exists());
    let config = std::fs::read_to_string(archive.root().join("config.toml")).unwrap();
    archive.write("config.toml", format!("{config}\npage_size = 0\n"));
    let run = archive.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "page_size must be between");
    assert_contains!(run.stderr, "config.toml:");
}

#[test]
fn places_months_and_dossiers_are_linked_where_readers_look() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let briefing = archive.page("briefings/2023-10-20-doha/index.html");
    assert_contains!(briefing, "href=\"../../places/doha/\"");
    assert_contains!(
        briefing,
        "href=\"../../envoys/zhai-jun/\">envoy dossier</a>"
    );
    assert_contains!(briefing, "href=\"../../chronology/2023/10/\"");
    let place = archive.page("places/doha/index.html");
    assert_contains!(place, "<h1>Doha");
    assert_contains!(place, "Actors met here");
    let places = archive.page("places/index.html");
    assert_contains!(places, "href=\"../places/doha/\"");
    let month = archive.page("chronology/2023/10/index.html");
    assert_contains!(month, "<h1>October 2023");
    assert_contains!(month, "2023-10-20-doha");
    let home = archive.page("index.html");
    assert_contains!(home, "href=\"./envoys/zhai-jun/\"");
    assert_contains!(home, "Follow the feed");
    let chronology = archive.page("chronology/index.html");
    assert_contains!(chronology, "href=\"../chronology/2023/10/\">Oct</a>");
    assert!(
        !chronology.contains(">October 2023</a> ·"),
        "the index names each year once"
    );
}

#[test]
fn a_briefing_shows_the_newest_that_link_to_it_and_a_page_of_them_all() {
    let archive = many(0);
    for i in 0..8 {
        archive.write(
            &format!("content/briefings/ref-{i}.md"),
            format!(
                "+++\ntitle = \"Referring {i}\"\ndate = 2023-11-{:02}\n+++\nSee [Doha](@briefing/2023-10-20-doha).\n",
                10 + i
            ),
        );
    }
    archive.build_ok(&[]);
    let page = archive.page("briefings/2023-10-20-doha/index.html");
    let section = &page[page.find("id=\"referenced-by\"").unwrap()..];
    assert_contains!(section, "<span class=\"count\">8</span>");
    assert!(section.find("Referring 7").unwrap() < section.find("Referring 3").unwrap());
    assert!(
        !section.contains("Referring 2<"),
        "five in brief: {section}"
    );
    assert_contains!(
        section,
        "href=\"../../briefings/2023-10-20-doha/references/\""
    );
    let all = archive.page("briefings/2023-10-20-doha/references/index.html");
    assert_contains!(all, "Referring 7");
    let second = archive.page("briefings/2023-10-20-doha/references/page/2/index.html");
    assert_contains!(second, "Referring 0");
    let check = archive.run(&["check", "--strict"]);
    assert!(check.success, "{}{}", check.stdout, check.stderr);
}
