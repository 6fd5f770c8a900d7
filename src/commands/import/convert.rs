//! One file made into briefings: read (a text, a saved page or a JSON document), its
//! references decoded, taken apart, split into entries when it holds several, dated, titled,
//! summarized and linked to the registered actors it names, with the people it names that are
//! no actors.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use chrono::NaiveDate;

use super::briefing;
use super::dating::{self, Basis, Dating, Evidence};
use super::entries::{self, Entry};
use super::inputs::{Format, Input};
use super::page::{self, Page};
use super::text::{self, one_line, Article};
use super::{entities, names, sentences};
use crate::commands::authoring::{self, BriefingFile, SourceEntry};
use crate::config::{Config, Overrides};
use crate::error::{Diagnostic, Error, Location};
use crate::load;
use crate::markdown::mentions::MentionFinder;
use crate::model::actors::Lookup;
use crate::model::ids::slugify;
use crate::model::Registry;
use crate::parse;

/// What the archive already holds: its actors, and the slugs its briefings take.
pub(super) struct Known {
    registry: Registry,
    finder: MentionFinder,
    /// The slugs of the briefings the archive has.
    pub slugs: HashSet<String>,
    /// The languages config.toml declares, the default first.
    languages: Vec<String>,
}

impl Known {
    /// Reads the actors and briefings of the archive at `root`.
    pub(super) fn read(root: &Path) -> Result<Known, Error> {
        authoring::require_archive(root)?;
        let (sources, _) = load::load(root, &load::Known::default());
        let registry = authoring::registry_of(&sources.actors);
        let finder = MentionFinder::for_actors(&registry.actors);
        let slugs = sources
            .briefings
            .iter()
            .map(|source| {
                let explicit = parse::parse_briefing(source)
                    .ok()
                    .and_then(|p| p.record.slug.map(|s| s.get_ref().clone()));
                explicit.unwrap_or_else(|| slugify(load::entry_name(&source.path)))
            })
            .collect();
        // An archive whose config cannot be read yet still imports, in its default language.
        let languages = Config::load(root, &Overrides::default())
            .map(|config| config.languages.into_iter().map(|l| l.tag).collect())
            .unwrap_or_default();
        Ok(Known {
            registry,
            finder,
            slugs,
            languages,
        })
    }
}

/// A briefing made from a file (or from one entry of it), with what was noticed on the way.
pub(super) struct Converted {
    pub briefing: BriefingFile,
    /// How the date was chosen.
    pub dating: Dating,
    /// For a file of several entries: the entry's number (from 1) and how many there are.
    pub entry: Option<(usize, usize)>,
    /// Names that look like people but are no actors.
    pub suggestions: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

/// What was read from a file, before it is taken apart.
struct Source {
    page: Page,
    /// The text is the file's own (so lines can be pointed at), not a page's extract.
    is_file: bool,
    markdown: bool,
}

/// Reads one file and makes the briefings it becomes: one, or one per entry of a live blog.
pub(super) fn convert(
    input: &Input,
    known: &Known,
    given: Option<NaiveDate>,
) -> Result<Vec<Converted>, Box<Diagnostic>> {
    let path = &input.path;
    let source = read_source(input)?;
    let text = entities::decode_text(&source.page.text);
    let article = text::read(&text);
    let headline = source
        .page
        .meta
        .title
        .clone()
        .or_else(|| article.headline.clone());
    let evidence = Evidence {
        article: &article,
        text: &text,
        meta: &source.page.meta.dates,
        headline: headline.as_deref(),
        path,
        text_is_file: source.is_file,
        given,
    };
    let entries = entries::entries(&article, &text);
    if entries.is_empty() {
        let (dating, warnings) = dating::date_of(&evidence)?;
        if article.paragraphs.is_empty() {
            return Err(Box::new(
                Diagnostic::error(path, "the text has no body to import").with_hint(
                    "an article needs at least one paragraph besides its headline and date",
                ),
            ));
        }
        let parts = Parts {
            headline,
            paragraphs: &article.paragraphs,
            dating,
        };
        let mut converted = make(&parts, &article, &source, input, known);
        converted.warnings = warnings;
        return Ok(vec![converted]);
    }
    let file_date = if entries.iter().any(|e| e.date.is_none()) {
        Some(dating::date_of(&evidence)?.0)
    } else {
        None
    };
    let count = entries.len();
    Ok(entries
        .iter()
        .enumerate()
        .filter_map(|(ix, entry)| {
            let parts = Parts {
                headline: entry.headline.clone(),
                paragraphs: &entry.paragraphs,
                dating: entry_dating(entry, file_date.as_ref())?,
            };
            let mut converted = make(&parts, &article, &source, input, known);
            converted.entry = Some((ix + 1, count));
            Some(converted)
        })
        .collect())
}

/// What one briefing is made of.
struct Parts<'a> {
    headline: Option<String>,
    paragraphs: &'a [Vec<String>],
    dating: Dating,
}

/// The briefing of an article, or of one entry of it.
fn make(
    parts: &Parts<'_>,
    article: &Article,
    source: &Source,
    input: &Input,
    known: &Known,
) -> Converted {
    let body = text::body_text(parts.paragraphs);
    let title = match &parts.headline {
        Some(headline) => one_line(headline),
        None => sentences::title_from(sentences::sentences(&body).first().unwrap_or(&"")),
    };
    let (actors, suggestions) = actors_in(article, &title, &body, known);
    let file_name = input
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut summary = sentences::summary_of(&body);
    if source.markdown {
        summary.retain(|c| !matches!(c, '*' | '`' | '#'));
    }
    let meta = &source.page.meta;
    let date = parts.dating.date;
    let briefing = BriefingFile {
        sources: vec![SourceEntry {
            outlet: meta.outlet.clone().or_else(|| article.outlet.clone()),
            author: meta.author.clone().or_else(|| article.author.clone()),
            title: parts.headline.as_deref().map(one_line).unwrap_or(file_name),
            url: meta.url.clone(),
            date,
        }],
        tags: Vec::new(),
        places: Vec::new(),
        language: language_of(meta.language.as_deref(), &body, &known.languages),
        body: briefing::markdown_body(parts.paragraphs, !source.markdown),
        title,
        date,
        summary,
        actors,
    };
    Converted {
        briefing,
        dating: parts.dating.clone(),
        entry: None,
        suggestions,
        warnings: Vec::new(),
    }
}

/// The language an imported text is in, where it is another of the archive's than its default:
/// the one its page says (`zh-CN` for the archive's `zh`), else, for a text in Chinese, Arabic
/// or Cyrillic letters, the archive's language of that script.
fn language_of(said: Option<&str>, body: &str, declared: &[String]) -> Option<String> {
    let primary = |tag: &str| {
        tag.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let matching = |wanted: &str| -> Option<&String> {
        declared
            .iter()
            .find(|tag| tag.eq_ignore_ascii_case(wanted))
            .or_else(|| declared.iter().find(|tag| primary(tag) == primary(wanted)))
    };
    let by_script = || {
        let (mut han, mut arabic, mut cyrillic, mut letters) = (0, 0, 0, 0);
        for c in body.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            match c as u32 {
                0x4E00..=0x9FFF | 0x3400..=0x4DBF => han += 1,
                0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
                    arabic += 1
                }
                0x0400..=0x04FF => cyrillic += 1,
                _ => {}
            }
        }
        let most = |n: usize| letters > 0 && n * 2 > letters;
        [(han, "zh"), (arabic, "ar"), (cyrillic, "ru")]
            .into_iter()
            .find(|(n, _)| most(*n))
            .and_then(|(_, tag)| matching(tag))
    };
    let language = said.and_then(matching).or_else(by_script)?;
    (Some(language) != declared.first()).then(|| language.clone())
}

/// The date of an entry: its dateline's, or for an entry that gives only a time, the file's.
fn entry_dating(entry: &Entry, file: Option<&Dating>) -> Option<Dating> {
    let date = entry.date.or(file.map(|f| f.date))?;
    let (basis, others) = match (entry.date, file) {
        (None, Some(file)) => (
            Basis::EntryTime,
            vec![format!("the file's date, from {}", file.explain())],
        ),
        _ => (Basis::Dateline, Vec::new()),
    };
    Some(Dating {
        date,
        basis,
        evidence: entry.line.clone(),
        others,
    })
}

/// The file read as an article: a saved page through `page`, a JSON document holding an
/// article, or text (UTF-8 with LF line endings).
fn read_source(input: &Input) -> Result<Source, Box<Diagnostic>> {
    let path = &input.path;
    let text = read_text(path)?;
    if input.format == Format::Html {
        let page = page::read_html(&text).map_err(|reason| {
            Box::new(Diagnostic::error(path, reason).with_hint(
                "save the page as HTML with its article in it, or copy its text into a .txt file",
            ))
        })?;
        return Ok(Source {
            page,
            is_file: false,
            markdown: false,
        });
    }
    if text.trim_start().starts_with(['{', '[']) {
        if let Some(page) = page::read_json(&text) {
            return Ok(Source {
                page,
                is_file: false,
                markdown: false,
            });
        }
        if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
            return Err(Box::new(
                Diagnostic::error(path, "the file is a JSON document without an article body")
                    .with_hint("import the article's page or its text instead"),
            ));
        }
    }
    Ok(Source {
        page: Page {
            text,
            ..Page::default()
        },
        is_file: true,
        markdown: input.format == Format::Markdown,
    })
}

/// The file's text, as UTF-8 with LF line endings.
fn read_text(path: &Path) -> Result<String, Box<Diagnostic>> {
    let bytes = fs::read(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read the file: {e}")))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Box::new(Diagnostic::error(path, "the file is empty")));
    }
    let text = load::decode(bytes).map_err(|d| Diagnostic {
        path: path.to_path_buf(),
        ..d
    })?;
    if text.starts_with("+++") {
        return Err(Box::new(
            Diagnostic::error(path, "the file has front matter: it is a briefing already")
                .at(Location::of_line(&text, 1))
                .with_hint("copy it into content/briefings/ instead of importing it"),
        ));
    }
    Ok(text)
}

/// The ids of the actors the title and body name, in order of first mention, and the
/// person-like names of the body that are no actors.
fn actors_in(
    article: &Article,
    title: &str,
    body: &str,
    known: &Known,
) -> (Vec<String>, Vec<String>) {
    let in_body = known.finder.find(body);
    let mut actors = Vec::new();
    for mention in known.finder.find(title).iter().chain(&in_body) {
        let id = &known.registry.actors[mention.actor].id;
        if !actors.contains(id) {
            actors.push(id.clone());
        }
    }
    let ranges: Vec<_> = in_body.into_iter().map(|m| m.range).collect();
    let suggestions = names::person_names(body, &ranges)
        .into_iter()
        .filter(|name| !matches!(known.registry.lookup(name), Lookup::Found(_)))
        .filter(|name| article.author.as_deref() != Some(name))
        .collect();
    (actors, suggestions)
}
