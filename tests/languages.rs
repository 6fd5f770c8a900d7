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
    let phrases = english_phrases(tag);
    assert!(phrases.contains(&"Chronology".to_string()), "{phrases:?}");
    let mut found = Vec::new();
    for (path, bytes) in archive.tree("public") {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        // The archive's own description, which the footer repeats, is not the theme's.
        let text = interface_text(&String::from_utf8_lossy(&bytes))
            .replace("Three briefings and four actors for the tests.", " ");
        for phrase in &phrases {
            if text.contains(phrase.as_str()) {
                found.push(format!("{}: {phrase:?}", path.display()));
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
