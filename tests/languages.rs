//! The interface in the six UN languages: an archive with `language = "zh"` or `"ar"` shows no
//! English word of the theme, writes its dates in its language and, in Arabic, right to left;
//! a theme's own words file with a misspelled key fails, naming the file, line and closest key.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::common::Archive;

/// The minimal archive built with the pages in `language`.
fn built_in(language: &str) -> Archive {
    let archive = Archive::fixture("minimal");
    archive.configure(&format!("language = \"{language}\"\n"));
    archive.build_ok(&[]);
    archive
}

/// The plain words of a words file of the built-in theme (each form of a word with plural
/// forms), by key.
fn words(tag: &str) -> BTreeMap<String, Vec<String>> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("themes/default/i18n/{tag}.toml"));
    let table: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    table
        .into_iter()
        .map(|(key, value)| {
            let forms = match value {
                toml::Value::String(text) => vec![text],
                toml::Value::Table(forms) => forms
                    .into_iter()
                    .filter_map(|(_, v)| v.as_str().map(String::from))
                    .collect(),
                _ => Vec::new(),
            };
            (key, forms)
        })
        .collect()
}

/// What a page shows of the interface: its text and the attributes people read (aria-label,
/// title, placeholder, alt), without the archive's own texts (the bodies, summaries and leads
/// of briefings, the roles of actors) and without the figures, whose words are localized apart.
fn interface_text(html: &str) -> String {
    let mut html = html.to_string();
    for (open, close) in [
        ("<div class=\"body\">", "</div>"),
        ("<figure class=\"chart\">", "</figure>"),
        ("<svg", "</svg>"),
        ("<p class=\"summary\">", "</p>"),
        ("<p class=\"lead\">", "</p>"),
        ("<span class=\"role\">", "</span>"),
        ("<script", "</script>"),
    ] {
        while let Some(start) = html.find(open) {
            let end = html[start..]
                .find(close)
                .map_or(html.len(), |e| start + e + close.len());
            html.replace_range(start..end, " ");
        }
    }
    let mut text = String::new();
    let mut rest = html.as_str();
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        text.push(' ');
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        for attribute in ["aria-label=\"", "title=\"", "placeholder=\"", "alt=\""] {
            if let Some(at) = tag.find(attribute) {
                let value = &tag[at + attribute.len()..];
                text.push_str(value.split('"').next().unwrap_or(""));
                text.push(' ');
            }
        }
        rest = &rest[end..];
    }
    text.push_str(rest);
    text
}

/// The English phrases of the interface that the language `tag` writes otherwise: the pieces
/// of each English word between its `{placeholders}`, long enough (six letters) not to be
/// found by chance in the archive's own names and roles.
fn english_phrases(tag: &str) -> Vec<String> {
    let (english, other) = (words("en"), words(tag));
    let settings = [
        "locale",
        "direction",
        "language_name",
        "date",
        "date_short",
        "month",
        "month_short",
    ];
    let mut phrases = Vec::new();
    for (key, forms) in english {
        if settings.contains(&key.as_str()) || other.get(&key) == Some(&forms) {
            continue;
        }
        for form in forms {
            for piece in form.split(['{', '}']).step_by(2) {
                let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
                if piece.chars().filter(|c| c.is_alphabetic()).count() >= 6
                    && !other.values().flatten().any(|w| w.contains(piece))
                {
                    phrases.push(piece.to_string());
                }
            }
        }
    }
    phrases.sort();
    phrases.dedup();
    phrases
}

/// Fails naming each page and English phrase of the interface it shows.
fn assert_no_english(archive: &Archive, tag: &str) {
    assert_no_english_in(archive, tag, "public");
}

/// [`assert_no_english`] for the pages under `folder` of the archive.
fn assert_no_english_in(archive: &Archive, tag: &str, folder: &str) {
    let phrases = english_phrases(tag);
    assert!(phrases.contains(&"Chronology".to_string()), "{phrases:?}");
    let mut found = Vec::new();
    for (path, bytes) in archive.tree(folder) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        // The archive's own description, which the footer repeats, is not the theme's; what
        // is written in English (an untranslated briefing's title, summary and text) is the
        // archive's, not the interface's.
        let html = strip_other_languages(&String::from_utf8_lossy(&bytes));
        let text =
            interface_text(&html).replace("Three briefings and four actors for the tests.", " ");
        for phrase in &phrases {
            if text.contains(phrase.as_str()) {
                found.push(format!("{folder}/{}: {phrase:?}", path.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English in the {tag} pages:\n{}",
        found.join("\n")
    );
}

#[test]
fn chinese_pages_show_no_english_interface_word_and_write_dates_in_chinese() {
    let archive = built_in("zh");
    assert_no_english(&archive, "zh");
    let home = archive.page("index.html");
    assert_contains!(home, "<html lang=\"zh\" dir=\"ltr\">");
    assert_contains!(home, "2023年10月10日");
    assert_contains!(home, "3 篇简报");
    assert_contains!(archive.page("chronology/index.html"), "2023年10月");
}

#[test]
fn arabic_pages_are_right_to_left_with_arabic_words_and_month_names() {
    let archive = built_in("ar");
    assert_no_english(&archive, "ar");
    let home = archive.page("index.html");
    assert_contains!(home, "<html lang=\"ar\" dir=\"rtl\">");
    assert_contains!(home, "أكتوبر");
    assert_contains!(home, "3 إحاطات");
    assert_contains!(archive.page("404.html"), "<html lang=\"ar\" dir=\"rtl\">");
    let search = archive.page("search/index.html");
    assert_contains!(search, "data-words=");
    assert_contains!(search, "search_found");
}

#[test]
fn russian_counts_take_their_plural_forms() {
    let archive = Archive::fixture("minimal");
    archive.configure("language = \"ru\"\n");
    for i in 0..2 {
        archive.write(
            &format!("content/briefings/2023-10-2{i}-more.md"),
            format!(
                "+++\ntitle = \"More {i}\"\ndate = 2023-10-2{i}\ntags = [\"lone\"]\n+++\nText.\n"
            ),
        );
    }
    archive.build_ok(&[]);
    assert_contains!(archive.page("index.html"), "5 брифингов");
    assert_contains!(archive.page("index.html"), "октября 2023");
    let tags = words("ru");
    assert_eq!(tags["briefings_count"].len(), 4, "one, few, many, other");
    let chronology = archive.page("chronology/index.html");
    assert_contains!(chronology, "Октябрь 2023");
    assert_contains!(archive.page("tags/lone/index.html"), "2 брифинга");
}

#[test]
fn a_theme_words_file_with_a_misspelled_key_names_its_file_line_and_closest_key() {
    let archive = Archive::fixture("minimal");
    archive.configure("theme = \"house\"\nlanguage = \"fr\"\n");
    archive.write(
        "themes/house/i18n/fr.toml",
        "chronology = \"Chronologie\"\nchronolgy = \"Chronologie\"\n",
    );
    let run = archive.run(&["build"]);
    assert!(!run.success, "{}", run.stdout);
    assert_contains!(run.stderr, "fr.toml");
    assert_contains!(run.stderr, "'chronolgy' is not a word of the theme");
    assert_contains!(run.stderr, "did you mean 'chronology'");
    assert_contains!(run.stderr, ":2");
}

#[test]
fn a_template_asking_for_a_word_english_lacks_fails_naming_it() {
    let archive = Archive::fixture("minimal");
    archive.configure("theme = \"house\"\n");
    archive.write(
        "themes/house/templates/tags.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ t.tagz }}</h1>{% endblock content %}",
    );
    let run = archive.run(&["build"]);
    assert!(!run.success, "{}", run.stdout);
    assert_contains!(run.stderr, "tags.html");
    assert_contains!(run.stderr, "t.tagz");
}

/// The three-language fixture (English by default, Chinese and Arabic), built.
fn three_languages() -> Archive {
    let archive = Archive::fixture("languages");
    archive.build_ok(&[]);
    archive
}

/// The `hreflang` links of a page's `<head>`: language → address.
fn hreflang_links(html: &str) -> BTreeMap<String, String> {
    let head = &html[..html.find("</head>").unwrap_or(html.len())];
    head.split("<link rel=\"alternate\" hreflang=\"")
        .skip(1)
        .map(|rest| {
            let tag = rest.split('"').next().unwrap().to_string();
            let href = rest
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            (tag, href.to_string())
        })
        .collect()
}

#[test]
fn translations_are_linked_both_ways_from_every_page() {
    let archive = three_languages();
    let base = "https://example.org/archive/";
    let mut pages = 0;
    for (path, bytes) in archive.tree("public") {
        let name = path.to_string_lossy().into_owned();
        if !name.ends_with(".html") || name.ends_with("404.html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let links = hreflang_links(&html);
        // The lists of what texts say (briefings naming an actor, linking a briefing) stand
        // for their actor's or briefing's page.
        if name.contains("/mentions/") || name.contains("/references/") {
            continue;
        }
        pages += 1;
        let own = format!("{base}{}", name.trim_end_matches("index.html"));
        let keys: Vec<&str> = links.keys().map(String::as_str).collect();
        assert_eq!(keys, ["ar", "en", "x-default", "zh"], "{name}");
        assert_eq!(links["x-default"], links["en"], "{name}");
        assert!(
            links.values().any(|href| *href == own),
            "{name} is not among its own alternates {links:?}"
        );
        for href in links.values() {
            // Each alternate is a page of the site, and it names this page back.
            let target = href.strip_prefix(base).unwrap();
            let file = format!("{target}index.html");
            let other = archive.page(&file);
            assert_eq!(hreflang_links(&other), links, "{name} → {file}");
        }
    }
    assert!(pages > 60, "{pages} pages");
}

#[test]
fn each_language_has_its_own_pages_in_its_own_words() {
    let archive = three_languages();
    let en = archive.page("briefings/2023-10-10-call-with-egypt/index.html");
    let zh = archive.page("zh/briefings/2023-10-10-call-with-egypt/index.html");
    let ar = archive.page("ar/briefings/2023-10-10-call-with-egypt/index.html");
    assert_contains!(en, "<html lang=\"en\" dir=\"ltr\">");
    assert_contains!(zh, "<html lang=\"zh\" dir=\"ltr\">");
    assert_contains!(ar, "<html lang=\"ar\" dir=\"rtl\">");
    assert_contains!(en, "<h1>Zhai Jun calls Egypt</h1>");
    assert_contains!(zh, "<h1>翟隽与埃及通电话</h1>");
    assert_contains!(ar, "<h1>تشاي جيون يتصل بمصر</h1>");
    // Names in the page's language; the language switcher names each language in itself.
    assert_contains!(zh, ">翟隽</a>");
    assert_contains!(ar, ">تشاي جيون</a>");
    assert_contains!(zh, ">停火</a>");
    assert_contains!(zh, "2023年10月10日");
    assert_contains!(ar, "أكتوبر");
    assert_contains!(en, "<a href=\"../../zh/briefings/2023-10-10-call-with-egypt/\" hreflang=\"zh\" lang=\"zh\">中文</a>");
    assert_contains!(zh, "<a href=\"../../../ar/briefings/2023-10-10-call-with-egypt/\" hreflang=\"ar\" lang=\"ar\">العربية</a>");
    assert_contains!(ar, "<a href=\"../../../briefings/2023-10-10-call-with-egypt/\" hreflang=\"en\" lang=\"en\">English</a>");
    // A briefing without a Chinese translation shows its original, marked as English.
    let tour = archive.page("zh/briefings/2023-11-06-tour/index.html");
    assert_contains!(
        tour,
        "<h1 lang=\"en\" dir=\"ltr\">A tour of the region</h1>"
    );
    assert_contains!(tour, "<div class=\"body\" lang=\"en\" dir=\"ltr\">");
    assert_contains!(tour, "class=\"note in-original\"");
    assert_contains!(tour, "class=\"untranslated\"");
    // The site's title in each language, and the feeds and search of each.
    assert_contains!(archive.page("zh/index.html"), "<title>三种语言</title>");
    assert_contains!(archive.page("ar/index.html"), "<title>ثلاث لغات</title>");
    for language in ["zh/", "ar/"] {
        for file in [
            "feed.xml",
            "calendar.ics",
            "search/index.js",
            "sitemap.xml",
            "style.css",
        ] {
            assert!(
                archive
                    .root()
                    .join("public")
                    .join(language)
                    .join(file)
                    .is_file(),
                "{language}{file}"
            );
        }
        assert!(!archive
            .root()
            .join("public")
            .join(language)
            .join("404.html")
            .exists());
        assert!(!archive
            .root()
            .join("public")
            .join(language)
            .join("robots.txt")
            .exists());
    }
    for (tag, folder) in [("zh", "zh/"), ("ar", "ar/")] {
        let mut pages = 0;
        for (path, bytes) in archive.tree(&format!("public/{folder}")) {
            if path.extension().is_some_and(|e| e == "html") {
                pages += 1;
                let html = String::from_utf8(bytes).unwrap();
                let opening = format!("<html lang=\"{tag}\"");
                assert_contains!(html, opening.as_str());
            }
        }
        assert!(pages > 25, "{pages} pages in {folder}");
    }
}

#[test]
fn chinese_and_arabic_pages_of_a_three_language_archive_show_no_english_interface_word() {
    let archive = three_languages();
    for tag in ["zh", "ar"] {
        assert_no_english_in(&archive, tag, &format!("public/{tag}"));
    }
}

/// `html` without the elements marked as written in English.
fn strip_other_languages(html: &str) -> String {
    let mut out = html.to_string();
    while let Some(at) = out.find(" lang=\"en\"") {
        let start = out[..at].rfind('<').unwrap();
        let name: String = out[start + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let close = format!("</{name}>");
        let end = out[at..]
            .find(&close)
            .map_or(out.len(), |e| at + e + close.len());
        out.replace_range(start..end, " ");
    }
    out
}

#[test]
fn a_translation_is_the_same_event_in_every_list() {
    let archive = three_languages();
    let count = |text: &str, needle: &str| text.matches(needle).count();
    for folder in ["", "zh/", "ar/"] {
        let calendar = archive.page(&format!("{folder}calendar.ics"));
        assert_eq!(count(&calendar, "BEGIN:VEVENT"), 3, "{folder}calendar.ics");
        let chronology = archive.page(&format!("{folder}chronology/index.html"));
        assert_eq!(
            count(&chronology, "<li><span class=\"date\">"),
            3,
            "{folder}chronology"
        );
    }
    let calendar = archive.page("zh/calendar.ics");
    assert_contains!(calendar, "翟隽与埃及通电话");
    assert!(!calendar.contains("Zhai Jun calls Egypt"), "{calendar}");
    let itinerary = archive.page("ar/envoys/zhai-jun/index.html");
    assert_contains!(itinerary, "محادثات في الدوحة");
    assert_contains!(itinerary, ">الدوحة<");
    let sitemap = archive.page("zh/sitemap.xml");
    assert_contains!(
        sitemap,
        "<xhtml:link rel=\"alternate\" hreflang=\"ar\" href=\"https://example.org/archive/ar/briefings/2023-10-20-doha/\"/>"
    );
    let robots = archive.page("robots.txt");
    assert_contains!(
        robots,
        "Sitemap: https://example.org/archive/zh/sitemap.xml"
    );
    assert_contains!(
        robots,
        "Sitemap: https://example.org/archive/ar/sitemap.xml"
    );
}

#[test]
fn an_archive_of_one_language_has_no_switcher_and_no_other_folder() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let home = archive.page("index.html");
    assert!(!home.contains("hreflang"), "{home}");
    assert!(!home.contains("class=\"languages\""), "{home}");
    assert!(!archive.page("sitemap.xml").contains("xhtml"));
    assert_eq!(archive.page("robots.txt").matches("Sitemap:").count(), 1);
}

#[test]
fn bad_translations_are_refused_at_their_line() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "unknown original",
            "+++\ntitle = \"X\"\nlanguage = \"zh\"\ntranslation_of = \"2023-10-10-call-with-egpyt\"\n+++\n",
            ":4:",
            "did you mean '2023-10-10-call-with-egypt'",
        ),
        (
            "second translation into one language",
            "+++\ntitle = \"再译\"\nlanguage = \"zh\"\ntranslation_of = \"2023-10-10-call-with-egypt\"\n+++\n",
            "has two translations into zh",
            "keep one translation per language",
        ),
        (
            "undeclared language",
            "+++\ntitle = \"X\"\nlanguage = \"fr\"\ntranslation_of = \"2023-11-06-tour\"\n+++\n",
            "the language 'fr' is not one config.toml declares",
            "[languages.fr]",
        ),
        (
            "a date of its own",
            "+++\ntitle = \"X\"\ndate = 2023-10-12\nlanguage = \"zh\"\ntranslation_of = \"2023-11-06-tour\"\n+++\n",
            "a translation takes its date from its original",
            ":3:",
        ),
        (
            "translation of a translation",
            "+++\ntitle = \"X\"\nlanguage = \"zh\"\ntranslation_of = \"2023-10-20-doha-ar\"\n+++\n",
            "is itself a translation",
            "translation_of = \"2023-10-20-doha\"",
        ),
        (
            "itself",
            "+++\ntitle = \"X\"\nlanguage = \"zh\"\ntranslation_of = \"bad\"\n+++\n",
            "a briefing cannot translate itself",
            ":4:",
        ),
        (
            "an empty language",
            "+++\ntitle = \"X\"\nlanguage = \"\"\ndate = 2023-10-01\n+++\n",
            "the language is empty",
            "en, ar, zh",
        ),
        (
            "the original's language",
            "+++\ntitle = \"X\"\ntranslation_of = \"2023-11-06-tour\"\n+++\n",
            "the language of its original",
            "language = ",
        ),
    ];
    for (what, text, first, second) in cases {
        let archive = Archive::fixture("languages");
        archive.build_ok(&[]);
        let before = archive.tree("public");
        archive.write("content/briefings/bad.md", text);
        let run = archive.run(&["build"]);
        assert!(!run.success, "{what}: {}", run.stdout);
        assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
        assert_contains!(run.stderr, "bad.md");
        assert_contains!(run.stderr, *first);
        assert_contains!(run.stderr, *second);
        assert_eq!(
            archive.tree("public"),
            before,
            "{what}: the site is as it was"
        );
    }
}

#[test]
fn languages_in_config_are_checked() {
    let archive = Archive::fixture("minimal");
    archive.configure("[languages.tags]\n[tag_names.ceasefire]\nde = \"Waffenruhe\"\n");
    let run = archive.run(&["build"]);
    assert!(!run.success);
    assert_contains!(run.stderr, "'tags' is a folder of the site");
    assert_contains!(run.stderr, "'de', which the archive does not declare");
    assert_contains!(run.stderr, "config.toml:");
}

#[test]
fn a_link_to_a_translation_leads_to_its_event_in_each_language() {
    let archive = Archive::fixture("languages");
    archive.write(
        "content/briefings/2023-12-01-later.md",
        "+++\ntitle = \"Later\"\ndate = 2023-12-01\n+++\nSee [the Arabic report](@briefing/2023-10-20-doha-ar).\n",
    );
    archive.build_ok(&[]);
    for folder in ["", "zh/", "ar/"] {
        let page = archive.page(&format!("{folder}briefings/2023-12-01-later/index.html"));
        assert_contains!(page, "href=\"../../briefings/2023-10-20-doha/\"");
    }
}

#[test]
fn the_404_page_leads_to_each_languages_home() {
    let archive = three_languages();
    let page = archive.page("404.html");
    assert_contains!(
        page,
        "<a href=\"/archive/zh/\" hreflang=\"zh\" lang=\"zh\">中文</a>"
    );
    assert_contains!(
        page,
        "<a href=\"/archive/ar/\" hreflang=\"ar\" lang=\"ar\">العربية</a>"
    );
}

#[test]
fn a_tag_or_place_written_in_another_language_is_the_one_it_names() {
    let archive = Archive::fixture("languages");
    archive.write(
        "content/briefings/2023-10-25-statement.md",
        "+++\ntitle = \"外交部发言人谈停火\"\ndate = 2023-10-25\nlanguage = \"zh\"\ntags = [\"停火\"]\nplaces = [\"多哈\"]\n+++\n发言人表示，各方应立即停火。\n",
    );
    archive.build_ok(&[]);
    let tag = archive.page("tags/ceasefire/index.html");
    assert_contains!(tag, "外交部发言人谈停火");
    let place = archive.page("zh/places/doha/index.html");
    assert_contains!(place, "外交部发言人谈停火");
    let page = archive.page("zh/briefings/2023-10-25-statement/index.html");
    assert_contains!(page, "href=\"../../tags/ceasefire/\">停火</a>");
    assert!(!archive.root().join("public/tags/ting-huo").exists());
}

#[test]
fn the_404_page_names_no_alternates_of_its_own() {
    let archive = three_languages();
    let page = archive.page("404.html");
    let head = &page[..page.find("</head>").unwrap()];
    assert!(!head.contains("hreflang"), "{head}");
}
