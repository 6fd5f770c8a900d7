//! What a hostile briefing can and cannot do to the published site: every page carries the
//! Content-Security-Policy and needs nothing it forbids (no inline script or style), no page
//! holds a script address or an event handler, external links open without a handle on the
//! opener, and no output lies outside the output folder, even through a symbolic link.

use std::path::Path;

use crate::common::Archive;
use html5gum::{Token, Tokenizer};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; form-action 'self'";

/// A briefing that tries every way in that the front matter and the body offer.
const HOSTILE: &str = r#"+++
title = "Ceasefire </script><script>alert(1)</script>"
date = 2023-12-24
summary = "<img src=x onerror=alert(2)>"
actors = ["zhai-jun"]
tags = ["<b onmouseover=alert(3)>x</b>"]
places = ["javascript:alert(4)"]
[[sources]]
outlet = "Wire"
url = "javascript:alert(5)"
[[sources]]
outlet = "Other wire"
url = "https://example.org/wire"
+++
Zhai Jun spoke. [Click](javascript:alert(6)) [Also]( JaVaScRiPt:alert(7)) ![pic](data:image/svg+xml,x)
<a href="vbscript:msgbox(8)">old</a> <span style="color:red" onclick="alert(9)">styled</span>
<script>alert(10)</script> <iframe src="https://example.org"></iframe>
"#;

/// Everything on one page that the policy or a reader's safety forbids.
fn inspect(page: &str, html: &str, findings: &mut Vec<String>) {
    let mut found = |problem: String| findings.push(format!("{page}: {problem}"));
    let mut csp = false;
    for token in Tokenizer::new(html).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).into_owned();
        let attribute = |key: &str| {
            tag.attributes
                .get(key.as_bytes())
                .map(|v| String::from_utf8_lossy(v).into_owned())
        };
        if name == "meta" && attribute("http-equiv").as_deref() == Some("Content-Security-Policy") {
            csp = attribute("content").as_deref() == Some(CSP);
        }
        if name == "script" && attribute("src").is_none() {
            found("an inline script, which the policy blocks".into());
        }
        if matches!(name.as_str(), "style" | "iframe" | "object" | "embed") {
            found(format!("a <{name}> element"));
        }
        for (key, value) in &tag.attributes {
            let key = String::from_utf8_lossy(key);
            let value = String::from_utf8_lossy(value);
            if key.starts_with("on") {
                found(format!("an event handler {key}"));
            }
            if key == "style" {
                found("a style attribute, which the policy blocks".into());
            }
            if dossier::steps::is_script_address(&value) {
                found(format!("a script address in {key}: {value}"));
            }
        }
        if name == "a" {
            let href = attribute("href").unwrap_or_default();
            let rel = attribute("rel").unwrap_or_default();
            if href.starts_with("http") && !rel.split(' ').any(|r| r == "noopener") {
                found(format!("an external link without rel=noopener: {href}"));
            }
        }
    }
    if !csp {
        found("no Content-Security-Policy meta tag, or another policy".into());
    }
}

fn inspect_site(archive: &Archive) -> Vec<String> {
    let mut findings = Vec::new();
    for (path, bytes) in archive.tree("public") {
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8(bytes).unwrap();
            inspect(&path.display().to_string(), &html, &mut findings);
        }
    }
    findings
}

#[test]
fn no_page_of_a_hostile_archive_runs_script_or_breaks_the_policy() {
    let archive = Archive::fixture("minimal");
    archive.write("content/briefings/2023-12-24-hostile.md", HOSTILE);
    archive.build_ok(&[]);
    let findings = inspect_site(&archive);
    assert!(findings.is_empty(), "{findings:#?}");
    let page = archive.page("briefings/2023-12-24-hostile/index.html");
    assert!(
        page.contains("Ceasefire &lt;&#x2F;script&gt;")
            || page.contains("Ceasefire &lt;/script&gt;"),
        "{page}"
    );
    assert!(
        page.contains("Click") && page.contains("styled"),
        "text stays: {page}"
    );
    assert_contains!(page, "https://example.org/wire");
}

#[test]
fn trusted_html_keeps_the_markup_but_never_a_script_address_from_markdown() {
    let archive = Archive::fixture("minimal");
    archive.configure("unsafe_html = true\n");
    archive.write(
        "content/briefings/2023-12-24-trusted.md",
        "+++\ntitle = \"Trusted\"\ndate = 2023-12-24\n+++\n\
         <div class=\"note\">kept</div>\n\n[Click](javascript:alert(1)) ![pic](data:x)\n",
    );
    archive.build_ok(&[]);
    let page = archive.page("briefings/2023-12-24-trusted/index.html");
    assert_contains!(page, "<div class=\"note\">kept</div>");
    assert_contains!(page, "Click");
    assert!(!page.to_ascii_lowercase().contains("javascript:"), "{page}");
    assert!(!page.contains("data:x"), "{page}");
}

#[test]
fn the_sample_archive_keeps_the_policy_on_every_page() {
    let archive = Archive::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in ["config.toml", "content"] {
        copy(&root.join(entry), &archive.root().join(entry));
    }
    for mode in [&[][..], &["--offline"][..]] {
        archive.build_ok(mode);
        let findings = inspect_site(&archive);
        assert!(findings.is_empty(), "{mode:?}: {findings:#?}");
    }
}

#[test]
fn a_link_in_the_output_folder_that_leads_out_is_never_followed() {
    let archive = Archive::fixture("minimal");
    archive.build_ok(&[]);
    let elsewhere = tempfile::tempdir().unwrap();
    let briefings = archive.root().join("public/briefings");
    std::fs::remove_dir_all(&briefings).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), &briefings).unwrap();
    let before = archive.tree("public");
    let run = archive.run(&["build"]);
    assert!(!run.success, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_contains!(run.stderr, "briefings, which dossier did not write");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    assert_eq!(archive.tree("public"), before, "the output is as it was");
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}
