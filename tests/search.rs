//! Full-text search: the index script a build writes (its documents, folded and non-Latin
//! words, escaping), the search page and the header's search box, online and offline, and the
//! theme's client searching a real index under Node.

use std::path::Path;
use std::process::Command;

use crate::common::{links, Archive};
use serde_json::Value;

const PREFIX: &str = "window.DOSSIER_SEARCH = ";

/// The minimal fixture with a Spanish and a Chinese name, a briefing that names Doha only in
/// its text, and a title that tries to close the script.
fn archive() -> Archive {
    let archive = Archive::fixture("minimal");
    archive
        .write(
            "content/actors/jose-alvarez.md",
            "+++\nname = \"José Álvarez\"\ncountry = \"Spain\"\n+++\n",
        )
        .write(
            "content/actors/wang-yi.md",
            "+++\nname = \"Wang Yi\"\naliases = [\"王毅\"]\ncountry = \"China\"\n+++\n",
        )
        .write(
            "content/briefings/2023-12-01-madrid/index.md",
            "+++\ntitle = \"Talks in Madrid\"\ndate = 2023-12-01\nactors = [\"jose-alvarez\"]\n\
             places = [\"Madrid\"]\n+++\nThe ministers met for an hour.\n",
        )
        .write(
            "content/briefings/2023-12-01-madrid/statement.pdf",
            "%PDF-1.4\n",
        )
        .write(
            "content/briefings/2023-12-02-beijing.md",
            "+++\ntitle = \"The foreign minister receives the envoy\"\ndate = 2023-12-02\n\
             actors = [\"wang-yi\"]\n+++\n外交部长王毅会见了特使。\n",
        )
        .write(
            "content/briefings/2023-12-03-review.md",
            "+++\ntitle = \"A review of the autumn\"\ndate = 2023-12-03\n+++\n\
             The meetings in Doha were recalled.\n",
        )
        .write(
            "content/briefings/2023-12-04-closing.md",
            "+++\ntitle = \"Closing </script><!-- notes & more\"\ndate = 2023-12-04\n+++\n\
             A <b>short</b> text.\n",
        );
    archive
}

/// The value `search/index.js` assigns, parsed.
fn index(archive: &Archive) -> Value {
    let script = archive.page("search/index.js");
    let start = script.find(PREFIX).expect("the script assigns the global") + PREFIX.len();
    let json = script[start..].trim_end().trim_end_matches(';');
    serde_json::from_str(json).expect("the index is JSON")
}

/// The briefings (by index) holding a token, with the field of each, decoded from the
/// posting list's base-32 digits.
fn postings(index: &Value, token: &str) -> Vec<(u64, u64)> {
    const DIGITS: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    let terms: Vec<&str> = index["terms"].as_str().unwrap().split(' ').collect();
    let Some(at) = terms.iter().position(|t| *t == token) else {
        return Vec::new();
    };
    let (mut doc, mut number, mut found) = (0, 0, Vec::new());
    for c in index["postings"][at].as_str().unwrap().chars() {
        let digit = DIGITS.find(c).expect("a digit") as u64;
        number = number * 32 + digit % 32;
        if digit < 32 {
            doc += number / 4;
            found.push((doc, number % 4));
            number = 0;
        }
    }
    found
}

fn doc_index(index: &Value, slug: &str) -> u64 {
    index["docs"]
        .as_array()
        .unwrap()
        .iter()
        .position(|d| d[0].as_str().unwrap().contains(slug))
        .unwrap_or_else(|| panic!("no document {slug}")) as u64
}

#[test]
fn the_index_lists_every_briefing_with_its_date_and_snippet() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let index = index(&archive);
    assert_eq!(index["version"], 1);
    let docs = index["docs"].as_array().unwrap();
    assert_eq!(docs.len(), 3);
    assert_eq!(
        docs[0],
        serde_json::json!([
            "briefings/2023-10-10-call-with-egypt/",
            "Zhai Jun calls Egypt",
            "2023-10-10",
            "A call about a ceasefire.",
            ""
        ])
    );
    // Without a summary, the snippet is the start of the text, headings included.
    assert_eq!(docs[2][3], "On the road The envoy toured the region.");
    // The actors' names and aliases, tags, places and body words are all there.
    for token in [
        "zhai",
        "翟隽",
        "usama",
        "osama",
        "ceasefire",
        "cairo",
        "toured",
        "humanitarian",
    ] {
        assert!(!postings(&index, token).is_empty(), "{token} is missing");
    }
}

#[test]
fn the_terms_are_sorted_as_javascript_compares_strings() {
    let archive = archive();
    archive.build_ok(&[]);
    let index = index(&archive);
    let terms: Vec<&str> = index["terms"].as_str().unwrap().split(' ').collect();
    let utf16: Vec<Vec<u16>> = terms.iter().map(|t| t.encode_utf16().collect()).collect();
    assert!(utf16.windows(2).all(|w| w[0] < w[1]), "{terms:?}");
    assert_eq!(terms.len(), index["postings"].as_array().unwrap().len());
}

#[test]
fn accents_and_case_are_folded() {
    assert_eq!(dossier::steps::fold("José Álvarez"), "jose alvarez");
    assert_eq!(
        dossier::steps::index_tokens("JOSÉ Álvarez, Łódź"),
        ["jose", "alvarez", "lodz"]
    );
    let archive = archive();
    archive.build_ok(&[]);
    let index = index(&archive);
    let madrid = doc_index(&index, "2023-12-01-madrid");
    // 3: the word is an actor's (or the title's).
    assert_eq!(postings(&index, "jose"), [(madrid, 3)]);
    assert_eq!(postings(&index, "alvarez"), [(madrid, 3)]);
    assert!(postings(&index, "josé").is_empty());
    assert!(!index["terms"].as_str().unwrap().contains("Madrid"));
}

#[test]
fn chinese_names_and_text_are_found_by_pairs_of_characters() {
    let archive = archive();
    archive.build_ok(&[]);
    let index = index(&archive);
    let beijing = doc_index(&index, "2023-12-02-beijing");
    // The alias (an actor's: 3) and the same pair in the body.
    assert_eq!(postings(&index, "王毅"), [(beijing, 3)]);
    assert_eq!(postings(&index, "会见"), [(beijing, 0)]);
    assert_eq!(postings(&index, "外交"), [(beijing, 0)]);
}

#[test]
fn no_text_can_close_or_comment_out_the_index_script() {
    let archive = archive();
    archive.build_ok(&[]);
    let script = archive.page("search/index.js");
    let lower = script.to_lowercase();
    assert!(!lower.contains("</script"), "{script}");
    assert!(!script.contains("<!--"));
    assert!(!script.contains('&'));
    assert!(script.contains("Closing \\u003c/script\\u003e\\u003c!-- notes \\u0026 more"));
    let index = index(&archive);
    let closing = doc_index(&index, "2023-12-04-closing");
    assert_eq!(
        index["docs"][closing as usize][1],
        "Closing </script><!-- notes & more"
    );
    // The snippet is the text, without its markup.
    assert_eq!(index["docs"][closing as usize][3], "A short text.");
}

#[test]
fn the_search_page_loads_the_index_and_the_client() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let page = archive.page("search/index.html");
    assert_contains!(
        page,
        r#"<form class="search-form" role="search" action="../search/" method="get">"#
    );
    assert!(page.contains(r#"name="q""#));
    assert!(page.contains(r#"<script src="../search/index.js" defer></script>"#));
    assert!(page.contains(r#"<script src="../search.js" defer></script>"#));
    assert!(page.contains(r#"data-root="../""#));
    assert!(!page.contains("<script>"), "no inline script");
    // Without JavaScript the page says so and offers the other ways in.
    assert!(page.contains("Search needs JavaScript"));
    let hrefs = links(&page);
    for way in ["../chronology/", "../tags/", "../actors/"] {
        assert!(hrefs.iter().any(|h| h == way), "missing {way} in {hrefs:?}");
    }
    // The page has its own box, not the header's.
    assert!(!page.contains("site-search"));
    archive.page("search.js");
}

#[test]
fn every_page_has_a_search_box_in_its_header() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    for (page, action) in [
        ("index.html", "./search/"),
        ("briefings/2023-10-20-doha/index.html", "../../search/"),
        ("tags/index.html", "../search/"),
    ] {
        let html = archive.page(page);
        let form =
            format!(r#"<form class="site-search" role="search" action="{action}" method="get">"#);
        assert!(html.contains(&form), "{page}: {html}");
        assert!(html.contains(r#"<input id="site-search-q" type="search" name="q""#));
    }
}

#[test]
fn offline_search_links_name_index_html() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&["--offline"]);
    let page = archive.page("search/index.html");
    assert_contains!(page, r#"action="../search/index.html""#);
    let home = archive.page("index.html");
    assert_contains!(home, r#"action="./search/index.html""#);
    let index = index(&archive);
    assert_eq!(
        index["docs"][0][0],
        "briefings/2023-10-10-call-with-egypt/index.html"
    );
    let check = archive.run(&["check", "--offline"]);
    assert!(check.success, "{}\n{}", check.stdout, check.stderr);
}

#[test]
fn check_passes_with_the_search_page() {
    let archive = archive();
    archive.build_ok(&[]);
    let check = archive.run(&["check"]);
    assert!(check.success, "{}\n{}", check.stdout, check.stderr);
    assert_contains!(check.stdout, "0 errors");
}

/// What the client found for each query. The client runs in Node, which .ci/run installs.
fn client(site: &Path, queries: &[&str]) -> Vec<Value> {
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search_client.js");
    let output = Command::new("node")
        .arg(driver)
        .arg(site)
        .args(queries)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node (the search client is tested in Node): {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    serde_json::from_slice(&output.stdout).expect("the driver prints JSON")
}

fn titles(found: &Value) -> Vec<&str> {
    found["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect()
}

#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Node; turn on with --features e2e"
)]
fn the_client_finds_ranks_and_marks_briefings() {
    let archive = archive();
    archive.build_ok(&[]);
    let queries = [
        "jose",
        "JOSÉ Álvarez",
        "王毅",
        "毅",
        "doha",
        "zhai doha",
        "nothing-like-this",
        "",
        "</script>",
    ];
    let found = client(&archive.root().join("public"), &queries);
    // Accents and case fold both ways.
    assert_eq!(titles(&found[0]), ["Talks in Madrid"]);
    assert_eq!(titles(&found[1]), ["Talks in Madrid"]);
    assert_eq!(found[0]["results"][0]["date"], "2023-12-01");
    // A result says what its briefing has attached; one without files says nothing.
    assert_eq!(found[0]["results"][0]["files"], "PDF attached");
    assert_eq!(found[2]["results"][0]["files"], "");
    assert_eq!(
        found[0]["results"][0]["url"],
        "briefings/2023-12-01-madrid/"
    );
    // Chinese: the name, and one character of it.
    assert_eq!(found[2]["terms"], serde_json::json!(["王毅"]));
    assert_eq!(
        titles(&found[2]),
        ["The foreign minister receives the envoy"]
    );
    assert_eq!(
        titles(&found[3]),
        ["The foreign minister receives the envoy"]
    );
    assert_eq!(
        found[2]["results"][0]["marked"],
        serde_json::json!(["王毅"])
    );
    // A title (and place) match ranks above a match in the text only.
    assert_eq!(
        titles(&found[4]),
        ["Talks in Doha", "A review of the autumn"]
    );
    // The word is marked in the title and in the snippet ("Zhai met Bogdanov in Doha.").
    assert_eq!(
        found[4]["results"][0]["marked"],
        serde_json::json!(["Doha", "Doha"])
    );
    // Every word must match.
    assert_eq!(titles(&found[5]), ["Talks in Doha"]);
    // Nothing found, and nothing asked.
    assert_eq!(found[6]["total"], 0);
    assert_eq!(found[7]["total"], 0);
    // Markup in a query is only words.
    assert_eq!(titles(&found[8]), ["Closing </script><!-- notes & more"]);
}

#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Node; turn on with --features e2e"
)]
fn the_client_reads_an_offline_index() {
    let archive = archive();
    archive.build_ok(&["--offline"]);
    let found = client(&archive.root().join("public"), &["alvarez"]);
    assert_eq!(
        found[0]["results"][0]["url"],
        "briefings/2023-12-01-madrid/index.html"
    );
}
