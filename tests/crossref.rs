//! Cross-references inside the text: linked mentions, explicit links to archive entities,
//! backlinks ("Referenced by", "Also mentioned in").

use crate::common::Archive;

const BODY: &str = "+++
title = \"Mentions\"
date = 2023-12-10
actors = [\"zhai-jun\", \"Bogdanov\"]
+++
# Zhai Jun in a heading

Zhai Jun met Bogdanov; later ZHAI JUN spoke again, and Usama was there too.

`Zhai Jun` in code, and [a link about Zhai Jun](https://example.org), <span class=\"x\">Bogdanov <b>Zhai Jun</b></span>.

    Zhai Jun in a code block
";

#[test]
fn the_first_mention_of_each_actor_links_to_its_page() {
    let archive = Archive::fixture("minimal");
    archive.write("content/briefings/2023-12-10-mentions.md", BODY);
    archive.build_ok(&[]);
    let page = archive.page("briefings/2023-12-10-mentions/index.html");
    let body = &page[page.find("<div class=\"body\">").unwrap()..page.find("</div>").unwrap()];
    assert_eq!(
        body.matches("href=\"../../actors/zhai-jun/\"").count(),
        1,
        "{body}"
    );
    assert_contains!(
        body,
        "<a href=\"../../actors/zhai-jun/\" rel=\"noopener noreferrer\">Zhai Jun</a> met"
    );
    assert_contains!(body, ">Bogdanov</a>;");
    assert!(
        !body.contains("actors/usama/"),
        "Usama is not among the briefing's actors: {body}"
    );
    assert_contains!(body, "<h2>Zhai Jun in a heading</h2>");
    assert_contains!(body, "<code>Zhai Jun</code>");
    assert_contains!(body, "<pre><code>Zhai Jun in a code block");
    assert_contains!(body, ">a link about Zhai Jun</a>");
    assert!(
        body.contains("<span>Bogdanov <b>Zhai Jun</b></span>"),
        "nothing linked inside raw HTML: {body}"
    );
}

#[test]
fn autolink_all_and_none() {
    let archive = Archive::fixture("minimal");
    archive.write("content/briefings/2023-12-10-mentions.md", BODY);
    archive.configure("autolink = \"all\"\n");
    archive.build_ok(&[]);
    let page = archive.page("briefings/2023-12-10-mentions/index.html");
    assert_eq!(
        page.matches("rel=\"noopener noreferrer\">Zhai Jun</a>")
            .count(),
        1
    );
    assert!(
        page.contains("rel=\"noopener noreferrer\">ZHAI JUN</a>"),
        "every mention links"
    );

    let archive = Archive::fixture("minimal");
    archive.write("content/briefings/2023-12-10-mentions.md", BODY);
    archive.configure("autolink = \"none\"\n");
    archive.build_ok(&[]);
    let page = archive.page("briefings/2023-12-10-mentions/index.html");
    assert!(!page.contains("rel=\"noopener noreferrer\">Zhai Jun</a>"));

    let archive = Archive::fixture("minimal");
    archive.configure("autolink = \"sometimes\"\n");
    let run = archive.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "config.toml:4");
}

#[test]
fn explicit_links_resolve_to_relative_urls() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/briefings/2023-12-11-links.md",
        "+++\ntitle = \"Links\"\ndate = 2023-12-11\n+++\nSee [the call](@briefing/2023-10-10-call-with-egypt), [Zhai](@actor/翟隽), \
         [his dossier](@envoy/zhai-jun), [the tag](<@tag/Two-State Solution>), [October](@chronology/2023-10), \
         [the year](@chronology/2023) and [sources](@briefing/2023-10-10-call-with-egypt#sources).\n",
    );
    archive.build_ok(&[]);
    let page = archive.page("briefings/2023-12-11-links/index.html");
    for href in [
        "../../briefings/2023-10-10-call-with-egypt/",
        "../../actors/zhai-jun/",
        "../../envoys/zhai-jun/",
        "../../tags/two-state-solution/",
        "../../chronology/2023/10/",
        "../../chronology/2023/",
        "../../briefings/2023-10-10-call-with-egypt/#sources",
    ] {
        assert!(
            page.contains(&format!("href=\"{href}\"")),
            "{href} in {page}"
        );
    }
    let check = archive.run(&["check"]);
    assert!(check.success, "{}{}", check.stdout, check.stderr);

    archive.build_ok(&["--offline"]);
    let page = archive.page("briefings/2023-12-11-links/index.html");
    assert_contains!(page, "href=\"../../chronology/2023/10/index.html\"");
    assert!(page.contains("href=\"../../actors/zhai-jun/index.html\""));
}

#[test]
fn an_unknown_target_is_an_error_at_its_line_with_a_hint() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let before = archive.tree("public");
    archive.write(
        "content/briefings/2023-12-12-bad.md",
        "+++\ntitle = \"Bad\"\ndate = 2023-12-12\n+++\nFine text.\n\nSee [him](@actor/zhai-jn) and [it](@briefing/2023-10-20-doh).\n\n[x](@envoy/usama) [y](@place/cairo) [z](@chronology/1999)\n",
    );
    let run = archive.run(&["build"]);
    assert_eq!(run.code, Some(1));
    let stderr = &run.stderr;
    assert_contains!(stderr, "unknown actor 'zhai-jn'");
    assert_contains!(stderr, "content/briefings/2023-12-12-bad.md:7");
    assert_contains!(stderr, "did you mean '@actor/zhai-jun'?");
    assert_contains!(stderr, "did you mean '@briefing/2023-10-20-doha'?");
    assert_contains!(stderr, "'usama' in the link '@envoy/usama' is not an envoy");
    assert_contains!(stderr, "unknown kind of link '@place'");
    assert_contains!(stderr, "the chronology has no '1999'");
    assert_contains!(stderr, "content/briefings/2023-12-12-bad.md:9");
    assert!(archive.tree("public") == before, "nothing written");
}

#[test]
fn backlinks_show_who_links_and_who_mentions() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/briefings/2023-12-13-refs.md",
        "+++\ntitle = \"Refs\"\ndate = 2023-12-13\nactors = [\"zhai-jun\"]\n+++\nFollows [the Doha talks](@briefing/2023-10-20-doha); the United Nations took note.\n",
    );
    archive.build_ok(&[]);
    let doha = archive.page("briefings/2023-10-20-doha/index.html");
    let referenced = &doha[doha
        .find("id=\"referenced-by\"")
        .expect("a Referenced by section")..];
    assert_contains!(referenced, "../../briefings/2023-12-13-refs/");
    let un = archive.page("actors/united-nations/index.html");
    let also = &un[un
        .find("id=\"also-mentioned\"")
        .expect("an Also mentioned in section")..];
    assert_contains!(also, "../../briefings/2023-12-13-refs/");
    let zhai = archive.page("actors/zhai-jun/index.html");
    assert!(
        !zhai.contains("id=\"also-mentioned\""),
        "listed actors are not 'also' mentioned"
    );
}

#[test]
fn a_briefing_shows_the_role_held_on_its_date_and_the_actor_page_the_history() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/actors/lin-jian.md",
        "+++\nname = \"Lin Jian\"\nrole = \"Diplomat\"\n\n[[roles]]\ntitle = \"Deputy Director-General\"\norganization = \"Information Department\"\nfrom = 2020-01-01\nto = 2023-12-31\n\n[[roles]]\ntitle = \"Foreign Ministry Spokesperson\"\nfrom = 2024-01-01\n+++\n",
    );
    archive.write(
        "content/briefings/2023-06-01-before.md",
        "+++\ntitle = \"Before\"\ndate = 2023-06-01\nactors = [\"lin-jian\"]\n+++\n",
    );
    archive.write(
        "content/briefings/2024-03-21-after.md",
        "+++\ntitle = \"After\"\ndate = 2024-03-21\nactors = [\"Lin Jian\"]\n+++\n",
    );
    archive.write(
        "content/briefings/2019-03-21-earlier.md",
        "+++\ntitle = \"Earlier\"\ndate = 2019-03-21\nactors = [\"Lin Jian\"]\n+++\n",
    );
    archive.build_ok(&[]);
    let before = archive.page("briefings/2023-06-01-before/index.html");
    assert_contains!(before, "Lin Jian</a> <span class=\"role\">(Deputy Director-General, Information Department)</span>");
    let after = archive.page("briefings/2024-03-21-after/index.html");
    assert_contains!(
        after,
        "Lin Jian</a> <span class=\"role\">(Foreign Ministry Spokesperson)</span>"
    );
    let earlier = archive.page("briefings/2019-03-21-earlier/index.html");
    assert!(
        earlier.contains("<span class=\"role\">(Diplomat)</span>"),
        "the single role key is the fallback: {earlier}"
    );
    let page = archive.page("actors/lin-jian/index.html");
    let history = &page[page.find("id=\"roles\"").expect("a role history")..];
    assert!(
        history.find("Deputy Director-General").unwrap()
            < history.find("Foreign Ministry Spokesperson").unwrap()
    );
    assert_contains!(
        history,
        "<time datetime=\"2020-01-01\">1 January 2020</time> – <time datetime=\"2023-12-31\">"
    );

    archive.write(
        "content/actors/lin-jian.md",
        "+++\nname = \"Lin Jian\"\n\n[[roles]]\ntitle = \"Spokesperson\"\nfrom = 2024-01-01\nto = 2023-01-01\n+++\n",
    );
    let run = archive.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "content/actors/lin-jian.md:7");
    assert_contains!(
        run.stderr,
        "ends (2023-01-01) before it begins (2024-01-01)"
    );
}

#[test]
fn encounters_list_who_met_whom_and_when_with_a_page_per_frequent_pair() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let zhai = archive.page("actors/zhai-jun/index.html");
    let encounters = &zhai[zhai
        .find("id=\"encounters\"")
        .expect("an Encounters section")..];
    let usama = &encounters[encounters.find("actors/usama/").unwrap()..];
    let usama = &usama[..usama.find("</li>").unwrap()];
    assert!(
        usama.contains("datetime=\"2023-10-10\"") && usama.contains("datetime=\"2023-11-06\""),
        "{usama}"
    );
    assert_contains!(usama, "href=\"../../encounters/usama--zhai-jun/\"");
    let bogdanov = &encounters[encounters.find("actors/mikhail-bogdanov/").unwrap()..];
    let bogdanov = &bogdanov[..bogdanov.find("</li>").unwrap()];
    assert!(
        !bogdanov.contains("encounters/"),
        "one shared briefing gets no pair page: {bogdanov}"
    );
    assert!(archive
        .page("envoys/zhai-jun/index.html")
        .contains("../../encounters/usama--zhai-jun/"));
    assert!(
        archive
            .page("actors/usama/index.html")
            .contains("../../encounters/usama--zhai-jun/"),
        "linked from both"
    );

    let pair = archive.page("encounters/usama--zhai-jun/index.html");
    assert_contains!(pair, "2 shared briefings");
    assert!(
        pair.find("2023-10-10-call-with-egypt").unwrap() > pair.find("2023-11-06-tour").unwrap(),
        "newest first"
    );
    assert_contains!(
        pair,
        "Also there:</span> <a href=\"../../actors/united-nations/\""
    );
    assert!(!archive
        .root()
        .join("public/encounters/mikhail-bogdanov--zhai-jun")
        .exists());
}

/// The events of an iCalendar file as a real parser reads them: (DTSTART, SUMMARY, LOCATION).
fn events(ics: &str) -> Vec<(String, String, Option<String>)> {
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let calendar = calendars
        .next()
        .expect("one calendar")
        .expect("a valid calendar");
    assert!(calendars.next().is_none());
    let value = |event: &ical::parser::ical::component::IcalEvent, name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    calendar
        .events
        .iter()
        .map(|e| {
            assert!(
                value(e, "UID").is_some() && value(e, "DTSTAMP").is_some(),
                "RFC 5545 requires UID and DTSTAMP"
            );
            (
                value(e, "DTSTART").unwrap(),
                value(e, "SUMMARY").unwrap(),
                value(e, "LOCATION"),
            )
        })
        .collect()
}

#[test]
fn envoy_itineraries_and_the_archive_export_as_icalendar() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let itinerary = events(&archive.page("envoys/zhai-jun/itinerary.ics"));
    assert_eq!(
        itinerary,
        vec![
            (
                "20231010".into(),
                "Zhai Jun calls Egypt".into(),
                Some("Beijing\\, Cairo".into())
            ),
            (
                "20231020".into(),
                "Talks in Doha".into(),
                Some("Doha".into())
            ),
            ("20231106".into(), "A tour of the region".into(), None),
        ]
    );
    let ics = archive.page("envoys/zhai-jun/itinerary.ics");
    assert!(ics.contains("\r\n"), "lines end in CRLF");
    assert!(
        ics.contains("DTEND;VALUE=DATE:20231011"),
        "an all-day event ends the next day"
    );
    assert_contains!(
        ics,
        "URL:https://example.org/archive/briefings/2023-10-20-doha/"
    );
    assert_contains!(ics, "Counterparts: Mikhail Bogdanov");
    assert_eq!(events(&archive.page("calendar.ics")).len(), 3);
    assert!(archive
        .page("envoys/zhai-jun/index.html")
        .contains("href=\"../../envoys/zhai-jun/itinerary.ics\""));
    assert!(!archive
        .root()
        .join("public/envoys/usama/itinerary.ics")
        .exists());
}

#[test]
fn the_sample_archive_exports_zhai_juns_itinerary_and_encounters() {
    let archive = Archive::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    archive.write(
        "config.toml",
        std::fs::read(repo.join("config.toml")).unwrap(),
    );
    for entry in walk(&repo.join("content")) {
        let relative = entry
            .strip_prefix(repo)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        archive.write(&relative, std::fs::read(&entry).unwrap());
    }
    archive.build_ok(&[]);
    let dates: Vec<String> = events(&archive.page("envoys/zhai-jun/itinerary.ics"))
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(dates, ["20231010", "20231011", "20231020", "20231106"]);
    let zhai = archive.page("actors/zhai-jun/index.html");
    let encounters = &zhai[zhai.find("id=\"encounters\"").unwrap()..];
    for counterpart in [
        "actors/usama/",
        "actors/mikhail-bogdanov/",
        "actors/mohammed-al-khulaifi/",
    ] {
        assert!(encounters.contains(counterpart), "{counterpart}");
    }
    archive.page("encounters/usama--zhai-jun/index.html");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
