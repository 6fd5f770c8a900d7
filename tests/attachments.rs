//! Attachments, static files and archived sources: a briefing (or actor) that is a folder with
//! an `index.md` publishes its other files beside its page, its body's relative links and
//! images must name them, images get their size, lazy loading and web sizes, `static/` lands
//! at the site's root, and a rebuild touches only what an attachment's change touches.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::common::{copy_tree, image_size, png, Archive};

const BUNDLE: &str = "content/briefings/2023-10-25-aid-convoy";
const PAGE: &str = "briefings/2023-10-25-aid-convoy/index.html";
const FOLDER: &str = "briefings/2023-10-25-aid-convoy";

/// A PDF small enough to write by hand.
const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A bundle's index.md: front matter on lines 1 to 9 (its source's `archived` on line 8), the
/// body from line 10 on.
fn index(archived: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"An aid convoy reaches Rafah\"\ndate = 2023-10-25\nactors = [\"zhai-jun\"]\ntags = [\"aid\"]\n[[sources]]\noutlet = \"Example Wire\"\narchived = \"{archived}\"\n+++\n{body}"
    )
}

/// The minimal fixture with a bundle: a wide map, a small photo, a PDF that is the source's
/// archived copy, an SVG in a subfolder and a hidden file.
fn archive_with_bundle() -> Archive {
    let archive = Archive::fixture("minimal");
    archive
        .write(
            &format!("{BUNDLE}/index.md"),
            index(
                "statement.pdf",
                "![The route of the convoy](map.png \"The route\")\n\n\
                 Trucks crossed at Rafah ([the statement](statement.pdf#page=1)).\n\n\
                 ![The first trucks](photo.png)\n\n\
                 ![A sketch](sketches/crossing%20plan.svg)\n\n\
                 [Elsewhere](https://example.org/map.png) and [below](#sources).\n",
            ),
        )
        .write(&format!("{BUNDLE}/map.png"), png(1800, 900, 1))
        .write(&format!("{BUNDLE}/photo.png"), png(400, 300, 2))
        .write(&format!("{BUNDLE}/statement.pdf"), PDF)
        .write(
            &format!("{BUNDLE}/sketches/crossing plan.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 150\"><rect width=\"300\" height=\"150\"/></svg>\n",
        )
        .write(&format!("{BUNDLE}/.notes"), "private");
    archive
}

#[test]
fn a_bundle_publishes_its_files_beside_its_page_on_a_server_and_offline() {
    let archive = archive_with_bundle();
    for args in [&[][..], &["--offline"][..]] {
        archive.build_ok(args);
        let public = archive.tree("public");
        let folder = Path::new(FOLDER);
        for name in [
            "map.png",
            "photo.png",
            "statement.pdf",
            "sketches/crossing plan.svg",
        ] {
            let source = fs::read(archive.root().join(BUNDLE).join(name)).unwrap();
            assert_eq!(public.get(&folder.join(name)), Some(&source), "{name}");
        }
        assert!(!public.contains_key(&folder.join(".notes")));
        assert!(!public.keys().any(|p| p.ends_with("index.md")));
        // The body links its files as they lie beside the page, whichever way the site is opened.
        let page = archive.page(PAGE);
        assert_contains!(page, "src=\"map.png\"");
        assert_contains!(page, "href=\"statement.pdf#page=1\"");
        assert_contains!(page, "src=\"sketches/crossing%20plan.svg\"");
        assert_contains!(page, "href=\"https://example.org/map.png\"");
        assert_contains!(page, "href=\"#sources\"");
    }
}

#[test]
fn images_get_their_size_lazy_loading_and_web_sizes() {
    let archive = archive_with_bundle();
    archive.build_ok(&[]);
    let page = archive.page(PAGE);
    // The first image of the body loads at once; the others wait until they are near.
    assert_contains!(
        page,
        "<a href=\"map.png\" rel=\"noopener noreferrer\"><img src=\"map.png\" alt=\"The route of the convoy\" title=\"The route\" width=\"1800\" height=\"900\" srcset=\"map.800w.png 800w, map.1600w.png 1600w, map.png 1800w\" sizes=\"(max-width: 44rem) 100vw, 44rem\"></a>"
    );
    assert_contains!(
        page,
        "<img src=\"photo.png\" alt=\"The first trucks\" width=\"400\" height=\"300\" loading=\"lazy\">"
    );
    assert_contains!(
        page,
        "<img src=\"sketches/crossing%20plan.svg\" alt=\"A sketch\" width=\"300\" height=\"150\" loading=\"lazy\">"
    );
    let public = archive.tree("public");
    let sized = |width: u32| public[&Path::new(FOLDER).join(format!("map.{width}w.png"))].clone();
    assert_eq!(image_size(&sized(800)), (800, 400));
    assert_eq!(image_size(&sized(1600)), (1600, 800));
    // No web size of an image narrower than the column, nor of an SVG.
    assert!(!public
        .keys()
        .any(|p| p.to_string_lossy().contains("photo.800w")));
    assert!(!public
        .keys()
        .any(|p| p.to_string_lossy().contains(".800w.svg")));

    // The same image gives the same bytes in another archive, without its store.
    let other = archive_with_bundle();
    other.build_ok(&[]);
    assert_eq!(
        other.tree("public")[&Path::new(FOLDER).join("map.800w.png")],
        sized(800)
    );
}

#[test]
fn a_rebuild_takes_web_sizes_from_the_store_and_never_resizes_twice() {
    let archive = archive_with_bundle();
    let attachments = |run: &crate::common::Run| {
        stage_time(&run.stdout, "attachments")
            .unwrap_or_else(|| panic!("no attachments stage in:\n{}", run.stdout))
    };
    let resized = attachments(&archive.build_ok(&["--verbose"]));
    let public = archive.root().join("public");
    fs::remove_dir_all(&public).unwrap();
    let run = archive.build_ok(&["--verbose"]);
    let copied = attachments(&run);
    // Reading and copying a few files, against resizing an image of 1800 pixels twice: on a
    // busy machine both take longer, so the two are compared rather than timed alone.
    eprintln!("web sizes made in {resized} s, taken from the store in {copied} s");
    assert!(
        copied < resized / 4.0,
        "{copied} s against {resized} s:\n{}",
        run.stdout
    );
    assert!(public.join(FOLDER).join("map.1600w.png").is_file());
}

/// The seconds a stage took, from the `Stages:` line of a verbose build.
fn stage_time(printed: &str, stage: &str) -> Option<f64> {
    let line = printed.lines().find(|l| l.starts_with("Stages:"))?;
    let at = line.find(&format!("{stage} "))?;
    line[at + stage.len() + 1..].split(' ').next()?.parse().ok()
}

#[test]
fn a_source_shows_its_archived_copy_and_the_data_export_lists_the_files() {
    let archive = archive_with_bundle();
    archive.build_ok(&[]);
    let page = archive.page(PAGE);
    assert_contains!(
        page,
        &format!(
            "<cite>Example Wire</cite> · <a href=\"../../briefings/2023-10-25-aid-convoy/statement.pdf\">archived copy</a> <span class=\"label\">(PDF, {} bytes)</span>",
            PDF.len()
        )
    );
    assert_contains!(page, "<h2 id=\"files\">Files</h2>");
    assert_contains!(page, ">map.png</a> <span class=\"label\">(PNG image,");

    let data: serde_json::Value =
        serde_json::from_str(&archive.page("data/briefings.json")).unwrap();
    let briefing = data
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["slug"] == "2023-10-25-aid-convoy")
        .unwrap();
    assert_eq!(
        briefing["sources"][0]["archived"],
        "briefings/2023-10-25-aid-convoy/statement.pdf"
    );
    let files = briefing["attachments"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "map.png",
            "photo.png",
            "sketches/crossing plan.svg",
            "statement.pdf"
        ]
    );
    let statement = &files[3];
    assert_eq!(statement["size"], PDF.len());
    assert_eq!(statement["type"], "application/pdf");
    assert_eq!(
        statement["url"],
        "briefings/2023-10-25-aid-convoy/statement.pdf"
    );
    assert_eq!(
        files[2]["url"],
        "briefings/2023-10-25-aid-convoy/sketches/crossing%20plan.svg"
    );
    // The search index's records of results say what is attached.
    assert_contains!(archive.page("search/d/0.js"), "PDF and 3 images attached");
}

#[test]
fn the_feed_entry_resolves_the_files_against_the_briefings_page() {
    let archive = archive_with_bundle();
    archive.build_ok(&[]);
    let feed = archive.page("feed.xml");
    let entry = feed
        .split("<entry>")
        .find(|e| e.contains("An aid convoy"))
        .unwrap();
    assert_contains!(
        entry,
        "xml:base=\"https://example.org/archive/briefings/2023-10-25-aid-convoy/\""
    );
    assert_contains!(entry, "src=&quot;map.png&quot;");
}

#[test]
fn an_actor_bundle_shows_its_portrait_on_the_actor_page() {
    let archive = Archive::fixture("minimal");
    let actor = fs::read_to_string(archive.root().join("content/actors/zhai-jun.md")).unwrap();
    archive
        .remove("content/actors/zhai-jun.md")
        .write(
            "content/actors/zhai-jun/index.md",
            format!("{}\n![Zhai Jun in 2023](portrait.png)\n", actor.trim_end()),
        )
        .write("content/actors/zhai-jun/portrait.png", png(300, 400, 3));
    archive.build_ok(&[]);
    assert!(archive
        .root()
        .join("public/actors/zhai-jun/portrait.png")
        .is_file());
    // Written from the site root, so that the biography works on any page at this depth (a
    // theme may show it on the envoy's dossier too).
    assert_contains!(
        archive.page("actors/zhai-jun/index.html"),
        "<img src=\"../../actors/zhai-jun/portrait.png\" alt=\"Zhai Jun in 2023\" width=\"300\" height=\"400\">"
    );
    assert!(archive.run(&["check"]).success);
}

#[test]
fn a_missing_file_fails_at_its_line_with_the_closest_name_and_changes_nothing() {
    let archive = archive_with_bundle();
    archive.build_ok(&[]);
    let before = archive.tree("public");
    archive.write(
        &format!("{BUNDLE}/index.md"),
        index("statement.pdf", "Intro.\n\n![The route](mapp.png)\n"),
    );
    for command in ["build", "check"] {
        let run = archive.run(&[command]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert_contains!(run.stderr, &format!("{BUNDLE}/index.md:12"));
        assert_contains!(
            run.stderr,
            "the image 'mapp.png' names no file of the bundle"
        );
        assert_contains!(run.stderr, "did you mean 'map.png'?");
    }
    assert_eq!(archive.tree("public"), before);
}

#[test]
fn a_plain_briefing_that_shows_an_image_is_told_to_become_a_bundle() {
    let archive = Archive::fixture("minimal");
    let path = "content/briefings/2023-10-20-doha.md";
    let text = fs::read_to_string(archive.root().join(path)).unwrap();
    archive.write(path, format!("{text}\n![Doha](doha.jpg)\n"));
    let run = archive.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, &format!("{path}:10"));
    assert_contains!(
        run.stderr,
        "move content/briefings/2023-10-20-doha.md to content/briefings/2023-10-20-doha/index.md and put doha.jpg beside it"
    );
    assert!(!archive.root().join("public").exists());
}

#[test]
fn static_files_land_at_the_root_hidden_ones_too_but_not_git() {
    let archive = Archive::fixture("minimal");
    archive
        .write("static/CNAME", "archive.example.org\n")
        .write("static/_headers", "/*\n  X-Frame-Options: DENY\n")
        .write(
            "static/.well-known/security.txt",
            "Contact: mailto:desk@example.org\n",
        )
        .write("static/favicon.ico", [0u8, 0, 1, 0])
        .write("static/.git/config", "[core]\n");
    archive.build_ok(&[]);
    let public = archive.tree("public");
    assert_eq!(public[Path::new("CNAME")], b"archive.example.org\n");
    assert!(public.contains_key(Path::new("_headers")));
    assert!(public.contains_key(Path::new(".well-known/security.txt")));
    assert_eq!(public[Path::new("favicon.ico")], [0u8, 0, 1, 0]);
    assert!(!public.keys().any(|p| p.starts_with(".git")));
    // They are dossier's now: removed from static/, they go from the site.
    archive.remove("static/CNAME");
    archive.build_ok(&[]);
    assert!(!archive.root().join("public/CNAME").exists());
}

#[test]
fn a_file_that_would_take_the_place_of_another_is_an_error_naming_both() {
    let page = "content/briefings/2023-10-20-doha/index.html";
    // What the other file is called: `check` makes every file, so it names each copy by its
    // origin; a build names a file it keeps from the last build by its place.
    for (path, other) in [
        (
            "static/style.css",
            "(built-in theme)/static/style.css (copied to style.css)",
        ),
        (
            "static/index.html",
            "the file index.html that the build makes",
        ),
        (
            page,
            "the file briefings/2023-10-20-doha/index.html that the build makes",
        ),
        (
            "static/briefings/2023-10-20-doha/map.png",
            "content/briefings/2023-10-20-doha/map.png (copied to",
        ),
    ] {
        let archive = Archive::fixture("minimal");
        let text = fs::read_to_string(archive.root().join("content/briefings/2023-10-20-doha.md"))
            .unwrap();
        archive
            .remove("content/briefings/2023-10-20-doha.md")
            .write("content/briefings/2023-10-20-doha/index.md", text)
            .write("content/briefings/2023-10-20-doha/map.png", png(10, 10, 0));
        archive.build_ok(&[]);
        let before = archive.tree("public");
        archive.write(path, "x");
        for command in ["build", "check"] {
            let run = archive.run(&[command]);
            assert_eq!(run.code, Some(1), "{path}: {}", run.stderr);
            assert_contains!(run.stderr, &format!("{path} (copied to"));
            assert_contains!(run.stderr, "would be the same file of the site");
            if command == "check" {
                assert_contains!(run.stderr, other);
            }
        }
        assert_eq!(archive.tree("public"), before, "{path}");
    }
}

#[test]
fn an_attachment_linked_out_of_the_archive_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.pdf"), "secret").unwrap();
    let archive = archive_with_bundle();
    archive.build_ok(&[]);
    let before = archive.tree("public");
    std::os::unix::fs::symlink(
        outside.path().join("secret.pdf"),
        archive.root().join(BUNDLE).join("leak.pdf"),
    )
    .unwrap();
    let run = archive.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, &format!("{BUNDLE}/leak.pdf"));
    assert_contains!(run.stderr, "points outside the archive");
    assert!(!run.stderr.contains("secret\n"));
    assert_eq!(archive.tree("public"), before);
}

#[test]
fn new_briefing_makes_a_bundle_on_request() {
    let archive = Archive::fixture("minimal");
    let run = archive.run(&[
        "new",
        "briefing",
        "Convoy at Rafah",
        "--date",
        "2023-10-26",
        "--bundle",
    ]);
    assert!(run.success, "{}", run.stderr);
    let path = "content/briefings/2023-10-26-convoy-at-rafah/index.md";
    assert_contains!(run.stdout, path);
    assert!(archive.root().join(path).is_file());
    archive.build_ok(&[]);
    assert!(archive
        .root()
        .join("public/briefings/2023-10-26-convoy-at-rafah/index.html")
        .is_file());
    // The plain file of the same name would make the same page.
    let again = archive.run(&["new", "briefing", "Convoy at Rafah", "--date", "2023-10-26"]);
    assert!(!again.success);
    assert_contains!(again.stderr, "would have the same slug");
}

/// The modification time of every file under public/, by path.
fn times(archive: &Archive) -> BTreeMap<PathBuf, SystemTime> {
    archive
        .tree("public")
        .into_keys()
        // The marker of what dossier owns is written by every build that writes.
        .filter(|path| path != Path::new(".dossier"))
        .map(|path| {
            let time = fs::metadata(archive.root().join("public").join(&path))
                .unwrap()
                .modified()
                .unwrap();
            (path, time)
        })
        .collect()
}

/// The files written, added or removed between two snapshots of times.
fn touched(
    before: &BTreeMap<PathBuf, SystemTime>,
    after: &BTreeMap<PathBuf, SystemTime>,
) -> Vec<String> {
    let mut paths: Vec<String> = before
        .keys()
        .chain(after.keys())
        .filter(|p| before.get(*p) != after.get(*p))
        .map(|p| p.display().to_string())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

#[test]
fn a_rebuild_after_adding_changing_or_removing_an_attachment_touches_only_that() {
    let archive = archive_with_bundle();
    archive.build_ok(&[]);
    // `build` remembers the times it left; aging them by hand would look like an edit.
    let run = |archive: &Archive| {
        let before = times(archive);
        let run = archive.build_ok(&[]);
        (touched(&before, &times(archive)), run.stdout)
    };
    let folder = |name: &str| format!("{FOLDER}/{name}");

    // The same size, other bytes: only its copy.
    let mut changed = PDF.to_vec();
    changed[10] = b'2';
    archive.write(&format!("{BUNDLE}/statement.pdf"), &changed);
    let (files, said) = run(&archive);
    assert_eq!(files, [folder("statement.pdf")], "{said}");
    assert_contains!(said, "(1 files written");

    // A new file: its copy, the page and the data export that list it, and the shard of the
    // search index's records that says what is attached.
    archive.write(&format!("{BUNDLE}/annex.pdf"), PDF);
    let (files, said) = run(&archive);
    assert_eq!(
        files,
        [
            folder("annex.pdf"),
            folder("index.html"),
            "data/briefings.json".into(),
            "search/d/0.js".into()
        ],
        "{said}"
    );

    // An image changed: its copy and its web sizes, and where its size in bytes is shown.
    archive.write(&format!("{BUNDLE}/map.png"), png(1800, 900, 9));
    let (files, _) = run(&archive);
    for name in ["map.1600w.png", "map.800w.png", "map.png"] {
        assert!(files.contains(&folder(name)), "{name} in {files:?}");
    }
    let listing = [folder("index.html"), "data/briefings.json".into()];
    assert!(
        files
            .iter()
            .all(|f| f.contains("/map.") || listing.contains(f)),
        "{files:?}"
    );

    // Removed (and unlinked from the body): gone from the site, with the pages that listed it.
    archive.remove(&format!("{BUNDLE}/annex.pdf"));
    let (files, said) = run(&archive);
    assert_eq!(
        files,
        [
            folder("annex.pdf"),
            folder("index.html"),
            "data/briefings.json".into(),
            "search/d/0.js".into()
        ],
        "{said}"
    );
    assert!(!archive
        .root()
        .join("public")
        .join(folder("annex.pdf"))
        .exists());
}

/// A build from nothing of the sources of `archive` (content/, static/ and config.toml), in a
/// fresh folder: the site it makes.
fn cold_site(archive: &Archive) -> BTreeMap<PathBuf, Vec<u8>> {
    let fresh = Archive::empty();
    for part in ["content", "static"] {
        if archive.root().join(part).exists() {
            copy_tree(&archive.root().join(part), &fresh.root().join(part));
        }
    }
    fs::copy(
        archive.root().join("config.toml"),
        fresh.root().join("config.toml"),
    )
    .unwrap();
    fresh.build_ok(&["--quiet"]);
    fresh.tree("public")
}

/// A change made to the sources of an archive.
type Edit<'a> = dyn Fn(&Archive) + 'a;

/// After each of a sequence of edits of attachments and static files (added, changed in size
/// or only in bytes, removed, an image made wider or narrower than the column), the site an
/// incremental build leaves is byte for byte the site a build from nothing makes.
#[test]
fn edits_of_attachments_and_static_files_build_exactly_what_a_cold_build_makes() {
    let archive = archive_with_bundle();
    archive.build_ok(&["--quiet"]);
    let annex = format!("{BUNDLE}/annex.pdf");
    let edits: Vec<(&str, Box<Edit<'_>>)> = vec![
        (
            "added a PDF",
            Box::new(|a| {
                a.write(&annex, PDF);
            }),
        ),
        (
            "changed the PDF's bytes",
            Box::new(|a| {
                let mut bytes = PDF.to_vec();
                bytes[10] = b'7';
                a.write(&annex, bytes);
            }),
        ),
        (
            "made the map narrower than the column",
            Box::new(|a| {
                a.write(&format!("{BUNDLE}/map.png"), png(600, 300, 4));
            }),
        ),
        (
            "made the map wide again",
            Box::new(|a| {
                a.write(&format!("{BUNDLE}/map.png"), png(1000, 500, 5));
            }),
        ),
        (
            "added static files",
            Box::new(|a| {
                a.write("static/CNAME", "one.example.org\n")
                    .write("static/.well-known/security.txt", "Contact: a\n");
            }),
        ),
        (
            "changed a static file",
            Box::new(|a| {
                a.write("static/CNAME", "two.example.org\n");
            }),
        ),
        (
            "removed the PDF and a static file",
            Box::new(|a| {
                a.remove(&annex).remove("static/CNAME");
            }),
        ),
        (
            "removed static/",
            Box::new(|a| {
                a.remove("static/.well-known/security.txt");
            }),
        ),
    ];
    let mut done = Vec::new();
    for (said, edit) in &edits {
        edit(&archive);
        done.push(*said);
        archive.build_ok(&["--quiet"]);
        let incremental = archive.tree("public");
        let expected = cold_site(&archive);
        let differ: std::collections::BTreeSet<&PathBuf> = expected
            .keys()
            .chain(incremental.keys())
            .filter(|p| expected.get(*p) != incremental.get(*p))
            .collect();
        assert!(differ.is_empty(), "after {done:?}: {differ:?} differ");
    }
}
