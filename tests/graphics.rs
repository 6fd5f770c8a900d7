//! The graphics drawn at build time: the chronology's timeline, the envoy's itinerary strip and
//! the actors' network. Each is inline SVG, read here with a real XML parser: its title and
//! description, its scaling, where its marks link (online and offline), the escaping of
//! hostile names, and byte-identical output.

use std::path::{Component, Path, PathBuf};

use crate::common::Archive;

/// Every inline `<svg>…</svg>` of a page.
fn svgs(page: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("a closed <svg>") + start + 6;
        found.push(&rest[start..end]);
        rest = &rest[end..];
    }
    found
}

/// The `href` of every `<a>` of a drawing whose children include an element of `class`.
fn links_around(doc: &roxmltree::Document<'_>, class: &str) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter(|a| a.children().any(|c| has_class(&c, class)))
        .map(|a| a.attribute("href").expect("a link has an href").to_string())
        .collect()
}

fn has_class(node: &roxmltree::Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|word| word == class))
}

/// Checks what every drawing must have: a title and a description that name it, a viewBox,
/// and no fixed size.
fn assert_accessible_and_scalable(doc: &roxmltree::Document<'_>) {
    let svg = doc.root_element();
    assert!(svg.has_tag_name("svg"));
    let view_box = svg.attribute("viewBox").expect("a viewBox");
    assert_eq!(view_box.split_whitespace().count(), 4, "{view_box}");
    assert!(svg.attribute("width").is_none(), "no fixed width");
    assert!(svg.attribute("height").is_none(), "no fixed height");
    assert!(svg.attribute("style").is_none());
    let element_with_id = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no element with id {id}"))
    };
    let title = element_with_id(svg.attribute("aria-labelledby").expect("aria-labelledby"));
    assert!(title.has_tag_name("title"));
    assert!(!title.text().unwrap_or_default().trim().is_empty());
    let desc = element_with_id(svg.attribute("aria-describedby").expect("aria-describedby"));
    assert!(desc.has_tag_name("desc"));
    assert!(
        desc.text().unwrap_or_default().len() > 40,
        "a real description"
    );
}

/// The file and fragment a relative link of `page` leads to.
fn resolve(page: &str, href: &str) -> (PathBuf, Option<String>) {
    let (path, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment.to_string())),
        None => (href, None),
    };
    let mut target = PathBuf::new();
    for part in Path::new(page).parent().unwrap().join(path).components() {
        match part {
            Component::ParentDir => assert!(target.pop(), "{href} leaves the site"),
            Component::Normal(part) => target.push(part),
            _ => {}
        }
    }
    if path.is_empty() || path.ends_with('/') {
        target.push("index.html");
    }
    (target, fragment)
}

/// Asserts that `href`, on `page`, leads to a page of the site and to an element of the id
/// it names.
fn assert_resolves(archive: &Archive, page: &str, href: &str) {
    let (target, fragment) = resolve(page, href);
    let text = archive.page(target.to_str().unwrap());
    if let Some(id) = fragment {
        assert!(
            text.contains(&format!("id=\"{id}\"")),
            "{page}: {href} names a missing anchor"
        );
    }
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}"))
}

#[test]
fn the_timeline_links_each_bar_to_its_month() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let page = archive.page("chronology/index.html");
    let drawings = svgs(&page);
    assert_eq!(drawings.len(), 2, "a wide and a narrow drawing");
    for svg in drawings {
        let doc = parse(svg);
        assert_accessible_and_scalable(&doc);
        assert!(svg.contains("Briefings per week"), "under a year: per week");
        // 10 and 20 October fall in two weeks; 6 November in a third.
        assert_eq!(
            links_around(&doc, "bar"),
            [
                "../chronology/2023/10/",
                "../chronology/2023/10/",
                "../chronology/2023/11/"
            ]
        );
        assert_eq!(
            doc.descendants().filter(|n| has_class(n, "envoy")).count(),
            4,
            "every briefing names an envoy: three bars and the legend"
        );
        for href in links_around(&doc, "bar") {
            assert_resolves(&archive, "chronology/index.html", &href);
        }
    }
    assert!(page.contains("<figcaption>"), "in a figure with a caption");
    assert!(
        page.contains("<div class=\"visually-hidden\">\n<table>"),
        "the numbers as a table"
    );
}

#[test]
fn a_timeline_over_years_counts_months_and_links_the_years() {
    let archive = Archive::fixture("minimal");
    archive.write(
        "content/briefings/later.md",
        "+++\ntitle = \"Later\"\ndate = 2025-02-03\nactors = [\"usama\"]\n+++\n",
    );
    archive.build_ok(&[]);
    let page = archive.page("chronology/index.html");
    let doc = parse(svgs(&page)[0]);
    assert!(page.contains("Briefings per month"));
    let bars = links_around(&doc, "bar");
    assert_eq!(
        bars,
        [
            "../chronology/2023/10/",
            "../chronology/2023/11/",
            "../chronology/2025/02/"
        ]
    );
    let years = links_around(&doc, "g-label");
    assert!(
        years.contains(&"../chronology/2025/".to_string()),
        "{years:?}"
    );
    assert!(
        !years.contains(&"../chronology/2024/".to_string()),
        "a year without briefings has no page to link"
    );
    for href in bars.iter().chain(&years) {
        assert_resolves(&archive, "chronology/index.html", href);
    }
}

#[test]
fn the_itinerary_strip_has_one_mark_per_engagement_linked_to_its_briefing() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let page = archive.page("envoys/zhai-jun/index.html");
    let drawings = svgs(&page);
    assert_eq!(drawings.len(), 2);
    for svg in drawings {
        let doc = parse(svg);
        assert_accessible_and_scalable(&doc);
        assert_eq!(
            links_around(&doc, "mark"),
            [
                "../../briefings/2023-10-10-call-with-egypt/",
                "../../briefings/2023-10-20-doha/",
                "../../briefings/2023-11-06-tour/"
            ]
        );
        assert_eq!(
            doc.descendants().filter(|n| has_class(n, "mark")).count(),
            3
        );
        let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        for expected in ["10 Oct 2023", "Beijing, Cairo", "Usama", "Mikhail Bogdanov"] {
            assert!(
                texts.iter().any(|t| t.contains(expected)),
                "{expected} in {texts:?}"
            );
        }
    }
    let bogdanov = archive.page("envoys/mikhail-bogdanov/index.html");
    let doc = parse(svgs(&bogdanov)[0]);
    assert_eq!(
        links_around(&doc, "mark"),
        ["../../briefings/2023-10-20-doha/"]
    );
}

#[test]
fn a_long_itinerary_is_drawn_a_mark_per_period_linked_to_the_list() {
    let archive = Archive::fixture("minimal");
    // 250 more engagements, one every other day from 2024 on: about 71 weeks.
    for i in 0..250u32 {
        let day = 1 + i * 2;
        archive.write(
            &format!("content/briefings/many/{i}.md"),
            format!(
                "+++\ntitle = \"Call {i}\"\ndate = {}\nactors = [\"zhai-jun\"]\n+++\n",
                date_after_new_year(day)
            ),
        );
    }
    archive.build_ok(&[]);
    let page = archive.page("envoys/zhai-jun/index.html");
    let doc = parse(svgs(&page)[0]);
    let marks = links_around(&doc, "mark");
    assert!(marks.len() < 100, "{} marks", marks.len());
    // The list runs newest first, a hundred to a page: the oldest week is on the last page.
    assert!(
        marks[0].starts_with("../../envoys/zhai-jun/page/") && marks[0].contains("#engagement-"),
        "{}",
        marks[0]
    );
    assert!(svgs(&page)[0].contains("engagements of one week"));
    for href in &marks {
        assert_resolves(&archive, "envoys/zhai-jun/index.html", href);
    }
    let check = archive.run(&["check"]);
    assert_contains!(check.stdout, "0 errors");
}

/// The date `day` days after 31 December 2023, as TOML writes it.
fn date_after_new_year(day: u32) -> String {
    let months = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut year, mut day) = (2024, day);
    loop {
        for (month, &length) in months.iter().enumerate() {
            let length = if month == 1 && year % 4 != 0 {
                28
            } else {
                length
            };
            if day <= length {
                return format!("{year}-{:02}-{day:02}", month + 1);
            }
            day -= length;
        }
        year += 1;
    }
}

#[test]
fn the_network_links_each_actor_to_its_page() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let page = archive.page("actors/index.html");
    let drawings = svgs(&page);
    assert_eq!(drawings.len(), 2);
    for svg in drawings {
        let doc = parse(svg);
        assert_accessible_and_scalable(&doc);
        let mut nodes = links_around(&doc, "node");
        nodes.sort();
        assert_eq!(
            nodes,
            [
                "../actors/mikhail-bogdanov/",
                "../actors/united-nations/",
                "../actors/usama/",
                "../actors/zhai-jun/"
            ]
        );
        for href in &nodes {
            assert_resolves(&archive, "actors/index.html", href);
        }
        // Zhai and Usama share two briefings: the widest line.
        let widths: Vec<f64> = doc
            .descendants()
            .filter(|n| has_class(n, "edge") && n.has_tag_name("line"))
            .filter(|n| n.parent().is_some_and(|p| has_class(&p, "edges")))
            .map(|n| n.attribute("stroke-width").unwrap().parse().unwrap())
            .collect();
        assert_eq!(
            widths.len(),
            4,
            "Zhai–Usama, Zhai–Bogdanov, Zhai–UN, Usama–UN"
        );
        let widest = widths.iter().cloned().fold(0.0, f64::max);
        assert_eq!(widths.iter().filter(|&&w| w == widest).count(), 1);
    }
    assert!(page.contains("Zhai Jun (2)"), "the connections as a table");
}

#[test]
fn offline_graphics_link_to_index_html() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&["--offline"]);
    let chronology = archive.page("chronology/index.html");
    let doc = parse(svgs(&chronology)[0]);
    assert_eq!(
        links_around(&doc, "bar")[0],
        "../chronology/2023/10/index.html"
    );
    let envoy = archive.page("envoys/zhai-jun/index.html");
    let doc = parse(svgs(&envoy)[0]);
    assert_eq!(
        links_around(&doc, "mark")[0],
        "../../briefings/2023-10-10-call-with-egypt/index.html"
    );
    let actors = archive.page("actors/index.html");
    let doc = parse(svgs(&actors)[0]);
    for href in links_around(&doc, "node") {
        assert!(href.ends_with("/index.html"), "{href}");
        assert_resolves(&archive, "actors/index.html", &href);
    }
    let check = archive.run(&["check", "--offline"]);
    assert!(check.success, "{}\n{}", check.stdout, check.stderr);
    assert_contains!(check.stdout, "0 errors");
}

#[test]
fn hostile_names_are_escaped_in_every_graphic() {
    let archive = Archive::fixture("minimal");
    let name = "<script>alert(\"x\")</script> & 'Co' ]]>";
    archive.write(
        "content/actors/hostile.md",
        format!("+++\nname = '''{name}'''\nenvoy = true\n+++\n"),
    );
    archive.write(
        "content/briefings/hostile.md",
        "+++\ntitle = \"</title><script>x</script>\"\ndate = 2023-10-12\nactors = [\"hostile\", \"usama\"]\nplaces = [\"<b>Gaza</b> & 'Rafah'\"]\n+++\n",
    );
    archive.build_ok(&[]);
    for page in [
        "chronology/index.html",
        "actors/index.html",
        "envoys/hostile/index.html",
        "envoys/zhai-jun/index.html",
    ] {
        let html = archive.page(page);
        assert!(!html.contains("<script>"), "{page}");
        for svg in svgs(&html) {
            let doc = parse(svg);
            assert_accessible_and_scalable(&doc);
        }
    }
    let actors = archive.page("actors/index.html");
    let doc = parse(svgs(&actors)[0]);
    let node = doc
        .descendants()
        .find(|n| n.has_tag_name("a") && n.attribute("href") == Some("../actors/hostile/"))
        .expect("the hostile actor is a node");
    let title = node.first_element_child().unwrap();
    assert!(title.has_tag_name("title"));
    assert!(
        title.text().unwrap().starts_with(name),
        "{:?}",
        title.text()
    );
    let strip = archive.page("envoys/hostile/index.html");
    let doc = parse(svgs(&strip)[0]);
    let heading = doc.root_element().first_element_child().unwrap();
    assert_eq!(
        heading.text(),
        Some(format!("Itinerary of {name}").as_str())
    );
    let mark = doc
        .descendants()
        .find(|n| n.has_tag_name("a"))
        .unwrap()
        .first_element_child()
        .unwrap();
    assert!(
        mark.text()
            .unwrap()
            .contains("</title><script>x</script>. Places: <b>Gaza</b> & 'Rafah'"),
        "{:?}",
        mark.text()
    );
}

#[test]
fn the_graphics_are_byte_identical_from_build_to_build() {
    let pages = [
        "chronology/index.html",
        "actors/index.html",
        "envoys/zhai-jun/index.html",
    ];
    let first = Archive::fixture("minimal");
    first.build_ok(&[]);
    let second = Archive::fixture("minimal");
    second.build_ok(&[]);
    for page in pages {
        let (a, b) = (first.page(page), second.page(page));
        assert!(!svgs(&a).is_empty());
        assert_eq!(a, b, "{page} differs between two builds");
    }
}

#[test]
fn an_archive_without_briefings_draws_nothing() {
    let archive = Archive::fixture("minimal");
    archive.remove("content/briefings");
    archive.write("content/briefings/.keep", "");
    archive.build_ok(&[]);
    for page in [
        "chronology/index.html",
        "actors/index.html",
        "envoys/zhai-jun/index.html",
    ] {
        let html = archive.page(page);
        assert!(svgs(&html).is_empty(), "{page}");
        assert!(!html.contains("<figure class=\"chart\">"), "{page}");
    }
}

#[test]
fn the_stylesheet_scales_and_prints_the_graphics() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let css = archive.page("style.css");
    assert!(css.contains("svg.graphic { display: block; width: 100%; height: auto;"));
    assert!(
        css.split("@media print").skip(1).any(|rules| rules
            .split("\n}")
            .next()
            .unwrap()
            .contains("svg.graphic")),
        "print rules for the graphics"
    );
    let check = archive.run(&["check"]);
    assert!(check.success, "{}\n{}", check.stdout, check.stderr);
    assert_contains!(check.stdout, "0 errors");
}
