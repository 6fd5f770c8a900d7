//! Publishing and reading: the Atom feeds, sitemap.xml and robots.txt, and the data export,
//! each parsed with a real parser (atom_syndication, roxmltree, serde_json, csv).

use std::io::BufReader;

use crate::common::{links, Archive};
use atom_syndication::Feed;
use serde_json::Value;

/// The minimal fixture, published at `base_url` (or without one).
fn fixture_at(base_url: Option<&str>) -> Archive {
    let archive = Archive::fixture("minimal");
    let mut config =
        "title = \"Minimal archive\"\ndescription = \"Three briefings.\"\n".to_string();
    if let Some(url) = base_url {
        config.push_str(&format!("base_url = \"{url}\"\n"));
    }
    archive.write("config.toml", config);
    archive
}

fn feed(archive: &Archive, path: &str) -> Feed {
    let text = archive.page(path);
    Feed::read_from(BufReader::new(text.as_bytes()))
        .unwrap_or_else(|e| panic!("{path} is not an Atom feed: {e}\n{text}"))
}

fn titles(feed: &Feed) -> Vec<&str> {
    feed.entries().iter().map(|e| e.title().as_str()).collect()
}

fn link<'a>(links: &'a [atom_syndication::Link], rel: &str) -> &'a str {
    links
        .iter()
        .find(|l| l.rel() == rel)
        .unwrap_or_else(|| panic!("no {rel} link in {links:?}"))
        .href()
}

fn json(archive: &Archive, path: &str) -> Value {
    serde_json::from_str(&archive.page(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn briefing(date: &str, slug: &str) -> String {
    format!(
        "+++\ntitle = \"Briefing {slug}\"\ndate = {date}\nactors = [\"zhai-jun\"]\n+++\nText.\n"
    )
}

#[test]
fn the_archive_feed_lists_the_briefings_newest_first_with_absolute_addresses() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let feed = feed(&archive, "feed.xml");
    assert_eq!(feed.title().as_str(), "Minimal archive");
    assert_eq!(feed.id(), "https://example.org/archive/feed.xml");
    assert_eq!(feed.updated().to_rfc3339(), "2023-11-06T00:00:00+00:00");
    assert_eq!(
        link(feed.links(), "self"),
        "https://example.org/archive/feed.xml"
    );
    assert_eq!(
        link(feed.links(), "alternate"),
        "https://example.org/archive/"
    );
    assert_eq!(
        titles(&feed),
        [
            "A tour of the region",
            "Talks in Doha",
            "Zhai Jun calls Egypt"
        ]
    );
    let entry = &feed.entries()[2];
    let url = "https://example.org/archive/briefings/2023-10-10-call-with-egypt/";
    assert_eq!(entry.id(), url);
    assert_eq!(link(entry.links(), "alternate"), url);
    assert_eq!(entry.updated().to_rfc3339(), "2023-10-10T00:00:00+00:00");
    assert_eq!(
        entry.summary().map(|s| s.as_str()),
        Some("A call about a ceasefire.")
    );
    let terms: Vec<(&str, Option<&str>)> = entry
        .categories()
        .iter()
        .map(|c| (c.term(), c.label()))
        .collect();
    assert_eq!(
        terms,
        [
            ("ceasefire", Some("Ceasefire")),
            ("two-state-solution", Some("two-state solution")),
            ("zhai-jun", Some("Zhai Jun")),
            ("usama", Some("Usama")),
        ]
    );
    let content = entry.content().expect("the body");
    assert_eq!(content.content_type(), Some("html"));
    assert_eq!(
        content.base(),
        Some(url),
        "relative links in the body resolve"
    );
    assert!(content.value().unwrap().contains("by phone"));
    assert!(feed.authors()[0].name() == "Minimal archive");
}

#[test]
fn every_actor_envoy_and_tag_has_a_feed_of_its_briefings() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let actor = feed(&archive, "actors/usama/feed.xml");
    assert_eq!(actor.title().as_str(), "Usama · Minimal archive");
    assert_eq!(
        actor.id(),
        "https://example.org/archive/actors/usama/feed.xml"
    );
    assert_eq!(
        link(actor.links(), "alternate"),
        "https://example.org/archive/actors/usama/"
    );
    assert_eq!(
        titles(&actor),
        ["A tour of the region", "Zhai Jun calls Egypt"]
    );
    assert_eq!(actor.updated().to_rfc3339(), "2023-11-06T00:00:00+00:00");

    let envoy = feed(&archive, "envoys/mikhail-bogdanov/feed.xml");
    assert_eq!(
        envoy.title().as_str(),
        "Dossier: Mikhail Bogdanov · Minimal archive"
    );
    assert_eq!(titles(&envoy), ["Talks in Doha"]);
    assert_eq!(envoy.updated().to_rfc3339(), "2023-10-20T00:00:00+00:00");
    assert!(!archive.root().join("public/envoys/usama").exists());

    let tag = feed(&archive, "tags/ceasefire/feed.xml");
    assert_eq!(tag.title().as_str(), "Tag: Ceasefire · Minimal archive");
    assert_eq!(titles(&tag), ["Talks in Doha", "Zhai Jun calls Egypt"]);
    assert_eq!(
        tag.entries()[0].id(),
        "https://example.org/archive/briefings/2023-10-20-doha/",
        "an entry has the same id in every feed"
    );
}

#[test]
fn every_page_links_its_feed() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    for (page, feed) in [
        ("index.html", "./feed.xml"),
        (
            "actors/zhai-jun/index.html",
            "../../actors/zhai-jun/feed.xml",
        ),
        (
            "envoys/zhai-jun/index.html",
            "../../envoys/zhai-jun/feed.xml",
        ),
        ("tags/syria/index.html", "../../tags/syria/feed.xml"),
        ("briefings/2023-10-20-doha/index.html", "../../feed.xml"),
        ("chronology/index.html", "../feed.xml"),
        ("actors/index.html", "../feed.xml"),
    ] {
        let html = archive.page(page);
        let tag = "<link rel=\"alternate\" type=\"application/atom+xml\"";
        assert!(html.contains(tag), "{page}: {html}");
        assert!(
            links(&html).iter().any(|h| h == feed),
            "{page} does not link {feed}"
        );
    }
    assert!(archive
        .page("tags/syria/index.html")
        .contains("title=\"Tag: Syria · Minimal archive\""));
    assert!(archive
        .page("404.html")
        .contains("href=\"/archive/feed.xml\""));
    let check = archive.run(&["check", "--strict"]);
    assert!(check.success, "{}\n{}", check.stdout, check.stderr);
}

#[test]
fn hostile_text_round_trips_through_the_feed_and_the_data() {
    let archive = Archive::fixture("minimal");
    let title = r#"Tom & Jerry <b>meet</b> </script><script>alert("x")</script> ]]>"#;
    archive.write(
        "content/briefings/2023-12-24-hostile.md",
        format!(
            "+++\ntitle = '{title}'\ndate = 2023-12-24\nsummary = \"a < b && c > d\"\nactors = [\"zhai-jun\"]\ntags = [\"<i>x</i> & y\"]\n+++\n<script>alert(1)</script> & text\n"
        ),
    );
    archive.build_ok(&[]);
    for path in ["feed.xml", "actors/zhai-jun/feed.xml"] {
        let raw = archive.page(path);
        assert!(!raw.contains("<script"), "{path}: {raw}");
        let feed = feed(&archive, path);
        let entry = &feed.entries()[0];
        assert_eq!(entry.title().as_str(), title);
        assert_eq!(entry.summary().unwrap().as_str(), "a < b && c > d");
        assert!(entry
            .categories()
            .iter()
            .any(|c| c.label() == Some("<i>x</i> & y")));
        if path == "feed.xml" {
            let body = entry.content().unwrap().value().unwrap();
            assert!(!body.contains("<script"), "sanitized like the page: {body}");
        } else {
            assert!(entry.content().is_none(), "actor feeds carry no bodies");
        }
    }
    let briefings = json(&archive, "data/briefings.json");
    let last = briefings.as_array().unwrap().last().unwrap();
    assert_eq!(last["title"], title);
    assert_eq!(last["tags"][0]["name"], "<i>x</i> & y");
    assert_eq!(
        last["body"], "<script>alert(1)</script> & text\n",
        "the data holds the Markdown as written"
    );
    let csv = archive.page("data/briefings.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[3][2], title);
}

#[test]
fn a_feed_holds_the_latest_fifty_briefings() {
    let archive = Archive::fixture("minimal");
    for day in 1..=28 {
        for month in [1, 2] {
            let date = format!("2024-{month:02}-{day:02}");
            archive.write(
                &format!("content/briefings/{date}-b.md"),
                briefing(&date, &format!("{date}-b")),
            );
        }
    }
    archive.build_ok(&[]);
    let feed = feed(&archive, "feed.xml");
    assert_eq!(feed.entries().len(), 50);
    assert_eq!(feed.entries()[0].title().as_str(), "Briefing 2024-02-28-b");
    assert_eq!(feed.updated().to_rfc3339(), "2024-02-28T00:00:00+00:00");
    let dates: Vec<String> = feed
        .entries()
        .iter()
        .map(|e| e.updated().to_rfc3339())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    let briefings = json(&archive, "data/briefings.json");
    assert_eq!(briefings.as_array().unwrap().len(), 59, "the data has all");
}

#[test]
fn feeds_under_a_sub_path_keep_the_path() {
    let archive = fixture_at(Some("https://example.org/deep/archive"));
    archive.build_ok(&[]);
    let feed = feed(&archive, "envoys/zhai-jun/feed.xml");
    assert_eq!(
        link(feed.links(), "self"),
        "https://example.org/deep/archive/envoys/zhai-jun/feed.xml"
    );
    assert!(feed.entries()[0]
        .id()
        .starts_with("https://example.org/deep/archive/briefings/"));
}

#[test]
fn at_the_domain_root_robots_txt_is_plain() {
    let archive = fixture_at(Some("https://briefings.example.org/"));
    archive.build_ok(&[]);
    assert_eq!(
        archive.page("robots.txt"),
        "User-agent: *\nDisallow:\n\nSitemap: https://briefings.example.org/sitemap.xml\n"
    );
    assert_eq!(
        feed(&archive, "feed.xml").id(),
        "https://briefings.example.org/feed.xml"
    );
}

#[test]
fn without_base_url_feeds_use_tag_ids_and_relative_links_and_there_is_no_sitemap() {
    let archive = fixture_at(None);
    let run = archive.build_ok(&[]);
    assert!(run.stderr.is_empty(), "no warning: {}", run.stderr);
    let feed = feed(&archive, "actors/zhai-jun/feed.xml");
    assert_eq!(
        feed.id(),
        "tag:dossier.invalid,2024:actors/zhai-jun/feed.xml"
    );
    let entry = &feed.entries()[0];
    assert_eq!(
        entry.id(),
        "tag:dossier.invalid,2024:briefings/2023-11-06-tour/"
    );
    assert_eq!(
        link(entry.links(), "alternate"),
        "../../briefings/2023-11-06-tour/",
        "relative to the feed file"
    );
    assert_eq!(link(feed.links(), "self"), "../../actors/zhai-jun/feed.xml");
    let public = archive.root().join("public");
    assert!(!public.join("sitemap.xml").exists());
    assert!(!public.join("robots.txt").exists());
    let check = archive.run(&["check", "--strict"]);
    assert!(check.success, "{}\n{}", check.stdout, check.stderr);
}

#[test]
fn offline_builds_write_the_feeds_and_link_them_relatively() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&["--offline"]);
    assert!(archive
        .page("actors/zhai-jun/index.html")
        .contains("href=\"../../actors/zhai-jun/feed.xml\""));
    let feed = feed(&archive, "feed.xml");
    let entry = &feed.entries()[0];
    assert_eq!(
        entry.id(),
        "https://example.org/archive/briefings/2023-11-06-tour/",
        "ids do not change offline"
    );
    assert_eq!(
        link(entry.links(), "alternate"),
        "https://example.org/archive/briefings/2023-11-06-tour/index.html"
    );
    let check = archive.run(&["check", "--offline", "--strict"]);
    assert!(check.success, "{}\n{}", check.stdout, check.stderr);
}

#[test]
fn the_sitemap_lists_every_page_with_its_newest_date() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let text = archive.page("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let entries: Vec<(String, Option<String>)> = root
        .children()
        .filter(|n| n.has_tag_name("url"))
        .map(|url| {
            let child = |name: &str| {
                url.children()
                    .find(|n| n.has_tag_name(name))
                    .and_then(|n| n.text())
                    .map(String::from)
            };
            (child("loc").unwrap(), child("lastmod"))
        })
        .collect();
    let pages = archive
        .tree("public")
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    assert_eq!(entries.len(), pages - 1, "every page but 404.html");
    let date_of = |loc: &str| {
        entries
            .iter()
            .find(|(l, _)| l == loc)
            .unwrap_or_else(|| panic!("{loc} not in {entries:?}"))
            .1
            .clone()
    };
    let base = "https://example.org/archive/";
    assert_eq!(entries[0].0, base, "sorted: the home page first");
    assert_eq!(date_of(base).as_deref(), Some("2023-11-06"));
    assert_eq!(
        date_of(&format!("{base}briefings/2023-10-20-doha/")).as_deref(),
        Some("2023-10-20")
    );
    assert_eq!(
        date_of(&format!("{base}envoys/mikhail-bogdanov/")).as_deref(),
        Some("2023-10-20")
    );
    assert_eq!(
        date_of(&format!("{base}tags/two-state-solution/")).as_deref(),
        Some("2023-10-10")
    );
    assert!(entries.iter().all(|(loc, _)| loc.starts_with(base)));
    assert!(!text.contains("404.html"));
    assert!(archive
        .page("robots.txt")
        .ends_with("Sitemap: https://example.org/archive/sitemap.xml\n"));
}

#[test]
fn an_actor_without_briefings_has_a_dated_empty_feed_and_no_lastmod() {
    let archive = Archive::fixture("minimal");
    archive.write("content/actors/nobody.md", "+++\nname = \"Nobody\"\n+++\n");
    archive.build_ok(&[]);
    let feed = feed(&archive, "actors/nobody/feed.xml");
    assert!(feed.entries().is_empty());
    assert_eq!(feed.updated().to_rfc3339(), "2023-11-06T00:00:00+00:00");
    let sitemap = archive.page("sitemap.xml");
    let at = sitemap.find("actors/nobody/</loc>").unwrap();
    assert!(
        sitemap[at..]
            .split("</url>")
            .next()
            .unwrap()
            .find("lastmod")
            .is_none(),
        "{sitemap}"
    );
}

#[test]
fn the_briefings_export_has_every_field() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let briefings = json(&archive, "data/briefings.json");
    let slugs: Vec<&str> = briefings
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        slugs,
        [
            "2023-10-10-call-with-egypt",
            "2023-10-20-doha",
            "2023-11-06-tour"
        ]
    );
    let first = &briefings[0];
    assert_eq!(first["title"], "Zhai Jun calls Egypt");
    assert_eq!(first["date"], "2023-10-10");
    assert_eq!(first["summary"], "A call about a ceasefire.");
    assert_eq!(first["actors"], serde_json::json!(["zhai-jun", "usama"]));
    assert_eq!(
        first["tags"],
        serde_json::json!([
            {"name": "Ceasefire", "slug": "ceasefire"},
            {"name": "two-state solution", "slug": "two-state-solution"}
        ])
    );
    assert_eq!(first["places"], serde_json::json!(["Beijing", "Cairo"]));
    assert_eq!(
        first["sources"],
        serde_json::json!([{
            "outlet": "Example Wire", "author": null, "title": "China urges ceasefire",
            "url": "https://example.org/news/1", "date": "2023-10-11", "archived": null
        }])
    );
    assert_eq!(first["url"], "briefings/2023-10-10-call-with-egypt/");
    assert_eq!(first["body"], "Zhai Jun spoke with Usama by phone.\n");
    assert_eq!(first["attachments"], serde_json::json!([]));
    assert_eq!(briefings[1]["summary"], Value::Null);

    let csv = archive.page("data/briefings.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["date", "slug", "title", "actors", "tags", "places", "url"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0],
        vec![
            "2023-10-10",
            "2023-10-10-call-with-egypt",
            "Zhai Jun calls Egypt",
            "zhai-jun;usama",
            "ceasefire;two-state-solution",
            "Beijing;Cairo",
            "briefings/2023-10-10-call-with-egypt/"
        ]
    );
}

#[test]
fn the_actors_and_network_exports_count_and_date_every_pair() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&["--offline"]);
    let actors = json(&archive, "data/actors.json");
    let ids: Vec<&str> = actors
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["mikhail-bogdanov", "united-nations", "usama", "zhai-jun"]
    );
    let zhai = &actors[3];
    assert_eq!(zhai["name"], "Zhai Jun");
    assert_eq!(
        zhai["aliases"],
        serde_json::json!(["Zhai", "Special Envoy Zhai", "翟隽"])
    );
    assert_eq!(zhai["kind"], "person");
    assert_eq!(zhai["country"], "China");
    assert_eq!(zhai["role"], "Special Envoy on the Middle East");
    assert_eq!(zhai["roles"], serde_json::json!([]));
    assert_eq!(zhai["envoy"], true);
    assert_eq!(zhai["briefings"], 3);
    assert_eq!(zhai["first"], "2023-10-10");
    assert_eq!(zhai["last"], "2023-11-06");
    assert_eq!(
        zhai["url"], "actors/zhai-jun/index.html",
        "as the build links"
    );
    assert_eq!(actors[1]["kind"], "organization");
    assert_eq!(actors[1]["country"], Value::Null);

    let network = json(&archive, "data/network.json");
    assert_eq!(network["nodes"].as_array().unwrap().len(), 4);
    assert_eq!(
        network["nodes"][2],
        serde_json::json!({"id": "usama", "name": "Usama", "kind": "person", "envoy": false, "briefings": 2})
    );
    let edges: Vec<(String, String, u64, String, String)> = network["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().into(),
                e["target"].as_str().unwrap().into(),
                e["weight"].as_u64().unwrap(),
                e["first"].as_str().unwrap().into(),
                e["last"].as_str().unwrap().into(),
            )
        })
        .collect();
    let edge = |s: &str, t: &str, w: u64, f: &str, l: &str| {
        (
            s.to_string(),
            t.to_string(),
            w,
            f.to_string(),
            l.to_string(),
        )
    };
    assert_eq!(
        edges,
        [
            edge(
                "mikhail-bogdanov",
                "zhai-jun",
                1,
                "2023-10-20",
                "2023-10-20"
            ),
            edge("united-nations", "usama", 1, "2023-11-06", "2023-11-06"),
            edge("united-nations", "zhai-jun", 1, "2023-11-06", "2023-11-06"),
            edge("usama", "zhai-jun", 2, "2023-10-10", "2023-11-06"),
        ]
    );
}

#[test]
fn every_xml_file_is_well_formed_and_a_rebuild_changes_nothing() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let first = archive.tree("public");
    let mut xml = 0;
    for (path, bytes) in &first {
        if path.extension().is_some_and(|e| e == "xml") {
            let text = std::str::from_utf8(bytes).unwrap();
            roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            xml += 1;
        }
    }
    assert_eq!(
        xml,
        1 + 4 + 2 + 4 + 1,
        "feeds of the archive, actors, envoys, tags; the sitemap"
    );
    let again = archive.build_ok(&[]);
    assert_contains!(again.stdout, "0 files written");
}
