//! Full-text search: the index a build writes in shards (its manifest, documents, entities,
//! folded and non-Latin words, escaping), the search page and the header's search box, online
//! and offline, and the theme's client searching a real index under Node: ranking, paging,
//! sorting, filters, entities, why a result matched, words one edit away, and which shards a
//! query loads.

use std::path::Path;
use std::process::Command;

use crate::common::{links, Archive};
use serde_json::{json, Value};

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

/// The minimal fixture with 26 briefings about water over three years, every third naming
/// Zhai Jun, every other tagged "drought", and two holding words one letter apart: "talked" in
/// a title, "walked" in a text.
fn many() -> Archive {
    let archive = Archive::fixture("minimal");
    for n in 0..26 {
        let date = format!("{}-{:02}-{:02}", 2022 + n / 10, 1 + n % 10, 1 + n);
        let actors = if n % 3 == 0 { "\"zhai-jun\"" } else { "" };
        let tags = if n % 2 == 0 {
            "\"drought\""
        } else {
            "\"rivers\""
        };
        archive.write(
            &format!("content/briefings/{date}-water-{n}.md"),
            format!(
                "+++\ntitle = \"Water round {n}\"\ndate = {date}\nactors = [{actors}]\n\
                 tags = [{tags}]\n+++\nThe water talks went on.\n"
            ),
        );
    }
    archive
        .write(
            "content/briefings/2024-12-01-talked.md",
            "+++\ntitle = \"Talked through the night\"\ndate = 2024-12-01\n+++\nNo end.\n",
        )
        .write(
            "content/briefings/2021-01-01-walked.md",
            "+++\ntitle = \"No deal\"\ndate = 2021-01-01\n+++\nThey walked out.\n",
        );
    archive
}

/// The value a script of the index assigns: everything after " = ", without the ";".
fn assigned(script: &str) -> Value {
    let start = script.find(" = ").expect("the script assigns a value") + 3;
    let json = script[start..].trim_end().trim_end_matches(';');
    serde_json::from_str(json).expect("the index is JSON")
}

/// A built index, read back shard by shard.
struct Index<'a> {
    archive: &'a Archive,
    manifest: Value,
}

impl<'a> Index<'a> {
    fn read(archive: &'a Archive) -> Index<'a> {
        let manifest = assigned(&archive.page("search/index.js"));
        Index { archive, manifest }
    }

    fn shard(&self, kind: &str, number: usize) -> Value {
        let path = format!("search/{kind}/{number}.js");
        let script = self.archive.page(&path);
        let prefix = format!("window.DOSSIER_SEARCH_SHARDS[\"{kind}/{number}\"] = ");
        assert_contains!(script, prefix.as_str());
        assigned(&script)
    }

    /// Every shard of a kind, in order.
    fn all(&self, kind: &str) -> Vec<Value> {
        (0..)
            .map_while(|n| {
                let path = self
                    .archive
                    .root()
                    .join(format!("public/search/{kind}/{n}.js"));
                path.exists().then(|| self.shard(kind, n))
            })
            .collect()
    }

    fn docs(&self) -> Vec<Value> {
        self.all("d")
            .into_iter()
            .flat_map(|s| s.as_array().unwrap().clone())
            .collect()
    }

    fn entities(&self) -> Vec<Value> {
        self.all("e")
            .into_iter()
            .flat_map(|s| s.as_array().unwrap().clone())
            .collect()
    }

    /// Every word with its numbers: postings size, shard, slot, pieces, and its entities.
    fn dictionary(&self) -> Vec<(String, [u64; 4], Vec<u64>)> {
        let mut words = Vec::new();
        for shard in self.all("t") {
            let numbers = numbers(shard["meta"].as_str().unwrap());
            let mut at = 0;
            for term in shard["terms"].as_str().unwrap().split(' ') {
                let count = numbers[at + 4] as usize;
                let entities = numbers[at + 5..at + 5 + count].to_vec();
                let place = [
                    numbers[at],
                    numbers[at + 1],
                    numbers[at + 2],
                    numbers[at + 3],
                ];
                words.push((term.to_string(), place, entities));
                at += 5 + count;
            }
        }
        words
    }

    /// The briefings (by number) holding a word, with the field of each.
    fn postings(&self, token: &str) -> Vec<(u64, u64)> {
        let Some((_, [_, shard, slot, pieces], _)) =
            self.dictionary().into_iter().find(|(t, _, _)| t == token)
        else {
            return Vec::new();
        };
        let text: String = (0..pieces)
            .map(|k| {
                let lists = self.shard("p", (shard + k) as usize);
                let at = if k == 0 { slot } else { 0 };
                lists[at as usize].as_str().unwrap().to_string()
            })
            .collect();
        let mut doc = 0;
        numbers(&text)
            .into_iter()
            .map(|n| {
                doc += n / 4;
                (doc, n % 4)
            })
            .collect()
    }

    fn doc_number(&self, slug: &str) -> u64 {
        self.docs()
            .iter()
            .position(|d| d[0].as_str().unwrap().contains(slug))
            .unwrap_or_else(|| panic!("no document {slug}")) as u64
    }
}

/// The numbers of a list written in base-32 digits, each ending itself.
fn numbers(text: &str) -> Vec<u64> {
    const DIGITS: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    let (mut number, mut found) = (0, Vec::new());
    for c in text.chars() {
        let digit = DIGITS.find(c).expect("a digit") as u64;
        number = number * 32 + digit % 32;
        if digit < 32 {
            found.push(number);
            number = 0;
        }
    }
    found
}

#[test]
fn an_edited_briefing_is_indexed_again_as_a_build_from_nothing_would() {
    let archive = many();
    archive.build_ok(&[]);
    archive.write(
        "content/briefings/2022-01-01-water-0.md",
        "+++\ntitle = \"Water round 0\"\ndate = 2022-01-01\nactors = [\"zhai-jun\"]\n\
         tags = [\"drought\"]\n+++\nThe water talks went on.\n\nA heron watched the talks.\n",
    );
    archive.build_ok(&[]);
    let edited = archive.tree("public/search");
    let index = Index::read(&archive);
    let heron = index.postings("heron");
    assert_eq!(heron, [(index.doc_number("water-0"), 0)]);
    archive
        .remove(".dossier-cache")
        .remove("public")
        .build_ok(&[]);
    assert!(archive.tree("public/search") == edited);
}

#[test]
fn the_index_lists_every_briefing_with_its_date_and_snippet() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let index = Index::read(&archive);
    assert_eq!(index.manifest["version"], 2);
    assert_eq!(index.manifest["count"], 3);
    assert_eq!(index.manifest["shard"], "search/{kind}/{n}.js");
    assert_eq!(index.manifest["years"], json!([[2023, 0]]));
    let docs = index.docs();
    assert_eq!(docs.len(), 3);
    // Address, title, date, snippet, actors and tags by their number in their kind, and
    // what the briefing has attached (nothing here).
    assert_eq!(
        docs[0],
        json!([
            "briefings/2023-10-10-call-with-egypt/",
            "Zhai Jun calls Egypt",
            "2023-10-10",
            "A call about a ceasefire.",
            [3, 2],
            [0, 3],
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
        assert!(!index.postings(token).is_empty(), "{token} is missing");
    }
}

#[test]
fn actors_envoys_places_and_tags_are_entities_named_by_their_words() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let index = Index::read(&archive);
    assert_eq!(
        index.manifest["entities"]["kinds"],
        json!({"actor": [0, 4], "envoy": [4, 6], "place": [6, 9], "tag": [9, 13]})
    );
    let entities = index.entities();
    // Key, name, aliases, address, count of briefings, then where its briefings are listed.
    let head = |n: usize| Value::from(entities[n].as_array().unwrap()[..5].to_vec());
    assert_eq!(
        head(3),
        json!([
            "zhai-jun",
            "Zhai Jun",
            ["Zhai", "Special Envoy Zhai", "翟隽"],
            "actors/zhai-jun/",
            3
        ])
    );
    assert_eq!(entities[5][3], "envoys/zhai-jun/");
    assert_eq!(head(6)[3], "places/beijing/");
    assert_eq!(
        head(9),
        json!(["ceasefire", "Ceasefire", [], "tags/ceasefire/", 2])
    );
    // Each word of a name or alias lists the entities it names, those with most briefings
    // first.
    let dictionary = index.dictionary();
    let named = |word: &str| {
        dictionary
            .iter()
            .find(|(t, _, _)| t == word)
            .map(|(_, _, e)| e.clone())
            .unwrap_or_default()
    };
    assert_eq!(named("zhai"), [3, 5]);
    assert_eq!(named("osama"), [2]);
    assert_eq!(named("ceasefire"), [9]);
    assert_eq!(named("doha"), [8], "a place is found by its name");
    assert!(named("toured").is_empty());
}

#[test]
fn the_terms_are_sorted_as_javascript_compares_strings() {
    let archive = archive();
    archive.build_ok(&[]);
    let index = Index::read(&archive);
    let terms: Vec<String> = index.dictionary().into_iter().map(|(t, _, _)| t).collect();
    let utf16: Vec<Vec<u16>> = terms.iter().map(|t| t.encode_utf16().collect()).collect();
    assert!(utf16.windows(2).all(|w| w[0] < w[1]), "{terms:?}");
    assert_eq!(index.manifest["terms"][0], terms[0].as_str());
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
    let index = Index::read(&archive);
    let madrid = index.doc_number("2023-12-01-madrid");
    // 3: the word is an actor's (or the title's).
    assert_eq!(index.postings("jose"), [(madrid, 3)]);
    assert_eq!(index.postings("alvarez"), [(madrid, 3)]);
    assert!(index.postings("josé").is_empty());
    assert!(!index.dictionary().iter().any(|(t, _, _)| t == "Madrid"));
}

#[test]
fn chinese_names_and_text_are_found_by_pairs_of_characters() {
    let archive = archive();
    archive.build_ok(&[]);
    let index = Index::read(&archive);
    let beijing = index.doc_number("2023-12-02-beijing");
    // The alias (an actor's: 3) and the same pair in the body.
    assert_eq!(index.postings("王毅"), [(beijing, 3)]);
    assert_eq!(index.postings("会见"), [(beijing, 0)]);
    assert_eq!(index.postings("外交"), [(beijing, 0)]);
}

/// The minimal fixture with an Arabic briefing written with its vowels, another without them,
/// and a Russian one about a fir tree.
fn arabic_and_russian() -> Archive {
    let archive = Archive::fixture("minimal");
    archive
        .write(
            "content/briefings/2023-12-05-doha.md",
            "+++\ntitle = \"Talks in Doha\"\ndate = 2023-12-05\n+++\n\
             عُقِدَتِ المُفَاوَضَاتُ فِي الدَّوْحَةِ مَعَ المَبْعُوثِ إلى غزة.\n",
        )
        .write(
            "content/briefings/2023-12-06-cairo.md",
            "+++\ntitle = \"Talks in Cairo\"\ndate = 2023-12-06\n+++\n\
             اجتماع فى القاهره مع وزير الخارجيه المصري.\n",
        )
        .write(
            "content/briefings/2023-12-07-moscow.md",
            "+++\ntitle = \"A tree in Moscow\"\ndate = 2023-12-07\n+++\n\
             Ёлка стоит в Москве.\n",
        );
    archive
}

#[test]
fn arabic_and_russian_words_are_indexed_folded() {
    let archive = arabic_and_russian();
    archive.build_ok(&[]);
    let index = Index::read(&archive);
    let (doha, cairo) = (
        index.doc_number("2023-12-05-doha"),
        index.doc_number("2023-12-06-cairo"),
    );
    let moscow = index.doc_number("2023-12-07-moscow");
    assert_eq!(index.postings("المفاوضات"), [(doha, 0)]);
    assert_eq!(index.postings("الدوحه"), [(doha, 0)]);
    assert_eq!(index.postings("الي"), [(doha, 0)]);
    assert_eq!(index.postings("القاهره"), [(cairo, 0)]);
    assert_eq!(index.postings("في").len(), 2, "فِي and فى are one word");
    assert_eq!(index.postings("елка"), [(moscow, 0)]);
    assert!(index.postings("ёлка").is_empty());
}

#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Node; turn on with --features e2e"
)]
fn the_client_finds_arabic_without_its_vowels_and_russian_without_yo() {
    let archive = arabic_and_russian();
    let queries = [
        "المفاوضات في الدوحة",
        "الدوحه",
        "القاهرة",
        "القَاهِرَةُ",
        "وزير الخارجية",
        "Ёлка",
        "елка",
        "ЕЛКА",
    ];
    let found = built_and_searched(&archive, &queries);
    // Written with vowels, found without them; written without, found with them.
    assert_eq!(titles(&found[0]), ["Talks in Doha"]);
    assert_eq!(titles(&found[1]), ["Talks in Doha"]);
    assert_eq!(titles(&found[2]), ["Talks in Cairo"]);
    assert_eq!(titles(&found[3]), ["Talks in Cairo"]);
    assert_eq!(titles(&found[4]), ["Talks in Cairo"]);
    for found in &found[5..] {
        assert_eq!(titles(found), ["A tree in Moscow"]);
    }
}

#[test]
fn no_text_can_close_or_comment_out_an_index_script() {
    let archive = archive();
    archive.build_ok(&[]);
    for (path, bytes) in archive.tree("public/search") {
        let script = String::from_utf8(bytes).unwrap();
        if path.extension().is_some_and(|e| e == "js") {
            let name = path.display();
            assert!(
                !script.to_lowercase().contains("</script"),
                "{name}: {script}"
            );
            assert!(!script.contains("<!--") && !script.contains('&'), "{name}");
        }
    }
    let index = Index::read(&archive);
    let closing = index.doc_number("2023-12-04-closing") as usize;
    let docs = index.docs();
    assert_eq!(docs[closing][1], "Closing </script><!-- notes & more");
    // The snippet is the text, without its markup.
    assert_eq!(docs[closing][3], "A short text.");
}

#[test]
fn the_search_page_loads_the_manifest_and_the_client() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let page = archive.page("search/index.html");
    assert_contains!(
        page,
        r#"<form class="search-form" role="search" action="../search/" method="get">"#
    );
    assert!(page.contains(r#"name="q""#));
    assert_contains!(page, r#"<select id="search-sort" name="sort">"#);
    assert!(page.contains(r#"<script src="../search/index.js" defer></script>"#));
    assert!(page.contains(r#"<script src="../search.js" defer></script>"#));
    assert!(page.contains(r#"data-root="../""#));
    assert_contains!(page, r#"role="status" aria-live="polite""#);
    assert_contains!(
        page,
        r#"<nav id="search-pages" class="search-pages" aria-label="Result pages" hidden>"#
    );
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
    let index = Index::read(&archive);
    // The shards' addresses do not change offline; the pages' do.
    assert_eq!(index.manifest["shard"], "search/{kind}/{n}.js");
    assert_eq!(
        index.docs()[0][0],
        "briefings/2023-10-10-call-with-egypt/index.html"
    );
    assert_eq!(index.entities()[3][3], "actors/zhai-jun/index.html");
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

/// What the client found for each query (words, or a JSON object with `q`, `sort`, `page`
/// and `filters`). The client runs in Node, which .ci/run installs.
/// Builds `archive` and runs the search client on its site with `queries`.
fn built_and_searched(archive: &Archive, queries: &[&str]) -> Vec<Value> {
    archive.build_ok(&[]);
    client(&archive.root().join("public"), queries)
}

fn client(site: &Path, queries: &[&str]) -> Vec<Value> {
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search_client.js");
    node(Command::new("node").arg(driver).arg(site).args(queries))
}

/// What a Node script printed, as JSON.
fn node(command: &mut Command) -> Vec<Value> {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run node (the search client is tested in Node): {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    serde_json::from_slice(&output.stdout).expect("the script prints JSON")
}

fn titles(found: &Value) -> Vec<&str> {
    found["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect()
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Node; turn on with --features e2e"
)]
fn the_client_finds_ranks_and_marks_briefings() {
    let archive = archive();
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
    let found = built_and_searched(&archive, &queries);
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
    assert_eq!(found[2]["terms"], json!(["王毅"]));
    assert_eq!(
        titles(&found[2]),
        ["The foreign minister receives the envoy"]
    );
    assert_eq!(
        titles(&found[3]),
        ["The foreign minister receives the envoy"]
    );
    assert_eq!(found[2]["results"][0]["marked"], json!(["王毅"]));
    // A title (and place) match ranks above a match in the text only.
    assert_eq!(
        titles(&found[4]),
        ["Talks in Doha", "A review of the autumn"]
    );
    // The word is marked in the title and in the snippet ("Zhai met Bogdanov in Doha.").
    assert_eq!(found[4]["results"][0]["marked"], json!(["Doha", "Doha"]));
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
    assert_eq!(
        found[0]["entities"][0]["url"],
        "actors/jose-alvarez/index.html"
    );
}

#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Node; turn on with --features e2e"
)]
fn actors_envoys_and_tags_are_results_and_say_why_a_briefing_matched() {
    let archive = archive();
    let found = built_and_searched(
        &archive,
        &["zhai", "osama", "ceasefire", "special envoy", "zhai doha"],
    );
    // The actor and the envoy's dossier, each with its briefings; then the briefings, each
    // saying it matched through the actor.
    let entities = &found[0]["entities"];
    assert_eq!(entities[0]["kind"], "actor");
    assert_eq!(entities[0]["url"], "actors/zhai-jun/");
    assert_eq!(entities[0]["count"], 3);
    assert_eq!(entities[1]["kind"], "envoy");
    assert_eq!(entities[1]["url"], "envoys/zhai-jun/");
    assert_eq!(found[0]["total"], 3);
    for result in found[0]["results"].as_array().unwrap() {
        assert_eq!(strings(&result["why"]), ["via actor Zhai Jun"]);
    }
    // Through an alias, the alias is named.
    assert_eq!(found[1]["entities"][0]["alias"], "Osama");
    assert_eq!(
        strings(&found[1]["results"][0]["why"]),
        ["via actor Usama (alias ‘Osama’)"]
    );
    // A tag.
    assert_eq!(found[2]["entities"][0]["url"], "tags/ceasefire/");
    assert_eq!(strings(&found[2]["results"][0]["why"]), ["tag: Ceasefire"]);
    // Every word must be in one of the entity's names.
    assert_eq!(found[3]["entities"][0]["name"], "Zhai Jun");
    assert_eq!(found[3]["entities"][0]["alias"], "Special Envoy Zhai");
    // A briefing found by two words says which matched through an actor.
    assert_eq!(titles(&found[4]), ["Talks in Doha"]);
    assert_eq!(
        strings(&found[4]["results"][0]["why"]),
        ["via actor Zhai Jun"]
    );
    assert!(found[4]["entities"].as_array().unwrap().is_empty());
}

#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Node; turn on with --features e2e"
)]
fn results_are_paged_sorted_and_filtered() {
    let archive = many();
    let found = built_and_searched(
        &archive,
        &[
            "water",
            r#"{"q": "water", "page": 2}"#,
            r#"{"q": "water", "page": 9}"#,
            r#"{"q": "water", "sort": "date"}"#,
            r#"{"q": "water", "filters": [{"kind": "year", "key": "2023"}]}"#,
            r#"{"q": "water", "filters": [{"kind": "actor", "key": "zhai-jun"}, {"kind": "tag", "key": "drought"}]}"#,
            r#"{"q": "water", "filters": [{"kind": "actor", "key": "nobody"}]}"#,
        ],
    );
    // 26 results in pages of 20.
    assert_eq!(
        (&found[0]["total"], &found[0]["pages"]),
        (&json!(26), &json!(2))
    );
    assert_eq!(found[0]["results"].as_array().unwrap().len(), 20);
    assert_eq!(found[1]["page"], 2);
    let second = titles(&found[1]);
    assert_eq!(second.len(), 6);
    let mut all: Vec<&str> = titles(&found[0]);
    all.extend(&second);
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 26, "every result is on one page");
    // A page past the last shows the last.
    assert_eq!(found[2]["page"], 2);
    // Newest first.
    let dates: Vec<&str> = found[3]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["date"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert_eq!(dates[0], "2024-06-26");
    // Facets: every year, and the actors and tags of the results, with counts.
    let facets = &found[0]["facets"];
    assert_eq!(facets["years"], json!([[2024, 6], [2023, 10], [2022, 10]]));
    assert_eq!(
        facets["tags"][0],
        json!({"kind": "tag", "key": "drought", "name": "drought", "count": 13})
    );
    assert_eq!(facets["actors"][0]["key"], "zhai-jun");
    assert_eq!(facets["actors"][0]["count"], 9);
    assert_eq!(facets["counted"], 26);
    // Filters: a year; an actor and a tag together; an actor that does not exist.
    assert_eq!(found[4]["total"], 10);
    assert!(titles(&found[4])
        .iter()
        .all(|t| t.starts_with("Water round 1")));
    assert_eq!(found[5]["total"], 5, "rounds 0, 6, 12, 18 and 24");
    assert_eq!(strings(&found[5]["filters"]), ["Zhai Jun", "drought"]);
    assert_eq!(found[6]["total"], 0);
}

#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Node; turn on with --features e2e"
)]
fn a_long_word_also_finds_words_one_edit_away_below_exact_ones() {
    let archive = many();
    let found = built_and_searched(
        &archive,
        &[
            "bogdanof",
            "ogdanov",
            "bgodanov",
            "xbogdanov",
            "bogdanovv",
            "vogdanov",
            "walked",
            "doah",
        ],
    );
    // A letter changed, dropped, swapped or added, at the end or at the start.
    for (k, query) in [
        "bogdanof",
        "ogdanov",
        "bgodanov",
        "xbogdanov",
        "bogdanovv",
        "vogdanov",
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(titles(&found[k]), ["Talks in Doha"], "{query}");
        assert_eq!(
            found[k]["entities"][0]["name"], "Mikhail Bogdanov",
            "{query}"
        );
        assert_eq!(strings(&found[k]["marks"])[1], "bogdanov", "{query}");
    }
    // The word itself ranks above a word one letter away, even one in a title.
    assert_eq!(titles(&found[6]), ["No deal", "Talked through the night"]);
    // A word of four letters finds only itself.
    assert_eq!(found[7]["total"], 0);
}

#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Node; turn on with --features e2e"
)]
fn a_query_loads_only_the_shards_it_needs() {
    let archive = many();
    let found = built_and_searched(
        &archive,
        &["doha", r#"{"q": "water", "sort": "date"}"#, "bogdanof"],
    );
    // A short word: its dictionary shard, its postings, its one briefing's record, the facets
    // of that briefing's shard, and the entities of the facets.
    let mut loaded = strings(&found[0]["loaded"]);
    loaded.sort_unstable();
    assert_eq!(loaded, ["d/2", "e/0", "f/0", "p/0", "t/0"]);
    // Only the records of the page's results are read.
    let per = Index::read(&archive).manifest["docs"].as_u64().unwrap();
    let mut needed: Vec<String> = found[1]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("d/{}", r["doc"].as_u64().unwrap() / per))
        .collect();
    needed.dedup();
    let docs: Vec<&str> = strings(&found[1]["loaded"])
        .into_iter()
        .filter(|k| k.starts_with("d/"))
        .collect();
    assert_eq!(docs, needed);
    assert!(
        !docs.contains(&"d/3"),
        "the newest, a briefing without water"
    );
    // A long word also reads the words by what follows their first two letters.
    assert!(strings(&found[2]["loaded"]).contains(&"s/0"));
}

#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Node; turn on with --features e2e"
)]
fn the_client_cuts_words_as_the_build_does() {
    let texts = [
        "José Álvarez, Łódź STRAßE Øresund",
        "Al-Sisi met José, al-Sisi's aide, on 10.10.2023",
        "外交部长王毅说 Wang王毅 東京",
        "ΟΔΟΣ ﬁnal ＡＢＣ Ærø þing ıi",
        "かな カナ ｶﾅ 한국어 עברית العربية",
        "x1234567890123456789012345678901234567890 short",
        "e\u{301}te\u{301} 𝐀𝐁𝐂 ① ½",
        "المُفَاوَضَاتُ فِي الدَّوْحَةِ ٱلله مصطفى سـلام رئيس مؤتمر هٰذا",
        "Ёлка ЁЖИК Сергей Лавров",
    ];
    // The theme's client, without a site: its word cutter alone.
    let search_js = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search.js");
    let script = format!(
        "const c = require({search_js:?}); \
         console.log(JSON.stringify(process.argv.slice(1).map(c.indexTokens)));"
    );
    let cut = node(Command::new("node").arg("-e").arg(script).args(texts));
    for (text, js) in texts.iter().zip(cut) {
        assert_eq!(json!(dossier::steps::index_tokens(text)), js, "{text}");
    }
}

/// Each language of an archive has its own index: the Chinese one finds the Chinese version
/// of a briefing by its Chinese words, the Arabic one the Arabic version by an Arabic word
/// written without its vowels, and each lists a briefing with no translation in its original.
#[test]
#[cfg_attr(
    not(feature = "e2e"),
    ignore = "needs Node; turn on with --features e2e"
)]
fn each_language_searches_its_own_index() {
    let archive = Archive::fixture("languages");
    archive.build_ok(&[]);
    let public = archive.root().join("public");
    let zh = client(&public.join("zh"), &["停火", "翟隽", "region"]);
    assert_eq!(titles(&zh[0]), ["翟隽与埃及通电话"]);
    assert!(
        titles(&zh[1]).contains(&"翟隽与埃及通电话"),
        "{:?}",
        titles(&zh[1])
    );
    assert_eq!(titles(&zh[2]), ["A tour of the region"]);
    let ar = client(&public.join("ar"), &["الدوحه", "يتصل"]);
    assert_eq!(titles(&ar[0]), ["محادثات في الدوحة"]);
    assert_eq!(titles(&ar[1]), ["تشاي جيون يتصل بمصر"]);
    let en = client(&public, &["停火", "Doha"]);
    assert!(titles(&en[0]).is_empty(), "{:?}", titles(&en[0]));
    assert_eq!(titles(&en[1]), ["Talks in Doha"]);
}
