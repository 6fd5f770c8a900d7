//! `dossier init` and `dossier new`: a whole new archive, and a new briefing or actor with
//! complete front matter. Existing files are never overwritten.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::authoring::{self, require_archive, toml_list, toml_string, BriefingFile};
use crate::config::CONFIG_FILE;
use crate::error::{Diagnostic, Error};
use crate::load::{ACTORS_DIR, BRIEFINGS_DIR};
use crate::model::actors::Lookup;
use crate::model::attachments::bundle_index;
use crate::model::ids::slugify;
use crate::model::ActorKind;

const INIT_CONFIG: &str = r#"# The archive's settings. Every key but title is optional.

# The name of the archive, shown on every page.
title = "My briefing archive"

# One sentence on what the archive covers, for the home page and search engines.
description = "Briefings on ..."

# The language of the pages (a BCP 47 tag such as "en", "fr" or "zh-Hans").
language = "en"

# The public address of the site. Pages link to each other relatively and never need it; the
# feeds, the sitemap, robots.txt and calendar links use it, and the 404 page (served at any
# address) uses its path. Without it there is no sitemap and feeds use relative links.
# base_url = "https://example.org/archive/"

# Where `dossier build` writes the site (relative to this folder).
# output_dir = "public"

# A folder under themes/ whose templates/ and static/ files replace the built-in theme's.
# theme = "mine"

# Keep raw HTML in Markdown as written. Leave false for text from outside sources.
# unsafe_html = false

# How many briefings the home page lists.
# latest = 10
"#;

const INIT_ACTOR: &str = r#"+++
name = "Jane Example"
aliases = ["Example", "Special Envoy Example"]
kind = "person"
country = "Exampleland"
role = "Special Envoy on Examples"
envoy = true
+++
A short biography. Every actor has a page; envoys also get a dossier with their itinerary.
"#;

const INIT_GITIGNORE: &str =
    "# The built site\n/public\n# What a build keeps to skip work on the next one\n/.dossier-cache\n";

/// Creates a new archive in `dir`: config.toml, an example briefing and actor, a .gitignore.
/// Returns the files written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    for existing in [CONFIG_FILE, "content"] {
        if dir.join(existing).exists() {
            return Err(Error::invalid(
                Diagnostic::error(dir.join(existing), "an archive is already here")
                    .with_hint("run dossier init in a new or empty folder"),
            ));
        }
    }
    let today = chrono::Local::now().date_naive();
    let briefing = format!(
        "+++\ntitle = \"The first briefing\"\ndate = {today}\nsummary = \"One or two sentences that say what happened.\"\nactors = [\"Example\"]\ntags = [\"getting started\"]\nplaces = [\"Example City\"]\n\n[[sources]]\noutlet = \"Example Wire\"\ntitle = \"Where this comes from\"\ndate = {today}\n+++\nWrite the briefing in Markdown. The actors above are ids, names or aliases from\ncontent/actors/; each becomes a link, and this briefing appears on their pages.\n"
    );
    let gitignore = if dir.join(".gitignore").exists() {
        None
    } else {
        Some(INIT_GITIGNORE.to_string())
    };
    let files = [
        (PathBuf::from(CONFIG_FILE), Some(INIT_CONFIG.to_string())),
        (
            Path::new(BRIEFINGS_DIR).join(format!("{today}-the-first-briefing.md")),
            Some(briefing),
        ),
        (
            Path::new(ACTORS_DIR).join("jane-example.md"),
            Some(INIT_ACTOR.to_string()),
        ),
        (PathBuf::from(".gitignore"), gitignore),
    ];
    let mut written = Vec::new();
    for (path, text) in files {
        if let Some(text) = text {
            create_new(&dir.join(&path), &text)?;
            written.push(path);
        }
    }
    Ok(written)
}

/// A request for a new briefing file.
#[derive(Debug, Clone)]
pub struct BriefingRequest {
    pub root: PathBuf,
    pub title: String,
    /// YYYY-MM-DD; today when absent.
    pub date: Option<String>,
    pub actors: Vec<String>,
    pub tags: Vec<String>,
    pub places: Vec<String>,
    /// Write a bundle, `<date>-<slug>/index.md`, whose folder takes the briefing's files.
    pub bundle: bool,
}

/// Writes `content/briefings/<date>-<slug>.md`, or with `bundle` `<date>-<slug>/index.md`; actors
/// are checked against the registry and written as ids. Refuses a name that the other form
/// already takes. Returns the path written, relative to the archive.
pub fn new_briefing(request: &BriefingRequest) -> Result<PathBuf, Error> {
    require_archive(&request.root)?;
    one_line("title", &request.title)?;
    for value in request.tags.iter().chain(&request.places) {
        one_line("tag or place", value)?;
    }
    let title = request.title.trim();
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Error::Failed(format!(
            "the title '{title}' has no letters or digits to make a file name from"
        )));
    }
    let date = match &request.date {
        Some(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
            Error::Failed(format!(
                "'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2023-10-10"
            ))
        })?,
        None => chrono::Local::now().date_naive(),
    };
    let registry = authoring::registry(&request.root);
    let mut actors = Vec::new();
    let mut problems = Vec::new();
    for reference in &request.actors {
        match registry.lookup(reference) {
            Lookup::Found(ix) => {
                let id = registry.get(ix).id.clone();
                if !actors.contains(&id) {
                    actors.push(id);
                }
            }
            Lookup::Unknown(Some(close)) => problems.push(format!(
                "unknown actor '{reference}'; did you mean '{close}'?"
            )),
            Lookup::Unknown(None) => problems.push(format!(
                "unknown actor '{reference}'; add it first with: dossier new actor \"{reference}\""
            )),
            Lookup::Ambiguous(ids) => problems.push(format!(
                "'{reference}' names several actors ({}); use an id",
                ids.join(", ")
            )),
            Lookup::AlreadyReported => problems.push(format!(
                "the actor '{reference}' has errors in its file; run dossier check"
            )),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Failed(problems.join("\n")));
    }
    let trimmed = |items: &[String]| items.iter().map(|i| i.trim().to_string()).collect();
    let briefing = BriefingFile {
        title: title.to_string(),
        date,
        summary: String::new(),
        actors,
        tags: trimmed(&request.tags),
        places: trimmed(&request.places),
        sources: Vec::new(),
        body: "\n".into(),
        language: None,
    };
    let file = Path::new(BRIEFINGS_DIR).join(format!("{date}-{slug}.md"));
    let bundle = bundle_index(&file);
    let (path, other) = if request.bundle {
        (bundle, file)
    } else {
        (file, bundle)
    };
    if request.root.join(&other).exists() {
        return Err(Error::Failed(format!(
            "{} exists already and would have the same slug; dossier never overwrites a file",
            other.display()
        )));
    }
    let text = briefing.render_checked(&path).map_err(Error::invalid)?;
    create_new(&request.root.join(&path), &text)?;
    Ok(path)
}

/// A request for a new actor file.
#[derive(Debug, Clone)]
pub struct ActorRequest {
    pub root: PathBuf,
    pub name: String,
    pub envoy: bool,
    pub country: Option<String>,
    pub role: Option<String>,
    pub kind: ActorKind,
    pub aliases: Vec<String>,
}

/// Writes `content/actors/<id>.md`, refusing a name or alias another actor already has. Returns
/// the path written, relative to the archive.
pub fn new_actor(request: &ActorRequest) -> Result<PathBuf, Error> {
    require_archive(&request.root)?;
    let values = [
        Some(&request.name),
        request.country.as_ref(),
        request.role.as_ref(),
    ];
    for value in values.into_iter().flatten().chain(&request.aliases) {
        one_line("name, alias, country or role", value)?;
    }
    let name = request.name.trim();
    let id = slugify(name);
    if id.is_empty() {
        return Err(Error::Failed(format!(
            "the name '{name}' has no letters or digits to make an id from"
        )));
    }
    let registry = authoring::registry(&request.root);
    for claimed in std::iter::once(name).chain(request.aliases.iter().map(String::as_str)) {
        if let Lookup::Found(ix) = registry.lookup(claimed) {
            return Err(Error::Failed(format!(
                "'{claimed}' already names actor '{}' ({})",
                registry.get(ix).id,
                registry.get(ix).path.display()
            )));
        }
    }
    let kind = request.kind.name();
    let mut text = format!(
        "+++\nname = {}\naliases = {}\nkind = \"{kind}\"\n",
        toml_string(name),
        toml_list(
            &request
                .aliases
                .iter()
                .map(|a| a.trim().to_string())
                .collect::<Vec<_>>()
        )
    );
    text.push_str(&format!(
        "country = {}\n",
        toml_string(request.country.as_deref().unwrap_or(""))
    ));
    text.push_str(&format!(
        "role = {}\n",
        toml_string(request.role.as_deref().unwrap_or(""))
    ));
    text.push_str(&format!("envoy = {}\n+++\n\n", request.envoy));
    let path = Path::new(ACTORS_DIR).join(format!("{id}.md"));
    create_new(&request.root.join(&path), &text)?;
    Ok(path)
}

/// Refuses a value that a front matter line cannot hold as it was given: a line break or
/// another control character in it.
fn one_line(what: &str, value: &str) -> Result<(), Error> {
    match value.chars().find(|c| c.is_control()) {
        Some(c) => Err(Error::Failed(format!(
            "the {what} {value:?} holds {}; write it on one line",
            if matches!(c, '\n' | '\r') {
                "a line break".to_string()
            } else {
                format!("the control character U+{:04X}", c as u32)
            }
        ))),
        None => Ok(()),
    }
}

/// Creates a file that must not exist yet, with its folders.
fn create_new(path: &Path, text: &str) -> Result<(), Error> {
    authoring::create_new(path, text).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Failed(format!(
                "{} exists already; dossier never overwrites a file",
                path.display()
            ))
        } else {
            Error::output("create", path, e)
        }
    })
}
