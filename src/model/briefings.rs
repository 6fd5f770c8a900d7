//! Briefings resolved from their raw records: dates made calendar dates, actor references
//! turned into registry entries, tags merged by slug, and slugs checked for uniqueness.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::actors::{ActorIx, Lookup, Registry};
use super::attachments::{plain_name, Archived, Attachment};
use super::ids::{fold_spaces, is_slug, lookup_key, non_empty, slug_problem, slugify};
use crate::error::{Diagnostic, Location};
use crate::load::{self, SourceFile, UnreadBody};
use crate::parse::{Parsed, RawBriefing, RawSource};

/// A briefing's Markdown body: the end of its source file's text, shared with the source rather
/// than copied, so an archive does not hold its bodies twice while it is being read; or, where
/// an earlier build read the file unchanged, left on disk until its text is wanted.
#[derive(Debug, Clone, Default)]
pub struct Body {
    text: Arc<str>,
    start: usize,
    unread: Option<Arc<UnreadBody>>,
}

impl Body {
    /// The body of `source` that `body` (a slice at the end of its text) is.
    pub(crate) fn of(source: &SourceFile, body: &str) -> Body {
        debug_assert!(source.text.ends_with(body));
        Body {
            text: Arc::clone(&source.text),
            start: source.text.len() - body.len(),
            unread: source.unread.clone(),
        }
    }

    /// The digest of the body's text.
    pub(crate) fn digest(&self) -> u64 {
        match &self.unread {
            Some(unread) => unread.digest,
            None => load::digest(&self.text[self.start..]),
        }
    }

    /// The body as one left in `file` (the absolute path of its source), to be read from there
    /// again if it is wanted, its text let go.
    pub(crate) fn left_on_disk(&self, file: PathBuf) -> Body {
        match &self.unread {
            Some(_) => self.clone(),
            None => Body {
                text: Arc::from(""),
                start: 0,
                unread: Some(Arc::new(UnreadBody::new(file, self.start, self.digest()))),
            },
        }
    }

    /// The body's text, read from the file of `path` if it was left there.
    pub(crate) fn text(&self, path: &Path) -> Result<Cow<'_, str>, Diagnostic> {
        match &self.unread {
            Some(unread) => unread.read(path).map(Cow::Owned),
            None => Ok(Cow::Borrowed(&self.text[self.start..])),
        }
    }
}

/// A briefing ready to be placed in the archive. Tags are still names here; the archive
/// merges them by slug.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Briefing {
    pub slug: String,
    pub title: String,
    pub date: NaiveDate,
    pub summary: Option<String>,
    /// The actors named, in the order the front matter names them, each once.
    pub actors: Vec<ActorIx>,
    /// The tags as written, each slug once; `tag_slugs` holds their slugs in the same order.
    pub tags: Vec<String>,
    pub tag_slugs: Vec<String>,
    pub places: Vec<String>,
    pub sources: Vec<Source>,
    pub draft: bool,
    /// The body, as Markdown (empty in a build once it is rendered; see
    /// [`crate::markdown::render_archive`]).
    #[serde(skip)]
    pub body: Body,
    pub path: PathBuf,
    /// Where an explicit `slug = ...` stands, for messages about it.
    pub slug_location: Option<Location>,
    /// The line of the file on which the body starts.
    pub body_line: usize,
    /// The files of its bundle, by name (none for a briefing that is a single file).
    #[serde(skip)]
    pub attachments: Vec<Attachment>,
    /// The language of its text, where the front matter names one (else the archive's).
    pub language: Option<String>,
    /// The briefing it translates, by slug, and where the front matter says so.
    pub translation_of: Option<(String, Location)>,
    /// Where `language` stands.
    pub language_location: Option<Location>,
    /// The languages its event is written in, for a briefing of a language's pages (see
    /// [`super::languages`]); empty elsewhere.
    pub versions: Vec<String>,
}

impl Briefing {
    /// The attachment of this name.
    pub fn attachment(&self, name: &str) -> Option<&Attachment> {
        self.attachments.iter().find(|a| a.name() == name)
    }
}

/// Where a briefing's information comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Source {
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub title: Option<String>,
    /// The address, kept only when it is one a reader may follow (http, https, mailto).
    pub url: Option<String>,
    /// An address of another kind (`javascript:`, a bare word), shown as text and never linked.
    pub unlinked_address: Option<String>,
    pub date: Option<NaiveDate>,
    /// The local copy of the source kept in the briefing's bundle.
    pub archived: Option<Archived>,
}

/// Resolves one briefing against the registry; every problem found is reported, and a
/// briefing with problems is left out.
pub(crate) fn resolve(
    file: &Parsed<'_, RawBriefing>,
    registry: &Registry,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Briefing> {
    let raw = &file.record;
    let before = diagnostics.len();

    let title = fold_spaces(raw.title.get_ref());
    if title.is_empty() {
        diagnostics.push(
            file.error_at(raw.title.span(), "the title is empty")
                .with_hint("give the briefing a headline"),
        );
    }
    let translation = raw.translation_of.as_ref();
    let date = match (&raw.date, translation) {
        (Some(date), _) => file.calendar_date(date, diagnostics),
        // A translation takes its original's date, set when the two are paired.
        (None, Some(_)) => Some(NaiveDate::MIN),
        (None, None) => {
            diagnostics.push(
                file.error_at(raw.title.span(), "the briefing has no date")
                    .with_hint("add date = YYYY-MM-DD to the front matter (only a translation, with translation_of, takes its original's)"),
            );
            None
        }
    };
    if let Some(of) = translation {
        let given = [
            ("date", raw.date.as_ref().map(|d| d.span())),
            ("actors", raw.actors.first().map(|a| a.span())),
            ("tags", raw.tags.first().map(|t| t.span())),
            ("places", raw.places.first().map(|p| p.span())),
        ];
        for (key, span) in given {
            if let Some(span) = span {
                diagnostics.push(
                    file.error_at(
                        span,
                        format!(
                            "a translation takes its {key} from its original, '{}'",
                            of.get_ref()
                        ),
                    )
                    .with_hint(format!(
                        "remove `{key}` here; change it in the original if it is wrong"
                    )),
                );
            }
        }
        if !is_slug(of.get_ref()) {
            diagnostics.push(
                file.error_at(of.span(), format!("'{}' is not a briefing's slug", of.get_ref()))
                    .with_hint("name the original by its slug: its file name without .md, or its slug = \"...\""),
            );
        }
    }
    let slug = briefing_slug(file, diagnostics);
    let actors = resolve_actors(file, registry, diagnostics);
    let (tags, tag_slugs) = resolve_tags(file, diagnostics);
    let places = raw
        .places
        .iter()
        .filter_map(|p| non_empty(Some(p.get_ref())))
        .fold((Vec::new(), HashSet::new()), |(mut places, mut seen), p| {
            if seen.insert(p.clone()) {
                places.push(p);
            }
            (places, seen)
        })
        .0;
    let sources = raw
        .sources
        .iter()
        .filter_map(|s| resolve_source(file, s, diagnostics))
        .collect();

    if diagnostics.len() > before {
        return None;
    }
    Some(Briefing {
        slug: slug?,
        title,
        date: date?,
        summary: non_empty(raw.summary.as_deref()),
        actors,
        tags,
        tag_slugs,
        places,
        sources,
        draft: raw.draft,
        body: Body::of(file.source, file.body),
        path: file.source.path.clone(),
        slug_location: raw.slug.as_ref().map(|s| file.locate(s.span())),
        body_line: file.body_line(),
        attachments: Vec::new(),
        language: raw.language.as_ref().map(|l| l.get_ref().clone()),
        translation_of: translation.map(|of| (of.get_ref().clone(), file.locate(of.span()))),
        language_location: raw.language.as_ref().map(|l| file.locate(l.span())),
        versions: Vec::new(),
    })
}

fn briefing_slug(
    file: &Parsed<'_, RawBriefing>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    match &file.record.slug {
        Some(slug) => {
            let text = slug.get_ref();
            if let (true, Some(problem)) = (is_slug(text), slug_problem(text)) {
                diagnostics.push(
                    file.error_at(slug.span(), format!("the slug is too long: {problem}"))
                        .with_hint("choose a shorter slug"),
                );
                None
            } else if is_slug(text) {
                Some(text.clone())
            } else {
                let suggestion = slugify(text);
                let mut d = file.error_at(slug.span(), format!("'{text}' is not a valid slug"));
                d = d.with_hint(if suggestion.is_empty() {
                    "a slug is made of lowercase letters, digits and hyphens".to_string()
                } else {
                    format!("a slug is made of lowercase letters, digits and hyphens: slug = \"{suggestion}\"")
                });
                diagnostics.push(d);
                None
            }
        }
        None => {
            let stem = load::entry_name(&file.source.path);
            let slug = slugify(stem);
            if let Some(problem) = slug_problem(&slug) {
                diagnostics.push(
                    Diagnostic::error(
                        &file.source.path,
                        format!("the file name is too long for a slug: {problem}"),
                    )
                    .with_hint(
                        "rename the file, or set a shorter slug = \"...\" in the front matter",
                    ),
                );
                return None;
            }
            if slug.is_empty() {
                diagnostics.push(
                    Diagnostic::error(&file.source.path, format!("the file name '{stem}' gives an empty slug"))
                        .with_hint("rename the file with letters or digits, or set slug = \"...\" in the front matter"),
                );
                return None;
            }
            Some(slug)
        }
    }
}

fn resolve_actors(
    file: &Parsed<'_, RawBriefing>,
    registry: &Registry,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ActorIx> {
    let mut actors = Vec::new();
    for reference in &file.record.actors {
        let text = reference.get_ref();
        match registry.lookup(text) {
            Lookup::Found(ix) => {
                if !actors.contains(&ix) {
                    actors.push(ix);
                }
            }
            Lookup::AlreadyReported => {}
            Lookup::Ambiguous(ids) => diagnostics.push(
                file.error_at(
                    reference.span(),
                    format!("'{text}' names several actors: {}", ids.join(", ")),
                )
                .with_hint("refer to the actor by id"),
            ),
            Lookup::Unknown(closest) => {
                let d = file.error_at(reference.span(), format!("unknown actor '{text}'"));
                diagnostics.push(match closest {
                    Some(name) => d.with_hint(format!("did you mean '{name}'?")),
                    None => d.with_hint(format!(
                        "add the actor as content/actors/{}.md, or add '{text}' to an actor's aliases",
                        slugify(text)
                    )),
                });
            }
        }
    }
    actors
}

fn resolve_tags(
    file: &Parsed<'_, RawBriefing>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<String>, Vec<String>) {
    let mut tags = Vec::new();
    let mut slugs: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for tag in &file.record.tags {
        let name = fold_spaces(tag.get_ref());
        let slug = slugify(&name);
        if slug.is_empty() {
            diagnostics.push(
                file.error_at(
                    tag.span(),
                    format!("the tag '{}' has no letters or digits", tag.get_ref()),
                )
                .with_hint("a tag needs at least one letter or digit to have a page"),
            );
        } else if let Some(problem) = slug_problem(&slug) {
            diagnostics.push(
                file.error_at(tag.span(), format!("the tag is too long: {problem}"))
                    .with_hint("shorten the tag"),
            );
        } else if seen.insert(slug.clone()) {
            slugs.push(slug);
            tags.push(name);
        }
    }
    (tags, slugs)
}

/// A briefing file's tags as the check of their spellings reads them: as written, with their
/// spaces folded.
pub(crate) fn tag_names(file: &Parsed<'_, RawBriefing>) -> Vec<String> {
    file.record
        .tags
        .iter()
        .map(|tag| fold_spaces(tag.get_ref()))
        .collect()
}

/// Whether the tags of every file (each file's [`tag_names`]) agree: whether no two make the
/// same slug without being the same name, so that [`check_tag_spellings`] finds nothing.
pub(crate) fn spellings_agree<'a>(names: impl IntoIterator<Item = &'a [String]>) -> bool {
    let distinct: HashSet<&str> = names.into_iter().flatten().map(String::as_str).collect();
    let mut keys: HashMap<String, String> = HashMap::new();
    for name in distinct {
        let slug = slugify(name);
        if slug.is_empty() {
            continue;
        }
        let key = lookup_key(name);
        match keys.get(&slug) {
            Some(other) if *other != key => return false,
            Some(_) => {}
            None => {
                keys.insert(slug, key);
            }
        }
    }
    true
}

/// Finds tags whose spellings make the same slug without being the same name ("C++" and "C",
/// "Côte" and "Cote"): they would share one page, and one name would silently stand for the
/// other. Each is an error at the later spelling, naming the first. Spellings that differ only
/// in case or spacing are one tag.
pub(crate) fn check_tag_spellings(files: &[Parsed<'_, RawBriefing>]) -> Vec<Diagnostic> {
    // For each slug, the first spelling: its lookup key, the name, and where it stands.
    let mut first: HashMap<String, (String, String, usize, Range<usize>)> = HashMap::new();
    let mut diagnostics = Vec::new();
    for (ix, file) in files.iter().enumerate() {
        for tag in &file.record.tags {
            let name = fold_spaces(tag.get_ref());
            let slug = slugify(&name);
            if slug.is_empty() {
                continue;
            }
            let key = lookup_key(&name);
            match first.get(&slug) {
                None => {
                    first.insert(slug, (key, name, ix, tag.span()));
                }
                Some((other_key, other, other_ix, other_span)) if *other_key != key => {
                    let other_file = &files[*other_ix];
                    let other_place = format!(
                        "{}:{}",
                        other_file.source.path.display(),
                        other_file.locate(other_span.clone()).line
                    );
                    diagnostics.push(
                        file.error_at(
                            tag.span(),
                            format!(
                                "the tag '{name}' would share the page tags/{slug}/ with the tag '{other}' ({other_place}), which is another name"
                            ),
                        )
                        .with_hint(
                            "tags whose letters and digits are the same share one page: spell both the same, or tell them apart in words (\"C plus plus\")",
                        ),
                    );
                }
                Some(_) => {}
            }
        }
    }
    diagnostics
}

fn resolve_source(
    file: &Parsed<'_, RawBriefing>,
    source: &Spanned<RawSource>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Source> {
    let raw = source.get_ref();
    let text = |t: &Option<String>| non_empty(t.as_deref());
    let url = non_empty(raw.url.as_ref().map(|u| u.get_ref().as_str()));
    let (outlet, author, title) = (text(&raw.outlet), text(&raw.author), text(&raw.title));
    let archived = match &raw.archived {
        None => None,
        Some(name) => {
            match plain_name(name.get_ref()) {
                Ok(plain) => Some(Archived {
                    name: plain,
                    location: file.locate(name.span()),
                }),
                Err(_) => {
                    diagnostics.push(
                    file.error_at(
                        name.span(),
                        format!(
                            "the archived copy '{}' is not a file inside the briefing's bundle",
                            name.get_ref()
                        ),
                    )
                    .with_hint("name a file of the bundle's folder, such as archived = \"statement.pdf\""),
                );
                    return None;
                }
            }
        }
    };
    if outlet.is_none() && title.is_none() && url.is_none() {
        diagnostics.push(
            file.error_at(source.span(), "a source needs an outlet, a title or a url")
                .with_hint("say where the information comes from, e.g. outlet = \"Xinhua\""),
        );
        return None;
    }
    let date = match &raw.date {
        Some(value) => Some(file.calendar_date(value, diagnostics)?),
        None => None,
    };
    Some(Source {
        outlet,
        author,
        title,
        unlinked_address: url.clone().filter(|u| !is_followable(u)),
        url: url.filter(|u| is_followable(u)),
        date,
        archived,
    })
}

/// Only web and mail addresses become links; anything else (javascript:, data:, file:, a bare
/// word) is shown as text at most.
pub(crate) fn is_followable(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
}

/// Finds briefings that share a slug and reports each pair, naming both files. The error
/// stands in the file that sets the slug explicitly, at that line, where one does.
pub(crate) fn check_unique_slugs(briefings: &[Briefing]) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &Briefing> = HashMap::new();
    let mut diagnostics = Vec::new();
    for briefing in briefings {
        let Some(first) = seen.get(briefing.slug.as_str()) else {
            seen.insert(&briefing.slug, briefing);
            continue;
        };
        let (here, other) = if briefing.slug_location.is_none() && first.slug_location.is_some() {
            (*first, briefing)
        } else {
            (briefing, *first)
        };
        let mut d = Diagnostic::error(
            &here.path,
            format!(
                "the slug '{}' is also used by {}",
                here.slug,
                other.path.display()
            ),
        );
        if let Some(location) = &here.slug_location {
            d = d.at(location.clone());
        }
        diagnostics.push(d.with_hint(
            "two briefings cannot share a page: rename one file or set slug = \"...\" in its front matter",
        ));
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_are_followed() {
        assert!(is_followable("https://example.org/a"));
        assert!(is_followable("mailto:desk@example.org"));
        assert!(!is_followable("javascript:alert(1)"));
        assert!(!is_followable("JavaScript:alert(1)"));
        assert!(!is_followable("data:text/html,x"));
        assert!(!is_followable("https://"));
        assert!(!is_followable("example.org"));
    }
}
