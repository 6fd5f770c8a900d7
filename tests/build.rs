//! The site a build makes: pages, links between them, ordering, escaping, merged tags, aliases,
//! drafts, determinism, offline links and the way the output folder is kept up to date.

use std::fs;
use std::time::{Duration, SystemTime};

use crate::common::{links, Archive};

#[test]
fn builds_every_page_of_the_map() {
    let archive = Archive::fixture("minimal");
    let run = archive.build_ok(&[]);
    assert_contains!(run.stdout, "Built 3 briefings, 4 actors, 4 tags");
    for page in [
        "index.html",
        "404.html",
        "style.css",
        "briefings/2023-10-10-call-with-egypt/index.html",
        "briefings/2023-10-20-doha/index.html",
        "briefings/2023-11-06-tour/index.html",
        "chronology/index.html",
        "chronology/2023/index.html",
        "tags/index.html",
        "tags/ceasefire/index.html",
        "tags/two-state-solution/index.html",
        "tags/syria/index.html",
        "tags/humanitarian-aid/index.html",
        "actors/index.html",
        "actors/zhai-jun/index.html",
        "actors/usama/index.html",
        "actors/mikhail-bogdanov/index.html",
        "actors/united-nations/index.html",
        "envoys/index.html",
        "envoys/zhai-jun/index.html",
        "envoys/mikhail-bogdanov/index.html",
    ] {
        archive.page(page);
    }
    assert!(
        !archive.root().join("public/envoys/usama").exists(),
        "only envoys get a dossier"
    );
}

#[test]
fn a_briefing_links_its_actors_tags_sources_and_neighbours() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let page = archive.page("briefings/2023-10-20-doha/index.html");
    let hrefs = links(&page);
    for expected in [
        "../../style.css",
        "../../actors/zhai-jun/",
        "../../actors/mikhail-bogdanov/",
        "../../tags/ceasefire/",
        "../../tags/syria/",
        "../../chronology/2023/10/",
        "../../briefings/2023-10-10-call-with-egypt/",
        "../../briefings/2023-11-06-tour/",
    ] {
        assert!(
            hrefs.iter().any(|h| h == expected),
            "missing {expected} in {hrefs:?}"
        );
    }
    assert_contains!(
        page,
        "rel=\"prev\" href=\"../../briefings/2023-10-10-call-with-egypt/\""
    );
    assert_contains!(
        page,
        "rel=\"next\" href=\"../../briefings/2023-11-06-tour/\""
    );
    assert!(page.contains("<li><a href=\"../../places/doha/\">Doha</a></li>"));
    assert!(page.contains("<time datetime=\"2023-10-20\">20 October 2023</time>"));

    let first = archive.page("briefings/2023-10-10-call-with-egypt/index.html");
    assert!(
        !first.contains("rel=\"prev\""),
        "the first briefing has no previous one"
    );
    assert_contains!(first, "<a href=\"https://example.org/news/1\" rel=\"noopener noreferrer\">China urges ceasefire</a>, Example Wire");
    assert!(
        first.contains("Usama"),
        "the alias 'Osama' resolves to Usama"
    );
}

#[test]
fn related_briefings_are_ranked_by_shared_actors_then_tags() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let page = archive.page("briefings/2023-10-10-call-with-egypt/index.html");
    let related = &page[page.find("id=\"related\"").expect("a related section")..];
    let tour = related
        .find("2023-11-06-tour")
        .expect("the tour shares two actors");
    let doha = related
        .find("2023-10-20-doha")
        .expect("Doha shares an actor and a tag");
    // The tour shares Zhai and Usama (4); Doha shares Zhai and a tag (3).
    assert!(tour < doha, "{related}");
}

#[test]
fn related_briefings_in_a_large_tag_are_the_nearest_and_a_shared_actor_wins_from_afar() {
    let archive = Archive::empty();
    archive.write("config.toml", "title = \"Large\"\n");
    archive.write("content/actors/far.md", "+++\nname = \"Far Away\"\n+++\n");
    let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for i in 0..700 {
        let date = start + chrono::Days::new(i);
        let actor = if [0, 350, 690].contains(&i) {
            "actors = [\"far\"]\n"
        } else {
            ""
        };
        // b690 shares only the actor; b000, as far away, the actor and the tag.
        let tag = if i == 690 { "other" } else { "common" };
        archive.write(
            &format!("content/briefings/b{i:03}.md"),
            format!(
                "+++\ntitle = \"B {i:03}\"\ndate = {date}\n{actor}tags = [\"{tag}\"]\n+++\nText.\n"
            ),
        );
    }
    archive.build_ok(&[]);
    let page = archive.page("briefings/b350/index.html");
    let related = &page[page.find("id=\"related\"").expect("a related section")..];
    let order: Vec<usize> = ["b000", "b690", "b349", "b351", "b348"]
        .iter()
        .map(|slug| {
            related
                .find(&format!("briefings/{slug}/"))
                .unwrap_or_else(|| panic!("{slug}: {related}"))
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "{order:?}: {related}"
    );
}

#[test]
fn body_headings_sit_below_the_page_title() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let page = archive.page("briefings/2023-11-06-tour/index.html");
    assert_eq!(page.matches("<h1").count(), 1);
    assert_contains!(page, "<h2>On the road</h2>");
}

#[test]
fn tags_merge_by_slug_and_keep_the_common_spelling() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/briefings/2023-12-01-more.md",
        "+++\ntitle = \"More\"\ndate = 2023-12-01\ntags = [\"ceasefire\", \"CEASEFIRE\"]\n+++\n",
    );
    archive.build_ok(&[]);
    let tag = archive.page("tags/ceasefire/index.html");
    assert!(
        tag.contains("<h1>ceasefire</h1>"),
        "two of three spell it in lowercase: {tag}"
    );
    for slug in [
        "2023-10-10-call-with-egypt",
        "2023-10-20-doha",
        "2023-12-01-more",
    ] {
        assert!(
            tag.contains(&format!("../../briefings/{slug}/")),
            "{slug} missing from the merged tag"
        );
    }
    let tags = archive.page("tags/index.html");
    assert_eq!(
        tags.matches("href=\"../tags/ceasefire/\"").count(),
        1,
        "one tag, not three"
    );
    let more = archive.page("briefings/2023-12-01-more/index.html");
    assert_eq!(
        more.matches("../../tags/ceasefire/").count(),
        1,
        "the duplicate tag is listed once"
    );
}

#[test]
fn a_tag_page_lists_its_briefings_by_date_and_its_actors_by_count() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let tag = archive.page("tags/ceasefire/index.html");
    let egypt = tag.find("2023-10-10-call-with-egypt").unwrap();
    let doha = tag.find("2023-10-20-doha").unwrap();
    assert!(doha < egypt, "briefings newest first");
    let actors = &tag[tag.find("id=\"actors\"").unwrap()..];
    let zhai = actors.find("actors/zhai-jun/").unwrap();
    let bogdanov = actors.find("actors/mikhail-bogdanov/").unwrap();
    assert!(zhai < bogdanov, "Zhai (2) before Bogdanov (1)");
    assert_contains!(actors, "2 briefings");
    assert_contains!(actors, "1 briefing<");
}

#[test]
fn aliases_resolve_in_any_case_and_script() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let zhai = archive.page("actors/zhai-jun/index.html");
    for slug in [
        "2023-10-10-call-with-egypt",
        "2023-10-20-doha",
        "2023-11-06-tour",
    ] {
        assert!(
            zhai.contains(&format!("../../briefings/{slug}/")),
            "'{slug}' names Zhai by id, alias or 翟隽"
        );
    }
    assert!(zhai.contains("翟隽"), "aliases are shown");
    assert!(
        zhai.contains("../../envoys/zhai-jun/"),
        "an envoy's page links the dossier"
    );
    let usama = archive.page("actors/usama/index.html");
    assert!(
        usama.contains("2023-11-06-tour"),
        "'usama' in lowercase finds Usama"
    );
}

#[test]
fn an_actor_page_counts_who_appears_with_whom() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let zhai = archive.page("actors/zhai-jun/index.html");
    let with = &zhai[zhai.find("id=\"appears-with\"").expect("co-actors")..];
    let usama = with.find("actors/usama/").unwrap();
    let bogdanov = with.find("actors/mikhail-bogdanov/").unwrap();
    assert!(usama < bogdanov, "Usama (2) before Bogdanov (1): {with}");
    assert_contains!(with, "2 shared briefings");
}

#[test]
fn an_envoy_dossier_has_itinerary_counterparts_countries_and_places() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let dossier = archive.page("envoys/zhai-jun/index.html");
    let itinerary = &dossier[dossier.find("<ol class=\"itinerary\"").unwrap()..];
    let order: Vec<usize> = [
        "2023-10-10-call-with-egypt",
        "2023-10-20-doha",
        "2023-11-06-tour",
    ]
    .iter()
    .map(|slug| {
        itinerary
            .find(slug)
            .unwrap_or_else(|| panic!("{slug} missing from the itinerary"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] > w[1]),
        "engagements newest first"
    );
    assert!(itinerary.contains(
        "<a href=\"../../places/beijing/\">Beijing</a>, <a href=\"../../places/cairo/\">Cairo</a>"
    ));
    assert!(
        dossier.find("id=\"counterparts\"").unwrap() < dossier.find("id=\"itinerary\"").unwrap(),
        "the summaries stand above the list"
    );
    assert!(dossier.contains("from <time datetime=\"2023-10-10\">10 October 2023</time> to <time datetime=\"2023-11-06\">6 November 2023</time>"));
    let counterparts = &dossier
        [dossier.find("id=\"counterparts\"").unwrap()..dossier.find("id=\"countries\"").unwrap()];
    assert!(
        counterparts.find("actors/usama/").unwrap()
            < counterparts.find("actors/united-nations/").unwrap()
    );
    assert_contains!(counterparts, "2 engagements");
    let countries = &dossier
        [dossier.find("id=\"countries\"").unwrap()..dossier.find("id=\"itinerary\"").unwrap()];
    assert_contains!(countries, "Egypt <span class=\"count\">2</span>");
    assert_contains!(countries, "Russia <span class=\"count\">1</span>");
    assert!(
        !countries[..countries.find("id=\"places\"").unwrap()].contains("China"),
        "the envoy's own country is not a counterpart's"
    );
    assert!(countries.contains("Doha"));
}

#[test]
fn the_chronology_groups_by_year_and_month_with_anchors() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/briefings/2024-03-21-later.md",
        "+++\ntitle = \"Later\"\ndate = 2024-03-21\n+++\n",
    );
    archive.build_ok(&[]);
    let chronology = archive.page("chronology/index.html");
    for anchor in [
        "id=\"2023-10\"",
        "id=\"2023-11\"",
        "id=\"2024-03\"",
        "href=\"../chronology/2023/10/\"",
    ] {
        assert!(chronology.contains(anchor), "{anchor}");
    }
    let list = &chronology[chronology.find("<section").unwrap()..];
    assert!(list.find("October 2023").unwrap() < list.find("March 2024").unwrap());
    let year = archive.page("chronology/2023/index.html");
    assert!(year.contains("3 briefings"));
    assert!(!year.contains("2024-03-21-later/\">"), "only its own year");
    assert!(
        year.contains("href=\"../../chronology/2024/\""),
        "links the next year"
    );
    let home = archive.page("index.html");
    assert!(
        home.find("2024-03-21-later").unwrap() < home.find("2023-11-06-tour").unwrap(),
        "newest first on the home page"
    );
    assert!(home.contains("4 briefings"));
}

#[test]
fn same_day_briefings_are_ordered_by_title_then_slug() {
    let archive = Archive::fixture("minimal");
    for (file, title) in [("z-first.md", "Alpha"), ("b.md", "Beta"), ("a.md", "Beta")] {
        archive.write(
            &format!("content/briefings/{file}"),
            format!("+++\ntitle = \"{title}\"\ndate = 2023-10-15\n+++\n"),
        );
    }
    archive.build_ok(&[]);
    let day = archive.page("chronology/2023/index.html");
    let positions: Vec<usize> = ["briefings/z-first/", "briefings/a/", "briefings/b/"]
        .iter()
        .map(|slug| day.find(slug).unwrap_or_else(|| panic!("{slug}")))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "Alpha, then Beta (a), then Beta (b)"
    );
    let alpha = archive.page("briefings/z-first/index.html");
    assert_contains!(alpha, "rel=\"next\" href=\"../../briefings/a/\"");
}

#[test]
fn untrusted_text_is_escaped_everywhere() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/briefings/2023-12-24-hostile.md",
        r#"+++
title = "</title><script>alert('t')</script>"
date = 2023-12-24
summary = "\"quoted\" & <b>bold</b>"
tags = ["<img src=x onerror=alert(1)>"]
places = ["<i>Gaza</i>"]
[[sources]]
outlet = "<script>o</script>"
url = "javascript:alert(1)"
+++
<script>alert('body')</script>
<p onclick="x()">text</p>

[click](javascript:alert(1))
"#,
    );
    archive.build_ok(&[]);
    let page = archive.page("briefings/2023-12-24-hostile/index.html");
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("onclick"), "{page}");
    assert!(!page.contains("<img"), "{page}");
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "the tag is shown as text: {page}"
    );
    assert!(!page.contains("href=\"javascript"), "{page}");
    assert_contains!(
        page,
        "<h1>&lt;/title&gt;&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;</h1>"
    );
    assert!(page.contains("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"));
    assert!(page.contains("&lt;i&gt;Gaza&lt;/i&gt;"));
    assert!(
        page.contains("<cite>&lt;script&gt;o&lt;/script&gt;</cite>"),
        "the source is shown, not linked: {page}"
    );
    for other in ["index.html", "chronology/index.html", "tags/index.html"] {
        assert!(!archive.page(other).contains("<script"), "{other}");
    }
}

#[test]
fn raw_html_is_kept_when_the_archive_trusts_it() {
    let archive = Archive::fixture("minimal");
    archive.configure("unsafe_html = true\n");
    archive.write(
        "content/briefings/2023-12-01-raw.md",
        "+++\ntitle = \"Raw\"\ndate = 2023-12-01\n+++\n<div class=\"map\" data-x=\"1\">map</div>\n",
    );
    archive.build_ok(&[]);
    assert!(archive
        .page("briefings/2023-12-01-raw/index.html")
        .contains("<div class=\"map\" data-x=\"1\">"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/briefings/2023-12-02-draft.md",
        "+++\ntitle = \"Draft\"\ndate = 2023-12-02\ndraft = true\nactors = [\"Zhai\"]\n+++\n",
    );
    archive.build_ok(&[]);
    assert!(!archive
        .root()
        .join("public/briefings/2023-12-02-draft")
        .exists());
    assert!(!archive
        .page("actors/zhai-jun/index.html")
        .contains("2023-12-02-draft"));
    archive.build_ok(&["--drafts"]);
    assert!(archive
        .page("actors/zhai-jun/index.html")
        .contains("2023-12-02-draft"));
    archive.build_ok(&[]);
    assert!(
        !archive
            .root()
            .join("public/briefings/2023-12-02-draft")
            .exists(),
        "the draft's page is removed again"
    );
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&["--output", "one"]);
    archive.build_ok(&["--output", "two"]);
    let one = archive.tree("one");
    assert!(one.len() > 20);
    assert!(one == archive.tree("two"), "two builds differ");
}

#[test]
fn every_internal_link_is_relative_and_resolves() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    for (path, bytes) in archive.tree("public") {
        if path.extension().is_some_and(|e| e == "html") && path.to_str() != Some("404.html") {
            for href in links(&String::from_utf8(bytes).unwrap()) {
                assert!(
                    !href.starts_with('/'),
                    "{}: {href} is absolute",
                    path.display()
                );
                assert!(
                    !href.contains("example.org/archive"),
                    "{}: base_url in a page",
                    path.display()
                );
            }
        }
    }
    let check = archive.run(&["check"]);
    assert!(check.success, "{}\n{}", check.stdout, check.stderr);
    assert_contains!(check.stdout, "0 errors");
}

#[test]
fn offline_links_name_index_html() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&["--offline"]);
    for (path, bytes) in archive.tree("public") {
        if path.extension().is_some_and(|e| e == "html") && path.to_str() != Some("404.html") {
            for href in links(&String::from_utf8(bytes).unwrap()) {
                let internal = !href.contains(':');
                let target = href.split('#').next().unwrap();
                assert!(
                    !internal
                        || target.is_empty()
                        || (!target.ends_with('/')
                            && std::path::Path::new(target).extension().is_some()),
                    "{}: {href} would not open from disk",
                    path.display()
                );
            }
        }
    }
    assert!(archive
        .page("index.html")
        .contains("href=\"./chronology/index.html\""));
    assert!(archive
        .page("briefings/2023-10-20-doha/index.html")
        .contains("href=\"../../index.html\""));
    let check = archive.run(&["check", "--offline"]);
    assert!(check.success, "{}\n{}", check.stdout, check.stderr);
}

#[test]
fn the_404_page_links_from_the_sites_own_path() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let page = archive.page("404.html");
    assert_contains!(page, "href=\"/archive/style.css\"");
    assert_contains!(page, "href=\"/archive/chronology/\"");
}

#[test]
fn a_second_build_writes_nothing_and_an_edit_rewrites_only_what_changed() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let old = SystemTime::now() - Duration::from_secs(3600);
    let public = archive.root().join("public");
    let stamp_all = || {
        for (path, _) in archive.tree("public") {
            fs::File::options()
                .write(true)
                .open(public.join(&path))
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
    };
    stamp_all();
    let run = archive.build_ok(&[]);
    assert!(run.stdout.contains("(0 files written"), "{}", run.stdout);
    for (path, _) in archive.tree("public") {
        assert_eq!(
            fs::metadata(public.join(&path))
                .unwrap()
                .modified()
                .unwrap(),
            old,
            "{} was touched",
            path.display()
        );
    }

    archive.write(
        "content/briefings/2023-10-20-doha.md",
        fs::read_to_string(archive.root().join("content/briefings/2023-10-20-doha.md"))
            .unwrap()
            .replace("met Bogdanov", "met Mikhail Bogdanov"),
    );
    let run = archive.build_ok(&[]);
    let changed: Vec<_> = archive
        .tree("public")
        .into_keys()
        .filter(|p| fs::metadata(public.join(p)).unwrap().modified().unwrap() != old)
        .collect();
    assert!(
        run.stdout
            .contains(&format!("({} files written", changed.len())),
        "{}",
        run.stdout
    );
    let pages: Vec<_> = changed
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert_eq!(
        pages,
        vec![std::path::Path::new("briefings/2023-10-20-doha/index.html")],
        "only the briefing's own page changes"
    );
    // Beside it, only the files that carry the body: the feeds listing the briefing, the
    // data export and the search index.
    assert!(
        changed
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "html")
                || p.ends_with("feed.xml")
                || p.starts_with("data")
                || p.starts_with("search")),
        "{changed:?}"
    );

    archive.remove("content/briefings/2023-10-20-doha.md");
    let run = archive.build_ok(&[]);
    assert!(
        !public.join("briefings/2023-10-20-doha").exists(),
        "a removed briefing's page goes"
    );
    assert!(
        run.stdout.contains("4 removed"),
        "its page, the Syria tag page and its feed, and the page of Doha: {}",
        run.stdout
    );
    assert!(
        !public.join("tags/syria").exists(),
        "and so does a tag left without briefings"
    );
}

#[test]
fn a_build_with_nothing_changed_does_nothing_but_notices_any_change() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let public = archive.root().join("public");
    let times = || -> Vec<(std::path::PathBuf, SystemTime)> {
        archive
            .tree("public")
            .into_keys()
            .map(|p| {
                (
                    p.clone(),
                    fs::metadata(public.join(&p)).unwrap().modified().unwrap(),
                )
            })
            .collect()
    };
    let before = times();
    // Saving a file without changing it changes nothing.
    let doha = archive.root().join("content/briefings/2023-10-20-doha.md");
    archive.write(
        "content/briefings/2023-10-20-doha.md",
        fs::read(&doha).unwrap(),
    );
    let run = archive.build_ok(&[]);
    assert_contains!(run.stdout, "Up to date: 3 briefings");
    assert_eq!(times(), before, "no file was touched");

    // Whatever happened to dossier's files since is undone by the next build; a file someone
    // else put there stays.
    let mut complete = archive.tree("public");
    fs::remove_file(public.join("tags/syria/index.html")).unwrap();
    fs::write(public.join("stray.txt"), "left here").unwrap();
    complete.insert("stray.txt".into(), b"left here".to_vec());
    let mut home = fs::OpenOptions::new()
        .append(true)
        .open(public.join("index.html"))
        .unwrap();
    std::io::Write::write_all(&mut home, b"<!-- edited by hand -->").unwrap();
    let run = archive.build_ok(&[]);
    assert!(!run.stdout.contains("Up to date"), "{}", run.stdout);
    assert_eq!(archive.tree("public"), complete);

    // Options that change the output are part of what a build compares.
    for args in [&["--drafts"][..], &["--offline"][..], &[][..]] {
        let run = archive.build_ok(args);
        assert!(
            !run.stdout.contains("Up to date"),
            "{args:?}: {}",
            run.stdout
        );
    }
    assert!(archive.build_ok(&[]).stdout.contains("Up to date"));
    archive.configure("latest = 1\n");
    assert!(!archive.build_ok(&[]).stdout.contains("Up to date"));
}

#[test]
fn ignored_hidden_and_backup_files_are_skipped() {
    let archive = Archive::fixture("minimal");
    let broken = "+++\nthis is not toml\n+++\n";
    archive.write("content/briefings/.hidden.md", broken);
    archive.write("content/briefings/#autosave.md#", broken);
    archive.write("content/briefings/2023-10-20-doha.md~", broken);
    archive.write("content/briefings/.#lock.md", broken);
    archive.write("content/briefings/notes.txt", "not markdown");
    archive.write("content/briefings/private/secret.md", broken);
    archive.write("content/briefings/wip.md", broken);
    archive.write(".gitignore", "content/briefings/private/\n");
    archive.write("content/briefings/.ignore", "wip.md\n");
    let run = archive.build_ok(&[]);
    assert_contains!(run.stdout, "Built 3 briefings");
}

#[test]
fn byte_order_marks_and_crlf_line_endings_are_accepted() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/briefings/2023-12-03-windows.md",
        "\u{feff}+++\r\ntitle = \"Windows\"\r\ndate = 2023-12-03\r\nactors = [\"Zhai\"]\r\n+++\r\nWritten on *Windows*.\r\n",
    );
    archive.build_ok(&[]);
    assert!(archive
        .page("briefings/2023-12-03-windows/index.html")
        .contains("Written on <em>Windows</em>."));
}

#[test]
fn folders_under_briefings_do_not_appear_in_urls() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/briefings/2023/12/2023-12-04-nested.md",
        "+++\ntitle = \"Nested\"\ndate = 2023-12-04\n+++\n",
    );
    archive.write(
        "content/briefings/x.md",
        "+++\ntitle = \"Explicit\"\ndate = 2023-12-05\nslug = \"chosen-slug\"\n+++\n",
    );
    archive.build_ok(&[]);
    archive.page("briefings/2023-12-04-nested/index.html");
    archive.page("briefings/chosen-slug/index.html");
}

#[test]
fn a_theme_overrides_templates_and_static_files_one_by_one() {
    let archive = Archive::fixture("minimal");
    archive.configure("theme = \"house\"\n");
    archive.write(
        "themes/house/templates/briefing.html",
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"house\">{{ briefing.title }}</h1>{% endblock content %}",
    );
    archive.write("themes/house/static/style.css", "body { color: teal; }");
    archive.write(
        "themes/house/static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    archive.build_ok(&[]);
    assert!(archive
        .page("briefings/2023-10-20-doha/index.html")
        .contains("<h1 class=\"house\">Talks in Doha</h1>"));
    assert!(
        archive
            .page("actors/zhai-jun/index.html")
            .contains("appears-with"),
        "other templates stay built in"
    );
    assert_eq!(archive.page("style.css"), "body { color: teal; }");
    archive.page("img/logo.svg");
}

#[test]
fn a_briefings_own_tags_and_places_carry_no_count_that_other_briefings_change() {
    let archive = Archive::fixture("minimal");
    archive.configure("theme = \"house\"\n");
    archive.write(
        "themes/house/templates/briefing.html",
        "{% for t in briefing.tags %}<tag>{{ t | json_encode() | safe }}</tag>{% endfor %}{% for p in briefing.places %}<place>{{ p | json_encode() | safe }}</place>{% endfor %}",
    );
    archive.write(
        "themes/house/templates/tags.html",
        "{% for t in tags %}<tag>{{ t | json_encode() | safe }}</tag>{% endfor %}",
    );
    archive.build_ok(&[]);
    let page = archive.page("briefings/2023-10-20-doha/index.html");
    assert_contains!(
        page,
        "<tag>{\"name\":\"Ceasefire\",\"url\":\"tags/ceasefire/\"}</tag>"
    );
    assert_contains!(
        page,
        "<place>{\"name\":\"Doha\",\"url\":\"places/doha/\"}</place>"
    );
    // Adding a briefing with the same tag and place leaves the page as it was.
    archive.write(
        "content/briefings/2023-12-01-more.md",
        "+++\ntitle = \"More talks\"\ndate = 2023-12-01\ntags = [\"Ceasefire\"]\nplaces = [\"Doha\"]\n+++\nMore.\n",
    );
    archive.build_ok(&[]);
    assert_eq!(archive.page("briefings/2023-10-20-doha/index.html"), page);
    // The index of tags counts them.
    assert_contains!(
        archive.page("tags/index.html"),
        "<tag>{\"count\":3,\"name\":\"Ceasefire\",\"url\":\"tags/ceasefire/\"}</tag>"
    );
}

#[test]
fn a_briefings_list_entry_is_the_themes_entry_template_at_each_pages_depth() {
    let archive = Archive::fixture("minimal");
    archive.configure("theme = \"house\"\n");
    archive.write(
        "themes/house/templates/entry.html",
        "<li class=\"house\" data-root=\"{{ root }}\" lang=\"{{ lang }}\"><a href=\"{{ root }}{{ b.url }}\">{{ b.title }}</a> {{ t.briefings }}</li>\n",
    );
    archive.build_ok(&[]);
    // Every list of every page takes it, with the way back to the root of its own page.
    for (page, root) in [
        ("index.html", "./"),
        ("chronology/index.html", "../"),
        ("chronology/2023/index.html", "../../"),
        ("chronology/2023/10/index.html", "../../../"),
        ("tags/ceasefire/index.html", "../../"),
        ("actors/zhai-jun/index.html", "../../"),
    ] {
        let html = archive.page(page);
        let entry = format!(
            "<li class=\"house\" data-root=\"{root}\" lang=\"en\"><a href=\"{root}briefings/2023-10-20-doha/\">Talks in Doha</a> Briefings</li>"
        );
        assert_contains!(html, &entry);
        assert!(!html.contains("<li><span class=\"date\">"), "{page}");
    }
}

#[test]
fn a_theme_whose_lists_do_not_read_entries_makes_the_same_pages() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let built_in = archive.tree("public");
    // The lists as themes wrote them before entries were rendered once: every field is
    // still given, and nothing is rendered that no template reads.
    archive.configure("theme = \"own\"\n");
    let inline = include_str!("../themes/default/templates/macros.html").replace(
        "  {{ b.entry | safe }}",
        include_str!("../themes/default/templates/entry.html")
            .trim_end()
            .replace("<li>", "  <li>")
            .as_str(),
    );
    assert!(!inline.contains(".entry"), "the lists write every field");
    archive.write("themes/own/templates/macros.html", inline);
    archive.build_ok(&[]);
    let own = archive.tree("public");
    assert_eq!(
        built_in.keys().collect::<Vec<_>>(),
        own.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &built_in {
        if path.extension().is_some_and(|e| e == "html") {
            assert!(own[path] == *bytes, "{} differs", path.display());
        }
    }
}

#[test]
fn the_built_in_theme_needs_no_themes_folder() {
    let archive = Archive::fixture("minimal");
    assert!(!archive.root().join("themes").exists());
    archive.build_ok(&[]);
    assert!(archive.page("style.css").contains("@media print"));
}

#[test]
fn output_goes_where_config_or_the_command_line_says() {
    let archive = Archive::fixture("minimal");
    archive.configure("output_dir = \"site\"\n");
    archive.build_ok(&[]);
    assert!(archive.root().join("site/index.html").is_file());
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("out");
    archive.build_ok(&["--output", target.to_str().unwrap()]);
    assert!(target.join("index.html").is_file());
    let run = Archive::empty().run(&[
        "build",
        "--root",
        archive.root().to_str().unwrap(),
        "--output",
        target.to_str().unwrap(),
    ]);
    assert!(run.success, "--root builds another folder: {}", run.stderr);
}

#[test]
fn check_writes_nothing() {
    let archive = Archive::fixture("minimal");
    let run = archive.run(&["check"]);
    assert!(run.success, "{}", run.stderr);
    assert!(!archive.root().join("public").exists());
}

#[test]
fn the_sample_archive_builds_and_its_links_resolve() {
    let archive = Archive::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    archive.write("config.toml", fs::read(repo.join("config.toml")).unwrap());
    copy(&repo.join("content"), &archive.root().join("content"));
    let run = archive.build_ok(&[]);
    assert_contains!(run.stdout, "Built 5 briefings");
    let check = archive.run(&["check"]);
    assert!(
        check.success && check.stdout.contains("0 errors, 0 warnings"),
        "{}{}",
        check.stdout,
        check.stderr
    );

    let zhai = archive.page("envoys/zhai-jun/index.html");
    for counterpart in [
        "actors/usama/",
        "actors/mikhail-bogdanov/",
        "actors/mohammed-al-khulaifi/",
    ] {
        assert!(zhai.contains(counterpart), "Zhai Jun met {counterpart}");
    }
    for date in ["2023-10-10", "2023-10-11", "2023-10-20", "2023-11-06"] {
        assert!(
            zhai.contains(&format!("datetime=\"{date}\"")),
            "engagement of {date}"
        );
    }
    let usama = archive.page("actors/usama/index.html");
    assert!(usama.contains("Osama"), "Osama and Usama are one actor");
    assert!(archive
        .page("envoys/index.html")
        .contains("envoys/mikhail-bogdanov/"));
    assert!(archive
        .page("chronology/2024/index.html")
        .contains("datetime=\"2024-03-21\""));
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &to.join(entry.file_name()));
        } else {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}
