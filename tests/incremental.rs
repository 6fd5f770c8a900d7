//! Incremental builds are exact: after each of a random sequence of edits of every kind, the
//! output of a build that starts from the last one is byte for byte the output of a build of
//! the same sources from nothing, in a fresh folder. The sequence is drawn from a seed; a
//! failure names the seed and the edits that led to it.
//!
//! With one of the seeds, `check` is compared the same way: what an incremental check finds is
//! what a check from nothing finds.
//!
//! `DOSSIER_INCREMENTAL_BRIEFINGS` sets the size of the archive (default 40) and
//! `DOSSIER_INCREMENTAL_EDITS` the number of edits (default 45): run at 10,000 briefings by hand.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::common::{copy_tree, Archive};

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

const ACTORS: [(&str, &str); 6] = [
    ("zhai-jun", "Zhai Jun"),
    ("usama", "Usama"),
    ("mikhail-bogdanov", "Mikhail Bogdanov"),
    ("united-nations", "United Nations"),
    ("lin-jian", "Lin Jian"),
    ("wang-kejian", "Wang Kejian"),
];
const TAGS: [&str; 6] = [
    "ceasefire",
    "hostages",
    "aid",
    "two-state solution",
    "Syria",
    "water",
];
const PLACES: [&str; 4] = ["Doha", "Cairo", "Beijing", "Rafah"];

/// A briefing as the test writes it.
#[derive(Clone, Debug)]
struct Briefing {
    title: String,
    date: String,
    summary: Option<String>,
    actors: Vec<String>,
    tags: Vec<String>,
    places: Vec<String>,
    sources: Vec<String>,
    draft: bool,
    slug: Option<String>,
    body: String,
}

impl Briefing {
    fn text(&self) -> String {
        let list = |items: &[String]| {
            let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
            format!("[{}]", quoted.join(", "))
        };
        let mut text = format!("+++\ntitle = {:?}\ndate = {}\n", self.title, self.date);
        if let Some(summary) = &self.summary {
            text.push_str(&format!("summary = {summary:?}\n"));
        }
        text.push_str(&format!(
            "actors = {}\ntags = {}\nplaces = {}\n",
            list(&self.actors),
            list(&self.tags),
            list(&self.places)
        ));
        if self.draft {
            text.push_str("draft = true\n");
        }
        if let Some(slug) = &self.slug {
            text.push_str(&format!("slug = {slug:?}\n"));
        }
        for outlet in &self.sources {
            text.push_str(&format!("[[sources]]\noutlet = {outlet:?}\n"));
        }
        text.push_str("+++\n");
        text.push_str(&self.body);
        text
    }
}

/// The archive the edits work on: briefing files by path, actors by id.
struct World {
    archive: Archive,
    briefings: BTreeMap<String, Briefing>,
    actors: BTreeMap<String, (String, Vec<String>, bool, Option<String>)>,
    rng: ChaCha8Rng,
    counter: usize,
}

impl World {
    fn new(seed: u64, size: usize) -> World {
        let archive = Archive::empty();
        archive.write(
            "config.toml",
            "title = \"Edits\"\nbase_url = \"https://example.org/edits/\"\n",
        );
        let mut world = World {
            archive,
            briefings: BTreeMap::new(),
            actors: BTreeMap::new(),
            rng: ChaCha8Rng::seed_from_u64(seed),
            counter: 0,
        };
        for (id, name) in ACTORS {
            let envoy = id == "zhai-jun";
            world
                .actors
                .insert(id.into(), (name.into(), Vec::new(), envoy, None));
            world.write_actor(id);
        }
        for _ in 0..size {
            world.add_briefing();
        }
        world
    }

    fn write_actor(&self, id: &str) {
        let (name, aliases, envoy, role) = &self.actors[id];
        let aliases: Vec<String> = aliases.iter().map(|a| format!("{a:?}")).collect();
        let mut text = format!(
            "+++\nname = {name:?}\naliases = [{}]\nenvoy = {envoy}\n",
            aliases.join(", ")
        );
        if let Some(role) = role {
            text.push_str(&format!(
                "[[roles]]\ntitle = {role:?}\nfrom = 2023-01-01\nto = 2023-10-15\n"
            ));
        }
        text.push_str("+++\nA biography.\n");
        self.archive.write(&format!("content/actors/{id}.md"), text);
    }

    fn write_briefing(&self, path: &str) {
        self.archive.write(path, self.briefings[path].text());
    }

    fn random_briefing(&mut self) -> Briefing {
        self.counter += 1;
        let n = self.counter;
        let actor_ids: Vec<String> = self.actors.keys().cloned().collect();
        let actors: Vec<String> = actor_ids.sample(&mut self.rng, 2).cloned().collect();
        let tag = TAGS.choose(&mut self.rng).unwrap().to_string();
        Briefing {
            title: format!("Briefing number {n}"),
            date: format!(
                "2023-{:02}-{:02}",
                self.rng.random_range(1..=12),
                self.rng.random_range(1..=28)
            ),
            summary: Some(format!("Summary {n}.")),
            actors,
            tags: vec![tag],
            places: vec![PLACES.choose(&mut self.rng).unwrap().to_string()],
            sources: vec!["Wire".into()],
            draft: false,
            slug: None,
            body: format!("Body {n}: Zhai Jun and Usama spoke.\n"),
        }
    }

    fn add_briefing(&mut self) -> String {
        let briefing = self.random_briefing();
        let folder = if self.counter.is_multiple_of(2) {
            "a"
        } else {
            "b"
        };
        let path = format!("content/briefings/{folder}/b{:04}.md", self.counter);
        self.briefings.insert(path.clone(), briefing);
        self.write_briefing(&path);
        path
    }

    fn pick(&mut self) -> String {
        let paths: Vec<String> = self.briefings.keys().cloned().collect();
        paths.choose(&mut self.rng).unwrap().clone()
    }

    /// One random edit; returns what it did.
    fn edit(&mut self) -> String {
        let kind = self.rng.random_range(0..27);
        let path = self.pick();
        let n = self.rng.random_range(0..1000);
        let said = match kind {
            0 => {
                self.briefings
                    .get_mut(&path)
                    .unwrap()
                    .body
                    .push_str(&format!("More text {n}.\n"));
                format!("body of {path}")
            }
            1 => {
                self.briefings.get_mut(&path).unwrap().title = format!("Retitled {n}");
                format!("title of {path}")
            }
            2 => {
                self.briefings.get_mut(&path).unwrap().date = format!("2024-01-{:02}", 1 + n % 28);
                format!("date of {path}")
            }
            3 => {
                let b = self.briefings.get_mut(&path).unwrap();
                b.summary = if b.summary.is_some() {
                    None
                } else {
                    Some(format!("New summary {n}"))
                };
                format!("summary of {path}")
            }
            4 => {
                self.briefings.get_mut(&path).unwrap().slug = Some(format!("custom-slug-{n}"));
                format!("slug of {path}")
            }
            5 => {
                let b = self.briefings.get_mut(&path).unwrap();
                b.draft = !b.draft;
                format!("draft flag of {path}")
            }
            6 => return format!("added {}", self.add_briefing()),
            7 if self.briefings.len() > 3 => {
                self.briefings.remove(&path);
                self.archive.remove(&path);
                return format!("deleted {path}");
            }
            8 => {
                let moved = path.replace("/a/", "/c/").replace("/b/", "/a/");
                let briefing = self.briefings.remove(&path).unwrap();
                self.archive.remove(&path);
                self.briefings.insert(moved.clone(), briefing);
                self.write_briefing(&moved);
                return format!("moved {path} to {moved}");
            }
            9 => {
                let id =
                    self.actors.keys().cloned().collect::<Vec<_>>()[n % self.actors.len()].clone();
                let b = self.briefings.get_mut(&path).unwrap();
                if let Some(at) = b.actors.iter().position(|a| *a == id) {
                    b.actors.remove(at);
                } else {
                    b.actors.push(id.clone());
                }
                format!("actor {id} in {path}")
            }
            10 => {
                let tag = TAGS[n % TAGS.len()].to_string();
                let b = self.briefings.get_mut(&path).unwrap();
                if let Some(at) = b.tags.iter().position(|t| *t == tag) {
                    b.tags.remove(at);
                } else {
                    b.tags.push(tag.clone());
                }
                format!("tag {tag} in {path}")
            }
            11 => {
                let b = self.briefings.get_mut(&path).unwrap();
                if b.places.is_empty() {
                    b.places.push(PLACES[n % PLACES.len()].into());
                } else {
                    b.places.clear();
                }
                format!("places of {path}")
            }
            12 => {
                let b = self.briefings.get_mut(&path).unwrap();
                if b.sources.len() > 1 {
                    b.sources.pop();
                } else {
                    b.sources.push(format!("Outlet {n}"));
                }
                format!("sources of {path}")
            }
            13 => {
                let target = self.pick();
                let slug = self.slug_of(&target);
                let b = self.briefings.get_mut(&path).unwrap();
                if b.body.contains("(@briefing/") {
                    b.body = b
                        .body
                        .lines()
                        .filter(|l| !l.contains("(@briefing/"))
                        .map(|l| format!("{l}\n"))
                        .collect();
                } else if Some(&slug) != self.briefings[&path].slug.as_ref() {
                    let b = self.briefings.get_mut(&path).unwrap();
                    b.body.push_str(&format!("See [that](@briefing/{slug}).\n"));
                }
                format!("@-link in {path}")
            }
            14 => {
                let id = format!("actor-{n}");
                self.actors.insert(
                    id.clone(),
                    (format!("Person Number{n}"), Vec::new(), false, None),
                );
                self.write_actor(&id);
                return format!("added actor {id}");
            }
            15 => {
                let unused: Vec<String> = self
                    .actors
                    .keys()
                    .filter(|id| !self.briefings.values().any(|b| b.actors.contains(id)))
                    .filter(|id| !ACTORS.iter().any(|(a, _)| a == *id))
                    .cloned()
                    .collect();
                let Some(id) = unused.first().cloned() else {
                    return "no actor to delete".into();
                };
                self.actors.remove(&id);
                self.archive.remove(&format!("content/actors/{id}.md"));
                return format!("deleted actor {id}");
            }
            16 => {
                let id = ACTORS[n % ACTORS.len()].0.to_string();
                self.actors.get_mut(&id).unwrap().0 = format!("Renamed Person {n}");
                self.write_actor(&id);
                return format!("renamed {id}");
            }
            17 => {
                let id = ACTORS[n % ACTORS.len()].0.to_string();
                let actor = self.actors.get_mut(&id).unwrap();
                if actor.1.is_empty() {
                    actor.1.push(format!("Alias{n}"));
                } else {
                    actor.1.clear();
                }
                self.write_actor(&id);
                return format!("aliases of {id}");
            }
            18 => {
                let id = ACTORS[n % ACTORS.len()].0.to_string();
                let actor = self.actors.get_mut(&id).unwrap();
                actor.3 = if actor.3.is_some() {
                    None
                } else {
                    Some(format!("Envoy {n}"))
                };
                self.write_actor(&id);
                return format!("roles of {id}");
            }
            19 => {
                let id = ACTORS[n % ACTORS.len()].0.to_string();
                let actor = self.actors.get_mut(&id).unwrap();
                actor.2 = !actor.2;
                self.write_actor(&id);
                return format!("envoy flag of {id}");
            }
            20 => {
                self.archive.write(
                    "config.toml",
                    format!("title = \"Edits {n}\"\nbase_url = \"https://example.org/edits/\"\n"),
                );
                return "config title".into();
            }
            21 => {
                let base = if n % 2 == 0 {
                    "https://example.org/other/"
                } else {
                    "https://example.org/edits/"
                };
                self.archive.write(
                    "config.toml",
                    format!("title = \"Edits\"\nbase_url = \"{base}\"\n"),
                );
                return "config base_url".into();
            }
            22 => {
                let mode = ["first", "all", "none"][n % 3];
                self.archive.write(
                    "config.toml",
                    format!("title = \"Edits\"\nbase_url = \"https://example.org/edits/\"\nautolink = \"{mode}\"\nlatest = {}\n", 1 + n % 7),
                );
                return format!("config autolink {mode}");
            }
            23 => {
                self.archive.write(
                    "themes/mine/templates/404.html",
                    format!("{{% extends \"base.html\" %}}{{% block content %}}<h1>Lost {n}</h1>{{% endblock content %}}"),
                );
                let theme = if n % 2 == 0 { "theme = \"mine\"\n" } else { "" };
                self.archive.write(
                    "config.toml",
                    format!(
                        "title = \"Edits\"\nbase_url = \"https://example.org/edits/\"\n{theme}"
                    ),
                );
                return "a template and the theme".into();
            }
            24 if n.is_multiple_of(3)
                && self
                    .archive
                    .root()
                    .join("themes/mine/static/extra.css")
                    .exists() =>
            {
                self.archive.remove("themes/mine/static/extra.css");
                return "removed a theme static file".into();
            }
            24 => {
                self.archive.write(
                    "themes/mine/static/extra.css",
                    format!("p {{ margin: {n}px }}\n"),
                );
                return "a theme static file".into();
            }
            25 => {
                // Saved again, unchanged.
                self.write_briefing(&path);
                return format!("saved {path} unchanged");
            }
            _ => {
                let b = self.briefings.get_mut(&path).unwrap();
                b.body = format!("Rewritten {n}: Mikhail Bogdanov and the United Nations.\n");
                format!("rewrote the body of {path}")
            }
        };
        self.write_briefing(&path);
        said
    }

    fn slug_of(&self, path: &str) -> String {
        let b = &self.briefings[path];
        b.slug.clone().unwrap_or_else(|| {
            Path::new(path)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
    }
}

/// Every file of a built site, with its bytes.
fn site(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}

/// The first few files in which the site built in `archive` (a folder) and the one built in
/// `fresh` differ, or that one of them lacks.
fn differing(archive: &Path, fresh: &Path) -> Vec<PathBuf> {
    let incremental = site(&archive.join("public"));
    let expected = site(&fresh.join("public"));
    expected
        .keys()
        .chain(incremental.keys())
        .filter(|p| expected.get(*p) != incremental.get(*p))
        .take(5)
        .cloned()
        .collect()
}

/// A build from nothing of the sources of `archive`, in a fresh folder.
fn cold(archive: &Archive) -> (tempfile::TempDir, Option<String>) {
    let fresh = tempfile::tempdir().unwrap();
    for part in ["content", "themes"] {
        if archive.root().join(part).exists() {
            copy_tree(&archive.root().join(part), &fresh.path().join(part));
        }
    }
    fs::copy(
        archive.root().join("config.toml"),
        fresh.path().join("config.toml"),
    )
    .unwrap();
    let run = crate::common::dossier(fresh.path())
        .args(["build", "--quiet"])
        .output()
        .unwrap();
    let failed = (!run.status.success()).then(|| String::from_utf8_lossy(&run.stderr).into_owned());
    (fresh, failed)
}

/// Builds `archive` on its last build and from nothing in a fresh folder, and checks that both
/// work or both fail, and that when they work their outputs are the same byte for byte; the
/// fresh folder, if they worked. `after` says what led there.
fn builds_as_cold(archive: &Archive, after: &str) -> Option<tempfile::TempDir> {
    let run = archive.run(&["build", "--quiet"]);
    let (fresh, failed) = cold(archive);
    assert_eq!(
        run.success,
        failed.is_none(),
        "{after}: the incremental build {} and the cold one {}:\n{}\n{}",
        if run.success { "worked" } else { "failed" },
        if failed.is_none() { "worked" } else { "failed" },
        run.stderr,
        failed.unwrap_or_default()
    );
    if !run.success {
        return None;
    }
    let differ = differing(archive.root(), fresh.path());
    assert!(
        differ.is_empty(),
        "{after}: the incremental output differs from a cold build in {differ:?}"
    );
    Some(fresh)
}

fn run_edits(seed: u64, with_check: bool) {
    let size = setting("DOSSIER_INCREMENTAL_BRIEFINGS", 40);
    let edits = setting("DOSSIER_INCREMENTAL_EDITS", 45);
    let mut world = World::new(seed, size);
    world.archive.build_ok(&["--quiet"]);
    let mut done = Vec::new();
    for step in 0..edits {
        done.push(world.edit());
        let Some(fresh) = builds_as_cold(
            &world.archive,
            &format!("seed {seed}, step {step}, after {done:?}"),
        ) else {
            continue;
        };
        if with_check {
            let found = |root: &Path| {
                let run = crate::common::dossier(root)
                    .args(["check", "--format", "json"])
                    .output()
                    .unwrap();
                String::from_utf8_lossy(&run.stdout).into_owned()
            };
            assert_eq!(
                found(world.archive.root()),
                found(fresh.path()),
                "seed {seed}, step {step}, after {done:?}: an incremental check found otherwise \
                 than a cold one"
            );
        }
    }
}

#[test]
fn every_kind_of_edit_builds_exactly_what_a_cold_build_makes() {
    run_edits(7, true);
}

#[test]
fn another_sequence_of_edits_builds_exactly() {
    run_edits(1234, false);
}

/// A file saved again within the same tick of the file system's clock, with the same length,
/// keeps its length and may keep its times: the build after it still sees the new text.
#[test]
fn a_same_length_edit_right_after_a_build_is_seen() {
    let mut world = World::new(99, 3);
    world.archive.build_ok(&["--quiet"]);
    let path = world.pick();
    for title in ["Title AAAA", "Title BBBB", "Title CCCC"] {
        world.briefings.get_mut(&path).unwrap().title = title.into();
        world.write_briefing(&path);
        world.archive.build_ok(&["--quiet"]);
        let slug = world.slug_of(&path);
        let page = fs::read_dir(world.archive.root().join("public/briefings"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().ends_with(&slug))
            .map(|p| fs::read_to_string(p.join("index.html")).unwrap())
            .unwrap_or_default();
        assert_contains!(page, title);
    }
}

/// An edit of an archive's sources.
type Edit = Box<dyn Fn(&Archive)>;

/// Edits of an archive in three languages, each built on the last build and compared byte for
/// byte with a cold build: a translation's title and body, a translation added and removed, an
/// actor's name in a language, a tag's name in a language, a language's title, a language
/// declared and dropped.
#[test]
fn edits_of_translations_and_languages_build_exactly() {
    let archive = Archive::fixture("languages");
    archive.build_ok(&["--quiet"]);
    let zh = "content/briefings/2023-10-10-call-with-egypt.zh.md";
    let edits: Vec<(&str, Edit)> = vec![
        (
            "a translation's title and body",
            Box::new(|a: &Archive| {
                a.write(zh, "+++\ntitle = \"翟隽致电埃及\"\nlanguage = \"zh\"\ntranslation_of = \"2023-10-10-call-with-egypt\"\n+++\n新的正文，提到翟隽。\n");
            }),
        ),
        (
            "a translation added",
            Box::new(|a: &Archive| {
                a.write(
                    "content/briefings/2023-11-06-tour.zh.md",
                    "+++\ntitle = \"地区之行\"\nlanguage = \"zh\"\ntranslation_of = \"2023-11-06-tour\"\n+++\n特使访问该地区。\n",
                );
            }),
        ),
        (
            "a translation removed",
            Box::new(|a: &Archive| {
                a.remove("content/briefings/2023-10-20-doha.ar.md");
            }),
        ),
        (
            "an actor's name in a language",
            Box::new(|a: &Archive| {
                let path = a.root().join("content/actors/zhai-jun.md");
                let text = fs::read_to_string(&path)
                    .unwrap()
                    .replace("ar = \"تشاي جيون\"", "ar = \"المبعوث تشاي جيون\"");
                fs::write(path, text).unwrap();
            }),
        ),
        (
            "a tag's name and a language's title",
            Box::new(|a: &Archive| {
                let path = a.root().join("config.toml");
                let text = fs::read_to_string(&path)
                    .unwrap()
                    .replace("zh = \"停火\"", "zh = \"停火协议\"")
                    .replace("title = \"三种语言\"", "title = \"三语档案\"");
                fs::write(path, text).unwrap();
            }),
        ),
        (
            "a theme's words for a language",
            Box::new(|a: &Archive| {
                a.write("themes/house/i18n/zh.toml", "chronology = \"大事记\"\n");
                let path = a.root().join("config.toml");
                let text = fs::read_to_string(&path).unwrap();
                fs::write(path, format!("theme = \"house\"\n{text}")).unwrap();
            }),
        ),
        (
            "a theme's word changed",
            Box::new(|a: &Archive| {
                a.write("themes/house/i18n/zh.toml", "chronology = \"年表\"\n");
            }),
        ),
        (
            "a language dropped",
            Box::new(|a: &Archive| {
                a.write(
                    "config.toml",
                    "title = \"Three languages\"\nbase_url = \"https://example.org/archive/\"\n\
                     [languages.zh]\ntitle = \"三语档案\"\n[tag_names]\nceasefire = { zh = \"停火协议\" }\n",
                );
                a.remove("content/briefings/2023-10-10-call-with-egypt.ar.md");
                let actor = a.root().join("content/actors/zhai-jun.md");
                let text = fs::read_to_string(&actor)
                    .unwrap()
                    .replace("ar = \"تشاي جيون\"\n", "");
                fs::write(actor, text).unwrap();
            }),
        ),
    ];
    for (what, edit) in &edits {
        edit(&archive);
        let run = archive.run(&["build", "--quiet"]);
        assert!(run.success, "{what}: {}", run.stderr);
        let (fresh, failed) = cold(&archive);
        assert!(failed.is_none(), "{what}: {failed:?}");
        let differ = differing(archive.root(), fresh.path());
        assert!(
            differ.is_empty(),
            "after {what}: the incremental output differs in {differ:?}"
        );
    }
    assert!(
        !archive.root().join("public/ar").exists(),
        "the dropped language's folder is gone"
    );
}

/// Edits of the registry's names, each built on the last build and compared byte for byte
/// with a cold build: a kept body is used again only where no name that came or went appears
/// in its text as mentions are looked for, after entities, escapes and typographic quotes
/// are read, and across emphasis and line breaks.
#[test]
fn names_that_come_or_go_render_again_exactly_the_bodies_that_name_them() {
    let archive = Archive::empty();
    archive.write("config.toml", "title = \"Names\"\n");
    let actor = |a: &Archive, id: &str, front: &str| {
        a.write(
            &format!("content/actors/{id}.md"),
            format!("+++\n{front}\n+++\n"),
        );
    };
    actor(&archive, "tom-brand", "name = \"Tom Brand\"");
    actor(&archive, "ana-ruiz", "name = \"Ana Ruiz\"");
    let bodies = [
        ("b1", "tom-brand", "Tom Brand met O'Neil and the UN."),
        (
            "b2",
            "ana-ruiz\", \"tom-brand",
            "Ana Ruiz &amp; Co spoke with Tom\nBrand.",
        ),
        (
            "b3",
            "ana-ruiz",
            "Nothing to see, said R\\&D and *Ana* Ruiz.",
        ),
        ("b4", "tom-brand", "A body that names no one."),
    ];
    for (n, (slug, actors, body)) in bodies.iter().enumerate() {
        archive.write(
            &format!("content/briefings/{slug}.md"),
            format!(
                "+++\ntitle = \"Briefing {slug}\"\ndate = 2023-10-0{}\nactors = [\"{actors}\"]\n+++\n{body}\n",
                n + 1
            ),
        );
    }
    archive.build_ok(&["--quiet"]);
    let edits: Vec<(&str, Edit)> = vec![
        (
            "an actor named with a typographic apostrophe",
            Box::new(move |a: &Archive| actor(a, "oneil", "name = \"O’Neil\"")),
        ),
        (
            "a name that an entity spells",
            Box::new(move |a: &Archive| actor(a, "ana-ruiz", "name = \"Ana Ruiz & Co\"")),
        ),
        (
            "an alias that an escape spells",
            Box::new(move |a: &Archive| {
                actor(
                    a,
                    "ana-ruiz",
                    "name = \"Ana Ruiz & Co\"\naliases = [\"R&D\"]",
                )
            }),
        ),
        (
            "an acronym",
            Box::new(move |a: &Archive| {
                actor(
                    a,
                    "united-nations",
                    "name = \"United Nations\"\naliases = [\"UN\"]",
                )
            }),
        ),
        (
            "a name across a line break",
            Box::new(move |a: &Archive| {
                actor(
                    a,
                    "tom-brand",
                    "name = \"Tom Brand\"\naliases = [\"Tom Brand.\"]",
                )
            }),
        ),
        (
            "a renamed actor",
            Box::new(move |a: &Archive| actor(a, "tom-brand", "name = \"Tomas Brand\"")),
        ),
        (
            "the name given back, as an envoy",
            Box::new(move |a: &Archive| {
                actor(a, "tom-brand", "name = \"Tom Brand\"\nenvoy = true")
            }),
        ),
        (
            "a second actor of the same name",
            Box::new(move |a: &Archive| {
                actor(a, "another-ana", "name = \"Ana\"\naliases = [\"Ana Ruiz\"]")
            }),
        ),
        (
            "the second one removed",
            Box::new(|a: &Archive| {
                a.remove("content/actors/another-ana.md");
            }),
        ),
        (
            "an alias dropped",
            Box::new(move |a: &Archive| actor(a, "ana-ruiz", "name = \"Ana Ruiz\"")),
        ),
    ];
    for (what, edit) in &edits {
        edit(&archive);
        builds_as_cold(&archive, what);
    }
    // The edits did change what the bodies show: the checks above compared something.
    let b2 = archive.page("briefings/b2/index.html");
    assert_contains!(b2, "actors/ana-ruiz/");
    let united = archive.page("actors/united-nations/mentions/index.html");
    assert_contains!(united, "Briefing b1");
}

/// Every file of the archive's cache folder.
fn cache_files(archive: &Archive) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = site(&archive.root().join(".dossier-cache"))
        .into_keys()
        .map(|path| archive.root().join(".dossier-cache").join(path))
        .collect();
    files.sort();
    files
}

/// A cache damaged in any way (bytes changed in the middle of a file, a file cut short or
/// emptied, a file removed, every file cut short) is noticed: the build after an edit is still
/// byte for byte a cold build, and the damage is mended.
#[test]
fn a_damaged_cache_never_makes_a_build_wrong() {
    type Damage = fn(&Path);
    let damages: [(&str, Damage); 4] = [
        ("bytes changed", |path| {
            let mut bytes = fs::read(path).unwrap();
            let len = bytes.len();
            for at in [len / 3, len / 2, len * 2 / 3, len.saturating_sub(1)] {
                if let Some(byte) = bytes.get_mut(at) {
                    *byte ^= 0x5a;
                }
            }
            fs::write(path, bytes).unwrap();
        }),
        ("cut short", |path| {
            let bytes = fs::read(path).unwrap();
            fs::write(path, &bytes[..bytes.len() * 3 / 5]).unwrap();
        }),
        ("emptied", |path| fs::write(path, b"").unwrap()),
        ("removed", |path| fs::remove_file(path).unwrap()),
    ];
    let mut world = World::new(5, 30);
    world.archive.build_ok(&["--quiet"]);
    // Enough builds that the store has several segments.
    for _ in 0..3 {
        world.edit();
        world.archive.build_ok(&["--quiet"]);
    }
    let files = cache_files(&world.archive);
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().contains("segment-")),
        "the store has segments: {files:?}"
    );
    for (what, damage) in damages {
        for file in cache_files(&world.archive) {
            // A build may have put a segment into a new one meanwhile.
            if !file.exists() {
                continue;
            }
            damage(&file);
            let edit = world.edit();
            builds_as_cold(
                &world.archive,
                &format!("{what} {}, then {edit}", file.display()),
            );
        }
    }
    // All at once.
    for file in cache_files(&world.archive) {
        let bytes = fs::read(&file).unwrap();
        fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    }
    // An edit of a body only: what the store says of the others is all damaged.
    let path = world.pick();
    world
        .briefings
        .get_mut(&path)
        .unwrap()
        .body
        .push_str("\n\nOne more paragraph.\n");
    world.write_briefing(&path);
    world.archive.build_ok(&["--quiet"]);
    let (fresh, _) = cold(&world.archive);
    assert_eq!(
        differing(world.archive.root(), fresh.path()),
        Vec::<PathBuf>::new()
    );
}

/// Where the cache folder cannot be written (a file of someone else's stands at its name), the
/// build stands, says once that the next one starts from nothing and how to mend it, and
/// leaves that file alone; once the name is free, builds keep their state again.
#[test]
fn a_cache_that_cannot_be_kept_is_said_and_the_build_and_check_stand() {
    let archive = Archive::fixture("minimal");
    archive.write(".dossier-cache", "not dossier's\n");
    for _ in 0..2 {
        let run = archive.run(&["build"]);
        assert!(run.success, "{}", run.stderr);
        assert_eq!(
            run.stderr.matches("could not keep its state").count(),
            1,
            "{}",
            run.stderr
        );
        assert_contains!(run.stderr, ".dossier-cache");
        assert_contains!(run.stderr, "help: make .dossier-cache a folder");
        assert_contains!(run.stdout, "every file is made");
    }
    // `check`, which the pre-commit hook runs, says it as well, and finds what it found.
    for _ in 0..2 {
        let run = archive.run(&["check"]);
        assert!(run.success, "{}{}", run.stdout, run.stderr);
        let said = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(
            said.matches("the check could not keep its state").count(),
            1,
            "{said}"
        );
        assert_contains!(said, "the next check reads every page again");
    }
    assert_eq!(
        fs::read_to_string(archive.root().join(".dossier-cache")).unwrap(),
        "not dossier's\n"
    );
    builds_as_cold(&archive, "builds without a cache");

    fs::remove_file(archive.root().join(".dossier-cache")).unwrap();
    let run = archive.run(&["build"]);
    assert!(!run.stderr.contains("could not keep"), "{}", run.stderr);
    let run = archive.run(&["build"]);
    assert_contains!(run.stdout, "Up to date");
}

#[test]
fn what_a_changed_front_matter_gets_wrong_is_said_as_a_cold_build_says_it() {
    let archive = Archive::empty();
    archive.write("config.toml", "title = \"Problems\"\n");
    archive.write(
        "content/actors/zhai-jun.md",
        "+++\nname = \"Zhai Jun\"\nenvoy = true\n+++\n",
    );
    let briefing = |a: &Archive, slug: &str, front: &str| {
        a.write(
            &format!("content/briefings/{slug}.md"),
            format!("+++\ntitle = \"Briefing {slug}\"\ndate = 2023-10-10\n{front}\n+++\nText.\n"),
        );
    };
    for slug in ["a", "b", "c"] {
        briefing(
            &archive,
            slug,
            "actors = [\"zhai-jun\"]\ntags = [\"ceasefire\"]",
        );
    }
    archive.build_ok(&["--quiet"]);
    let edits: Vec<(&str, Edit)> = vec![
        (
            "a briefing naming an actor the registry lacks",
            Box::new(move |a: &Archive| briefing(a, "d", "actors = [\"nobody\"]")),
        ),
        (
            "a tag spelled so that it would share another's page",
            Box::new(move |a: &Archive| briefing(a, "e", "tags = [\"Ceasefire!\"]")),
        ),
        (
            "the spelling mended",
            Box::new(move |a: &Archive| briefing(a, "e", "tags = [\"Ceasefire\"]")),
        ),
        (
            "a second briefing of one slug",
            Box::new(move |a: &Archive| briefing(a, "f", "slug = \"a\"")),
        ),
        (
            "a front matter that does not parse",
            Box::new(move |a: &Archive| briefing(a, "g", "tags = [")),
        ),
        (
            "a summary edited beside them",
            Box::new(move |a: &Archive| briefing(a, "b", "summary = \"Edited\"")),
        ),
        (
            "each mended",
            Box::new(move |a: &Archive| {
                a.remove("content/briefings/f.md");
                a.remove("content/briefings/g.md");
                briefing(a, "b", "actors = [\"zhai-jun\"]");
                briefing(a, "d", "actors = [\"zhai-jun\"]");
            }),
        ),
    ];
    for (what, edit) in &edits {
        edit(&archive);
        let run = archive.run(&["build"]);
        let (fresh, cold_failed) = cold(&archive);
        let cold_run = crate::common::dossier(fresh.path())
            .args(["build"])
            .output()
            .unwrap();
        let said = |text: &str, root: &Path| text.replace(&root.display().to_string(), "<root>");
        let cold_said = said(&String::from_utf8_lossy(&cold_run.stderr), fresh.path());
        // The cold folder was built once already: only what was found wrong is compared.
        let problems = |text: &str| -> String {
            text.lines()
                .filter(|line| !line.starts_with("Built") && !line.starts_with("Up to date"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(run.success, cold_failed.is_none(), "{what}: {}", run.stderr);
        assert_eq!(
            problems(&said(&run.stderr, archive.root())),
            problems(&cold_said),
            "{what}"
        );
    }
    let page = archive.page("briefings/d/index.html");
    assert!(page.contains("actors/zhai-jun/"), "the last build worked");
}
