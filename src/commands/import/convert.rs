//! One article made into a briefing: read as text, taken apart, dated, titled, summarized and
//! linked to the registered actors it names, with the people it names that are no actors.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use chrono::NaiveDate;

use super::briefing;
use super::inputs::Input;
use super::text::{self, Article, Stated};
use super::{dates, names, sentences};
use crate::commands::authoring::{self, BriefingFile, SourceEntry};
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
}

impl Known {
    /// Reads the actors and briefings of the archive at `root`.
    pub(super) fn read(root: &Path) -> Result<Known, Error> {
        authoring::require_archive(root)?;
        let (sources, _) = load::load(root);
        let registry = authoring::registry_of(&sources.actors);
        let finder = MentionFinder::for_actors(&registry.actors);
        let slugs = sources
            .briefings
            .iter()
            .map(|source| {
                let explicit = parse::parse_briefing(source)
                    .ok()
                    .and_then(|p| p.record.slug.map(|s| s.get_ref().clone()));
                explicit.unwrap_or_else(|| {
                    let stem = source.path.file_stem().and_then(|s| s.to_str());
                    slugify(stem.unwrap_or_default())
                })
            })
            .collect();
        Ok(Known {
            registry,
            finder,
            slugs,
        })
    }
}

/// An article made into a briefing, with what was noticed on the way.
pub(super) struct Converted {
    pub briefing: BriefingFile,
    /// Names that look like people but are no actors.
    pub suggestions: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

/// Reads one article and makes the briefing it becomes.
pub(super) fn convert(input: &Input, known: &Known) -> Result<Converted, Diagnostic> {
    let path = &input.path;
    let text = read_text(path)?;
    let article = text::read(&text);
    let (date, warnings) = date_of(&article, &text, path)?;
    if article.paragraphs.is_empty() {
        return Err(Diagnostic::error(path, "the text has no body to import")
            .with_hint("an article needs at least one paragraph besides its headline and date"));
    }
    let body = article.body_text();
    let title = match &article.headline {
        Some(headline) => headline.clone(),
        None => sentences::title_from(sentences::sentences(&body).first().unwrap_or(&"")),
    };
    let (actors, suggestions) = actors_in(&article, &title, &body, known);
    let file_name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut summary = sentences::summary_of(&body);
    if input.markdown {
        summary.retain(|c| !matches!(c, '*' | '`' | '#'));
    }
    let briefing = BriefingFile {
        sources: vec![SourceEntry {
            outlet: article.outlet.clone(),
            author: article.author.clone(),
            title: article.headline.clone().unwrap_or(file_name),
            date,
        }],
        tags: Vec::new(),
        places: Vec::new(),
        body: briefing::markdown_body(&article.paragraphs, !input.markdown),
        title,
        date,
        summary,
        actors,
    };
    Ok(Converted {
        briefing,
        suggestions,
        warnings,
    })
}

/// The file's text, as UTF-8 with LF line endings.
fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = fs::read(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read the file: {e}")))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Diagnostic::error(path, "the file is empty"));
    }
    let text = load::decode(bytes).map_err(|d| Diagnostic {
        path: path.to_path_buf(),
        ..d
    })?;
    if text.starts_with("+++") {
        return Err(
            Diagnostic::error(path, "the file has front matter: it is a briefing already")
                .at(Location::of_line(&text, 1))
                .with_hint("copy it into content/briefings/ instead of importing it"),
        );
    }
    Ok(text)
}

/// The article's date: the ` date` first line's, or else the first dateline's or byline's.
/// Other dates that disagree with it are warnings.
fn date_of(
    article: &Article,
    text: &str,
    path: &Path,
) -> Result<(NaiveDate, Vec<Diagnostic>), Diagnostic> {
    let chosen = article
        .dates
        .iter()
        .find(|d| d.how == Stated::DateLine)
        .or_else(|| article.dates.first())
        .ok_or_else(|| {
            Diagnostic::error(path, "no date found in the text").with_hint(
                "add a first line such as ` date 2023-10-11`, or a dateline such as `October 11, 2023`",
            )
        })?;
    let location = |d: &text::StatedDate| Location::of_range(text, d.found.range.clone());
    let date = match &chosen.found.date {
        Ok(date) => *date,
        Err(written) => {
            let (message, hint) = if dates::find_dates(written).is_empty() {
                (
                    format!("cannot read '{written}' as a date"),
                    "write the date line as ` date YYYY-MM-DD`, e.g. ` date 2023-10-11`",
                )
            } else {
                (
                    format!("'{written}' is not a calendar date"),
                    "correct the date in the text; dossier does not guess dates",
                )
            };
            return Err(Diagnostic::error(path, message)
                .at(location(chosen))
                .with_hint(hint));
        }
    };
    let warnings = article
        .dates
        .iter()
        .filter(|other| other.found.date.as_ref().ok() != Some(&date))
        .map(|other| {
            let what = match &other.found.date {
                Ok(other) => format!("the text also gives the date {other}"),
                Err(written) => format!("'{written}' is not a calendar date"),
            };
            Diagnostic::warning(path, format!("{what}; the briefing is dated {date}"))
                .at(location(other))
        })
        .collect();
    Ok((date, warnings))
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
